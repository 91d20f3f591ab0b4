import { useState } from 'react';
import { PageTitle } from '../components/feedback';
import { useI18n } from '../i18n';
import { PagedList } from '../paged-list';
import { hrefOf } from '../router';
import type { MyCallback } from '../types';

const DUE_FILTERS = ['today', 'overdue', 'all'] as const;
type Due = (typeof DUE_FILTERS)[number];

export function CallbacksScreen() {
  const { t, formatDateTime } = useI18n();
  const [due, setDue] = useState<Due>('all');
  return (
    <>
      <PageTitle>{t('callbacks.title')}</PageTitle>
      <fieldset className="segmented">
        <legend>{t('callbacks.due')}</legend>
        {DUE_FILTERS.map((filter) => (
          <label key={filter} className={filter === due ? 'segment segment-selected' : 'segment'}>
            <input type="radio" name="due" value={filter} checked={filter === due} onChange={() => setDue(filter)} />
            {t(`callbacks.due.${filter}` as const)}
          </label>
        ))}
      </fieldset>
      <PagedList<MyCallback> path={`/me/callbacks?due=${due}&limit=50`} empty={t('callbacks.none')}>
        {(callback) => (
          <li key={`${callback.campaignId}:${callback.companyId}`} className="card">
            <h2>{callback.companyName ?? t('company.unknown')}</h2>
            <p>
              <strong>{t('callbacks.at', { date: formatDateTime(callback.callbackAt) })}</strong>
            </p>
            {callback.phone && (
              <p>
                <a className="phone" href={`tel:${callback.phone}`}>
                  {callback.phone}
                </a>
              </p>
            )}
            <p className="muted">{callback.campaignName}</p>
            <a href={hrefOf({ name: 'call', campaignId: callback.campaignId })}>
              {t('callbacks.open')}
              <span className="visually-hidden"> : {callback.campaignName}</span>
            </a>
          </li>
        )}
      </PagedList>
    </>
  );
}
