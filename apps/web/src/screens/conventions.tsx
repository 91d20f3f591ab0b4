import { PageTitle } from '../components/feedback';
import { useI18n } from '../i18n';
import { PagedList } from '../paged-list';
import { hrefOf } from '../router';
import type { Convention } from '../types';

export function ConventionsScreen() {
  const { t, formatDate } = useI18n();
  return (
    <>
      <PageTitle>{t('conventions.title')}</PageTitle>
      <PagedList<Convention> path="/conventions?limit=50" empty={t('conventions.none')}>
        {(convention) => (
          <li key={convention.id} className="card">
            <h2>
              <a href={hrefOf({ name: 'convention', conventionId: convention.id })}>{convention.title}</a>
            </h2>
            {convention.reference && <p className="muted">{convention.reference}</p>}
            <p>{t('conventions.period', { from: formatDate(convention.startsOn), to: formatDate(convention.endsOn) })}</p>
          </li>
        )}
      </PagedList>
    </>
  );
}
