import type { Ref } from 'react';
import { type MessageKey, useI18n } from '../i18n';
import type { Claim } from '../types';

/** The company on the line: how to reach it, what it does, who works there, how earlier calls went. */
export function CompanyCard({ claim, headingRef }: { claim: Claim; headingRef: Ref<HTMLHeadingElement> }) {
  const { t, formatDateTime } = useI18n();
  const { company, contacts, contactsUnavailable, lastCalls, kind, attempts, callbackAt } = claim.target;
  const unknown = <span className="muted">{t('company.unknown')}</span>;
  const address = [company.address.line, [company.address.postalCode, company.address.city].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  const sizeKey = `size.${company.sizeBand}` as MessageKey;
  return (
    <>
      <section className="card company" aria-labelledby="company-name">
        <h2 id="company-name" ref={headingRef} tabIndex={-1}>
          {company.name}
        </h2>
        <p className="muted">
          {kind === 'callback' && callbackAt ? t('call.kind.callback', { date: formatDateTime(callbackAt) }) : kind === 'retry' ? t('call.kind.retry', { attempt: attempts + 1 }) : t('call.kind.first_call')}
        </p>
        <dl className="facts">
          <dt>{t('company.phone')}</dt>
          <dd>
            {company.phone ? (
              <a className="phone" href={`tel:${company.phone}`}>
                {company.phone}
              </a>
            ) : (
              <span className="muted">{t('company.noPhone')}</span>
            )}
          </dd>
          <dt>{t('company.naf')}</dt>
          <dd>{company.nafLabel ? `${company.nafLabel} (${company.nafCode})` : unknown}</dd>
          <dt>{t('company.size')}</dt>
          <dd>{company.sizeBand ? t(sizeKey) : unknown}</dd>
          <dt>{t('company.address')}</dt>
          <dd>{address || unknown}</dd>
          <dt>{t('company.hiringPotential')}</dt>
          <dd>
            {company.hiringPotential === null ? (
              unknown
            ) : (
              <>
                <meter min={0} max={100} low={34} high={67} optimum={100} value={company.hiringPotential} aria-hidden="true" />{' '}
                {t('company.hiringPotentialValue', { value: company.hiringPotential })}
              </>
            )}
          </dd>
        </dl>
      </section>
      <section className="card" aria-labelledby="contacts-title">
        <h2 id="contacts-title">{t('contacts.title')}</h2>
        {contactsUnavailable ? (
          <p className="muted">{t('contacts.unavailable')}</p>
        ) : contacts.length === 0 ? (
          <p className="muted">{t('contacts.none')}</p>
        ) : (
          <ul className="plain-list">
            {contacts.map((contact) => (
              <li key={contact.id}>
                <strong>{[contact.firstName, contact.lastName].filter(Boolean).join(' ')}</strong>
                {contact.jobTitle && <>, {contact.jobTitle}</>}
                {contact.optedOut ? (
                  <span className="badge">{t('contacts.optedOut')}</span>
                ) : (
                  <>
                    {contact.phone && (
                      <>
                        {' · '}
                        <a className="phone" href={`tel:${contact.phone}`}>
                          {contact.phone}
                        </a>
                      </>
                    )}
                    {contact.email && (
                      <>
                        {' · '}
                        <a href={`mailto:${contact.email}`}>{contact.email}</a>
                      </>
                    )}
                  </>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="card" aria-labelledby="last-calls-title">
        <h2 id="last-calls-title">{t('lastCalls.title')}</h2>
        {lastCalls.length === 0 ? (
          <p className="muted">{t('lastCalls.none')}</p>
        ) : (
          <ul className="plain-list">
            {lastCalls.map((call) => (
              <li key={call.id}>
                {t('lastCalls.item', { date: formatDateTime(call.calledAt), outcome: t(`outcome.${call.outcome}` as const), campaign: call.campaignName })}
                {call.notes && <p className="pre-wrap muted">{call.notes}</p>}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
