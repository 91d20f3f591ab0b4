import type { ReactNode, Ref } from 'react';
import { type MessageKey, useI18n } from '../i18n';
import type { Claim, ClaimContact, ClaimedCompany, Company } from '../types';

/** 55210055400013 → 552 100 554 00013 (SIREN by threes, then the NIC). */
export const formatSiret = (siret: string): string => siret.replace(/^(\d{3})(\d{3})(\d{3})(\d{5})$/, '$1 $2 $3 $4');

/** A French E.164 number as it is dialled in France: +33328123456 → 03 28 12 34 56; others as stored. */
export const formatPhone = (phone: string): string => {
  const french = /^\+33(\d{9})$/.exec(phone);
  return french ? `0${french[1]!}`.replace(/(\d{2})(?=\d)/g, '$1 ') : phone;
};

/** What a company does: its NAF label and code, or the code alone when the label is unknown. */
export const activityOf = (company: Pick<ClaimedCompany, 'nafCode' | 'nafLabel'>): string | null =>
  company.nafLabel ? `${company.nafLabel} (${company.nafCode})` : company.nafCode;

/** A phone number to dial at a touch, as it is dialled in France. */
export function PhoneLink({ phone }: { phone: string }) {
  return (
    <a className="phone" href={`tel:${phone}`}>
      {formatPhone(phone)}
    </a>
  );
}

/** What the call screen's claim knows of a company, or the whole registry entry (company page), whose extra facts then show. */
export type ShownCompany = ClaimedCompany & Partial<Pick<Company, 'siret' | 'email' | 'website' | 'tags' | 'hiringPotentialEstimated'>>;

/**
 * A company's facts, one way on every screen: how to reach it, what it does, where it is, how
 * likely it hires; SIRET, e-mail, website and tags when the screen has them. `children` adds rows.
 */
export function CompanyFacts({ company, children }: { company: ShownCompany; children?: ReactNode }) {
  const { t } = useI18n();
  const unknown = <span className="muted">{t('company.unknown')}</span>;
  const address = [company.address.line, [company.address.postalCode, company.address.city].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  return (
    <dl className="facts">
      <dt>{t('company.phone')}</dt>
      <dd>{company.phone ? <PhoneLink phone={company.phone} /> : <span className="muted">{t('company.noPhone')}</span>}</dd>
      {company.siret !== undefined && (
        <>
          <dt>{t('companies.siret')}</dt>
          <dd className="siret">{company.siret ? formatSiret(company.siret) : unknown}</dd>
        </>
      )}
      <dt>{t('company.naf')}</dt>
      <dd>{activityOf(company) ?? unknown}</dd>
      <dt>{t('company.size')}</dt>
      <dd>{company.sizeBand ? t(`size.${company.sizeBand}` as MessageKey) : unknown}</dd>
      <dt>{t('company.address')}</dt>
      <dd>{address || unknown}</dd>
      {company.email !== undefined && (
        <>
          <dt>{t('companyPage.email')}</dt>
          <dd>{company.email ? <a href={`mailto:${company.email}`}>{company.email}</a> : unknown}</dd>
        </>
      )}
      {company.website !== undefined && (
        <>
          <dt>{t('companyPage.website')}</dt>
          <dd>
            {company.website ? (
              <a href={/^https?:\/\//i.test(company.website) ? company.website : `https://${company.website}`} target="_blank" rel="noopener noreferrer">
                {company.website.replace(/^https?:\/\//, '')}
              </a>
            ) : (
              unknown
            )}
          </dd>
        </>
      )}
      <dt>{t('company.hiringPotential')}</dt>
      <dd>
        {company.hiringPotential === null ? (
          unknown
        ) : (
          <>
            <meter min={0} max={100} low={34} high={67} optimum={100} value={company.hiringPotential} aria-hidden="true" />{' '}
            {t('company.hiringPotentialValue', { value: company.hiringPotential })}
            {company.hiringPotentialEstimated && <span className="muted"> {t('companyPage.estimated')}</span>}
          </>
        )}
      </dd>
      {company.tags !== undefined && (
        <>
          <dt>{t('companies.tag')}</dt>
          <dd>{company.tags.length > 0 ? <span className="tags">{company.tags.map((tag) => <span key={tag} className="tag">{tag}</span>)}</span> : unknown}</dd>
        </>
      )}
      {children}
    </dl>
  );
}

/** A person at a company: an opted-out person is flagged, and their phone and e-mail are not offered. */
export function ContactSummary({ contact }: { contact: ClaimContact }) {
  const { t } = useI18n();
  return (
    <>
      <strong>{[contact.firstName, contact.lastName].filter(Boolean).join(' ')}</strong>
      {contact.jobTitle && <>, {contact.jobTitle}</>}
      {contact.optedOut ? (
        <span className="badge">{t('contacts.optedOut')}</span>
      ) : (
        <>
          {contact.phone && (
            <>
              {' · '}
              <PhoneLink phone={contact.phone} />
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
    </>
  );
}

/** The company on the line: how to reach it, what it does, who works there, how earlier calls went. */
export function CompanyCard({ claim, headingRef }: { claim: Claim; headingRef: Ref<HTMLHeadingElement> }) {
  const { t, formatDateTime } = useI18n();
  const { company, contacts, contactsUnavailable, lastCalls, kind, attempts, callbackAt } = claim.target;
  return (
    <>
      <section className="card company" aria-labelledby="company-name">
        <h2 id="company-name" ref={headingRef} tabIndex={-1}>
          {company.name}
        </h2>
        <p className="muted">
          {kind === 'callback' && callbackAt ? t('call.kind.callback', { date: formatDateTime(callbackAt) }) : kind === 'retry' ? t('call.kind.retry', { attempt: attempts + 1 }) : t('call.kind.first_call')}
        </p>
        <CompanyFacts company={company} />
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
                <ContactSummary contact={contact} />
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
