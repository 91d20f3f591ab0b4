import { PageTitle } from '../components/feedback';
import { useI18n } from '../i18n';
import { PagedList } from '../paged-list';
import { hrefOf } from '../router';
import { currentSession } from '../session';
import type { Campaign } from '../types';

export function CampaignsScreen() {
  const { t, formatDate } = useI18n();
  // Volunteers call; the other roles follow the figures too.
  const role = currentSession()?.role;
  const followsFigures = role !== 'volunteer';
  // Managers see their drafts and paused campaigns too, to activate them.
  const manages = role === 'manager';
  return (
    <>
      <PageTitle>{t('campaigns.title')}</PageTitle>
      {manages && (
        <p>
          <a className="button button-primary" href={hrefOf({ name: 'campaignNew' })}>
            {t('dashboard.newCampaign')}
          </a>
        </p>
      )}
      <PagedList<Campaign> path={manages ? '/campaigns?limit=50' : '/campaigns?status=active&limit=50'} empty={t('campaigns.none')}>
        {(campaign) => (
          <li key={campaign.id} className="card">
            <h2>{campaign.name}</h2>
            {campaign.description && <p>{campaign.description}</p>}
            {campaign.status !== 'active' && <p className="muted">{t(`dashboard.status.${campaign.status}` as const)}</p>}
            {campaign.endsOn && <p className="muted">{t('campaigns.until', { date: formatDate(campaign.endsOn) })}</p>}
            {campaign.status === 'active' && (
              <a className="button button-primary" href={hrefOf({ name: 'call', campaignId: campaign.id })}>
                {t('campaigns.call', { name: campaign.name })}
              </a>
            )}
            {followsFigures && (
              <a className="button" href={hrefOf({ name: 'dashboard', campaignId: campaign.id })} aria-label={t('dashboard.openLabel', { name: campaign.name })}>
                {t('dashboard.open')}
              </a>
            )}
          </li>
        )}
      </PagedList>
    </>
  );
}
