import { PageTitle } from '../components/feedback';
import { useI18n } from '../i18n';
import { hrefOf } from '../router';

export function NotFoundScreen() {
  const { t } = useI18n();
  return (
    <>
      <PageTitle>{t('errors.notFound')}</PageTitle>
      <p>
        <a href={hrefOf({ name: 'campaigns' })}>{t('errors.back')}</a>
      </p>
    </>
  );
}
