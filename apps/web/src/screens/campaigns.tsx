import { PageTitle, ProblemAlert } from '../components/feedback';
import { useI18n } from '../i18n';
import { usePagedList } from '../paged-list';
import { hrefOf } from '../router';
import type { Campaign } from '../types';

export function CampaignsScreen() {
  const { t, formatDate } = useI18n();
  const { items, failure, loading, hasMore, loadMore } = usePagedList<Campaign>('/campaigns?status=active&limit=50');
  return (
    <>
      <PageTitle>{t('campaigns.title')}</PageTitle>
      <ProblemAlert failure={failure} />
      {items === null ? (
        <p>{t('app.loading')}</p>
      ) : items.length === 0 ? (
        <p>{t('campaigns.none')}</p>
      ) : (
        <ul className="cards">
          {items.map((campaign) => (
            <li key={campaign.id} className="card">
              <h2>{campaign.name}</h2>
              {campaign.description && <p>{campaign.description}</p>}
              {campaign.endsOn && <p className="muted">{t('campaigns.until', { date: formatDate(campaign.endsOn) })}</p>}
              <a className="button button-primary" href={hrefOf({ name: 'call', campaignId: campaign.id })}>
                {t('campaigns.call', { name: campaign.name })}
              </a>
            </li>
          ))}
        </ul>
      )}
      {hasMore && (
        <button type="button" onClick={loadMore} disabled={loading}>
          {t('callbacks.more')}
        </button>
      )}
    </>
  );
}
