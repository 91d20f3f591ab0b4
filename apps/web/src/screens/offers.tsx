import { type FormEvent, useEffect, useState } from 'react';
import { OFFER_STATUSES, type OfferStatus } from '../../../../libs/contracts/src/campaigns/campaign-enums';
import { api } from '../api';
import { ChoiceForm } from '../components/choice-form';
import { type ApiFailure, asFailure, PageTitle, ProblemAlert, Status } from '../components/feedback';
import { useI18n } from '../i18n';
import { PagedList } from '../paged-list';
import { currentSession } from '../session';
import { type Campaign, OFFER_CONTRACT_TYPES, type OfferContractType, type Page } from '../types';

/** An item of GET /offers. */
interface Offer {
  id: string;
  companyName: string | null;
  campaignId: string;
  campaignName: string;
  title: string;
  contractType: OfferContractType;
  positions: number;
  status: OfferStatus;
  createdAt: string;
  version: number;
}

interface Filters {
  status: OfferStatus | '';
  contractType: OfferContractType | '';
  campaignId: string;
  q: string;
}

/** GET /offers with the filters set (the API combines them with AND). */
function offersPath(filters: Filters): string {
  const query = new URLSearchParams({ limit: '50' });
  for (const [name, value] of Object.entries(filters)) if (value) query.set(name, value);
  return `/offers?${query.toString()}`;
}

/** The organisation's campaigns, to filter by (the first page is plenty for a club). */
function useCampaigns(): Campaign[] {
  const [campaigns, setCampaigns] = useState<Campaign[]>([]);
  useEffect(() => {
    api<Page<Campaign>>('GET', '/campaigns?limit=200').then(
      (page) => setCampaigns(page.items),
      () => setCampaigns([]),
    );
  }, []);
  return campaigns;
}

/** The offers board: the offers the calls uncovered, by status; managers follow them up. */
export function OffersScreen() {
  const { t, formatDateTime } = useI18n();
  const manages = currentSession()?.role === 'manager';
  const campaigns = useCampaigns();
  const [filters, setFilters] = useState<Filters>({ status: '', contractType: '', campaignId: '', q: '' });
  const [text, setText] = useState('');
  const [notice, setNotice] = useState('');
  // A problem stays next to its offer across the reload that follows it.
  const [problem, setProblem] = useState<{ offerId: string; failure: ApiFailure } | null>(null);
  const [generation, setGeneration] = useState(0);
  const reload = () => setGeneration((value) => value + 1);

  async function changeStatus(offer: Offer, status: OfferStatus) {
    setProblem(null);
    setNotice('');
    try {
      await api('PATCH', `/offers/${offer.id}`, { body: { status }, headers: { 'if-match': `"${offer.version}"` } });
      setNotice(t('offers.statusChanged', { title: offer.title, status: t(`offers.status.${status}` as const) }));
      reload();
    } catch (error) {
      const failure = asFailure(error);
      setProblem({ offerId: offer.id, failure });
      // Changed meanwhile: the board is read again, the problem stays shown.
      if (failure && 'problem' in failure && failure.problem.status === 412) reload();
    }
  }

  function search(event: FormEvent) {
    event.preventDefault();
    setFilters((previous) => ({ ...previous, q: text.trim() }));
  }

  return (
    <>
      <PageTitle>{t('offers.title')}</PageTitle>
      <fieldset className="segmented">
        <legend>{t('offers.statusFilter')}</legend>
        {(['', ...OFFER_STATUSES] as const).map((status) => (
          <label key={status || 'all'} className={status === filters.status ? 'segment segment-selected' : 'segment'}>
            <input type="radio" name="offer-status" value={status} checked={status === filters.status} onChange={() => setFilters((previous) => ({ ...previous, status }))} />
            {status ? t(`offers.statusPlural.${status}` as const) : t('offers.all')}
          </label>
        ))}
      </fieldset>
      <form className="offer-filters" onSubmit={search} role="search" aria-label={t('offers.filters')}>
        <div className="field">
          <label htmlFor="offers-contract">{t('form.contractType')}</label>
          <select id="offers-contract" value={filters.contractType} onChange={(event) => setFilters((previous) => ({ ...previous, contractType: event.target.value as OfferContractType | '' }))}>
            <option value="">{t('offers.anyContract')}</option>
            {OFFER_CONTRACT_TYPES.map((type) => (
              <option key={type} value={type}>
                {t(`contract.${type}` as const)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="offers-campaign">{t('offers.campaign')}</label>
          <select id="offers-campaign" value={filters.campaignId} onChange={(event) => setFilters((previous) => ({ ...previous, campaignId: event.target.value }))}>
            <option value="">{t('offers.anyCampaign')}</option>
            {campaigns.map((campaign) => (
              <option key={campaign.id} value={campaign.id}>
                {campaign.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="offers-q">{t('offers.q')}</label>
          <input id="offers-q" type="search" value={text} maxLength={200} onChange={(event) => setText(event.target.value)} />
        </div>
        <button type="submit">{t('offers.search')}</button>
      </form>
      {notice && <Status message={notice} />}
      <PagedList<Offer> key={generation} path={offersPath(filters)} empty={t('offers.none')}>
        {(offer) => (
          <li key={`${offer.id}:${offer.version}`} className="card offer-card">
            <h2>{offer.title}</h2>
            <p>
              <strong>{offer.companyName ?? t('company.unknown')}</strong>
            </p>
            <dl className="facts">
              <dt>{t('form.contractType')}</dt>
              <dd>{t(`contract.${offer.contractType}` as const)}</dd>
              <dt>{t('offers.positions')}</dt>
              <dd>{offer.positions}</dd>
              <dt>{t('offers.foundOn')}</dt>
              <dd>{formatDateTime(offer.createdAt)}</dd>
              <dt>{t('offers.campaign')}</dt>
              <dd>{offer.campaignName}</dd>
              <dt>{t('offers.status')}</dt>
              <dd>{t(`offers.status.${offer.status}` as const)}</dd>
            </dl>
            {problem?.offerId === offer.id && <ProblemAlert failure={problem.failure} />}
            {manages && (
              <ChoiceForm
                id={`offer-${offer.id}-status`}
                label={t('offers.statusOf', { title: offer.title })}
                choices={OFFER_STATUSES}
                current={offer.status}
                labelOf={(status) => t(`offers.status.${status}` as const)}
                submit={t('offers.changeStatus')}
                subject={offer.title}
                onSubmit={(status) => changeStatus(offer, status)}
              />
            )}
          </li>
        )}
      </PagedList>
    </>
  );
}
