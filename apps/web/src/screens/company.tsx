import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { api, newIdempotencyKey, ProblemError } from '../api';
import { type ApiFailure, asFailure, Field, fieldErrors, PageTitle, ProblemAlert, Status } from '../components/feedback';
import { type MessageKey, useI18n } from '../i18n';
import { TextField } from '../components/text-field';
import { PagedItems, usePagedList } from '../paged-list';
import { hrefOf } from '../router';
import { currentSession } from '../session';
import { type Company, type Contact, SIZE_BANDS, type TimelineItem } from '../types';
import { lastCompaniesSearch } from './companies';
import { CompanyFacts, ContactSummary, formatPhone } from './company-card';

// The company's fields a manager changes here (PATCH /companies/{id}), typed as text; the API judges them.
const TEXT_FIELDS = ['name', 'tradeName', 'siret', 'nafCode', 'phone', 'email', 'website', 'address.line', 'address.postalCode', 'address.city', 'tags', 'hiringPotential'] as const;
type EditableField = (typeof TEXT_FIELDS)[number];
const COMPANY_FIELDS = [...TEXT_FIELDS, 'sizeBand', 'doNotCall'] as const;
type Draft = Record<EditableField, string> & { sizeBand: string; doNotCall: boolean };

const LABELS: Record<EditableField, MessageKey> = {
  name: 'companyPage.name',
  tradeName: 'companyPage.tradeName',
  siret: 'companies.siret',
  nafCode: 'companyPage.nafCode',
  phone: 'company.phone',
  email: 'companyPage.email',
  website: 'companyPage.website',
  'address.line': 'companyPage.addressLine',
  'address.postalCode': 'companyPage.postalCode',
  'address.city': 'companyPage.city',
  tags: 'companies.tag',
  hiringPotential: 'company.hiringPotential',
};
const HINTS: Partial<Record<EditableField, MessageKey>> = {
  siret: 'companyPage.siretHint',
  nafCode: 'companyPage.nafHint',
  phone: 'companyPage.phoneHint',
  tags: 'companies.listHint',
  hiringPotential: 'companyPage.hiringPotentialHint',
};
const INPUT_TYPES: Partial<Record<EditableField, string>> = { phone: 'tel', email: 'email', website: 'url' };

const CONTACT_FIELDS = ['firstName', 'lastName', 'jobTitle', 'phone', 'email'] as const;
type ContactField = (typeof CONTACT_FIELDS)[number];
const CONTACT_LABELS: Record<ContactField, MessageKey> = {
  firstName: 'companyPage.firstName',
  lastName: 'companyPage.lastName',
  jobTitle: 'companyPage.jobTitle',
  phone: 'companyPage.contactPhone',
  email: 'companyPage.contactEmail',
};
const CONTACT_TYPES: Partial<Record<ContactField, string>> = { phone: 'tel', email: 'email' };
const emptyContact = (): Record<ContactField, string> => ({ firstName: '', lastName: '', jobTitle: '', phone: '', email: '' });

/** The form's text for a company: an estimated hiring potential is left blank (blank asks for the estimate). */
function draftOf(company: Company): Draft {
  return {
    name: company.name,
    tradeName: company.tradeName ?? '',
    siret: company.siret ?? '',
    nafCode: company.nafCode ?? '',
    phone: company.phone ? formatPhone(company.phone) : '',
    email: company.email ?? '',
    website: company.website ?? '',
    'address.line': company.address.line ?? '',
    'address.postalCode': company.address.postalCode ?? '',
    'address.city': company.address.city ?? '',
    tags: company.tags.join(', '),
    hiringPotential: company.hiringPotential === null || company.hiringPotentialEstimated ? '' : String(company.hiringPotential),
    sizeBand: company.sizeBand ?? '',
    doNotCall: company.doNotCall,
  };
}

/** The PATCH body: only what changed, a blank clearing its field; an address sends its changed parts (the API merges them). */
function changesOf(before: Draft, after: Draft): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  const address: Record<string, string | null> = {};
  for (const field of TEXT_FIELDS) {
    if (after[field] === before[field]) continue;
    const value = after[field].trim();
    if (field.startsWith('address.')) address[field.slice('address.'.length)] = value || null;
    else if (field === 'tags') changes.tags = value.split(',').map((tag) => tag.trim()).filter(Boolean);
    // Not a number: sent as typed, so that the API says what it expects next to the field.
    else if (field === 'hiringPotential') changes.hiringPotential = value === '' ? null : /^\d+$/.test(value) ? Number(value) : value;
    else changes[field] = field === 'name' ? value : value || null;
  }
  if (Object.keys(address).length > 0) changes.address = address;
  if (after.sizeBand !== before.sizeBand) changes.sizeBand = after.sizeBand || null;
  if (after.doNotCall !== before.doNotCall) changes.doNotCall = after.doNotCall;
  return changes;
}

/** The messages of a field and of its items (`tags.2`). */
const errorsUnder = (failure: ApiFailure, field: string): string[] => fieldErrors(failure, field, true);

const inputId = (prefix: string, field: string) => `${prefix}-${field.replace('.', '-')}`;

/**
 * A company's page: its details (managers change them, If-Match on the version read), its contacts
 * (managers and volunteers add some) and what happened with it across the organisation's campaigns.
 */
export function CompanyScreen({ companyId }: { companyId: string }) {
  const { t } = useI18n();
  const [company, setCompany] = useState<Company | null>(null);
  const [failure, setFailure] = useState<ApiFailure>(null);
  const [notice, setNotice] = useState('');
  const [editing, setEditing] = useState(false);
  const editButton = useRef<HTMLButtonElement>(null);
  const contacts = usePagedList<Contact>(`/companies/${companyId}/contacts`);
  const timeline = usePagedList<TimelineItem>(`/companies/${companyId}/timeline`);
  const role = currentSession()?.role;

  const load = useCallback(async () => {
    try {
      setCompany(await api<Company>('GET', `/companies/${companyId}`));
    } catch (error) {
      setFailure(asFailure(error));
    }
  }, [companyId]);

  useEffect(() => {
    void load();
  }, [load]);

  function closeForm(message: string) {
    setEditing(false);
    setNotice(message);
    // Back where the form was opened from (rendered again once the form is gone).
    setTimeout(() => editButton.current?.focus());
  }

  return (
    <>
      <p>
        <a href={hrefOf({ name: 'companies', query: lastCompaniesSearch() })}>{t('companyPage.back')}</a>
      </p>
      <PageTitle>{company?.name ?? t('companyPage.titleLoading')}</PageTitle>
      <Status message={notice} />
      <ProblemAlert failure={failure} />
      {company && (
        <div className="company-layout">
          <section className="card" aria-labelledby="company-details">
            <div className="title-row">
              <h2 id="company-details">{t('companyPage.identity')}</h2>
              {role === 'manager' && !editing && (
                <button ref={editButton} type="button" onClick={() => { setNotice(''); setEditing(true); }}>
                  {t('companyPage.edit')}
                </button>
              )}
            </div>
            {editing ? (
              <CompanyForm
                company={company}
                onSaved={(saved) => {
                  setCompany(saved);
                  closeForm(t('companyPage.saved'));
                }}
                onUnchanged={() => closeForm(t('companyPage.unchanged'))}
                onStale={load}
                onCancel={() => closeForm('')}
              />
            ) : (
              <>
                {company.tradeName && company.tradeName !== company.name && <p className="muted">{company.tradeName}</p>}
                <CompanyFacts company={company}>
                  <dt>{t('companyPage.calls')}</dt>
                  <dd>{company.doNotCall ? <span className="badge">{t('companies.doNotCallBadge')}</span> : t('companyPage.callable')}</dd>
                </CompanyFacts>
              </>
            )}
          </section>
          <section className="card" aria-labelledby="contacts-title">
            <h2 id="contacts-title">{t('contacts.title')}</h2>
            <PagedItems list={contacts} empty={t('contacts.none')} className="plain-list contacts">
              {(contact) => (
                <li key={contact.id}>
                  <ContactSummary contact={contact} />
                </li>
              )}
            </PagedItems>
            {(role === 'manager' || role === 'volunteer') && (
              <ContactForm
                companyId={companyId}
                onAdded={(contact) => {
                  setNotice(t('companyPage.contactAdded', { name: [contact.firstName, contact.lastName].filter(Boolean).join(' ') }));
                  contacts.reload();
                }}
              />
            )}
          </section>
          <section className="card company-timeline" aria-labelledby="timeline-title">
            <h2 id="timeline-title">{t('companyPage.timeline')}</h2>
            <PagedItems list={timeline} empty={t('companyPage.timelineNone')} className="plain-list timeline">
              {(item) => <TimelineEntry key={item.id} item={item} contacts={contacts.items ?? []} />}
            </PagedItems>
          </section>
        </div>
      )}
    </>
  );
}

/** A manager changes the company's details; a 412 (someone changed them meanwhile) reloads them. */
function CompanyForm({ company, onSaved, onUnchanged, onStale, onCancel }: { company: Company; onSaved: (company: Company) => void; onUnchanged: () => void; onStale: () => Promise<void>; onCancel: () => void }) {
  const { t } = useI18n();
  const initial = draftOf(company);
  const [draft, setDraft] = useState<Draft>(initial);
  const [failure, setFailure] = useState<ApiFailure>(null);
  const [saving, setSaving] = useState(false);
  const firstField = useRef<HTMLInputElement>(null);

  useEffect(() => firstField.current?.focus(), []);
  // Another version came (after a 412): the form starts again from it.
  useEffect(() => setDraft(draftOf(company)), [company]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const changes = changesOf(initial, draft);
    if (Object.keys(changes).length === 0) return onUnchanged();
    setSaving(true);
    setFailure(null);
    try {
      onSaved(await api<Company>('PATCH', `/companies/${company.id}`, { body: changes, headers: { 'if-match': `"${company.version}"` } }));
    } catch (error) {
      setFailure(asFailure(error));
      if (error instanceof ProblemError && error.problem.status === 412) await onStale();
    } finally {
      setSaving(false);
    }
  }

  const stale = failure instanceof ProblemError && failure.problem.status === 412;
  const text = (field: EditableField) => (
    <TextField
      key={field}
      id={inputId('company', field)}
      label={t(LABELS[field])}
      hint={HINTS[field] && t(HINTS[field])}
      errors={errorsUnder(failure, field)}
      type={INPUT_TYPES[field]}
      inputMode={field === 'hiringPotential' || field === 'siret' ? 'numeric' : undefined}
      inputRef={field === 'name' ? firstField : undefined}
      autoComplete="off"
      required={false}
      value={draft[field]}
      onChange={(value) => setDraft((previous) => ({ ...previous, [field]: value }))}
    />
  );
  const doNotCallErrors = fieldErrors(failure, 'doNotCall');

  return (
    <form onSubmit={(event) => void submit(event)} noValidate aria-labelledby="company-details">
      <ProblemAlert failure={failure} fields={COMPANY_FIELDS} />
      {stale && <p className="alert alert-warning">{t('companyPage.stale')}</p>}
      <div className="form-grid">
        {TEXT_FIELDS.filter((field) => field !== 'hiringPotential' && field !== 'tags').map(text)}
        <Field id="company-size-band" label={t('company.size')} errors={fieldErrors(failure, 'sizeBand')}>
          {(describedBy, invalid) => (
            <select id="company-size-band" value={draft.sizeBand} onChange={(event) => setDraft((previous) => ({ ...previous, sizeBand: event.target.value }))} aria-describedby={describedBy} aria-invalid={invalid || undefined}>
              <option value="">{t('company.unknown')}</option>
              {SIZE_BANDS.map((band) => (
                <option key={band} value={band}>
                  {t(`size.${band}` as MessageKey)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {text('tags')}
        {text('hiringPotential')}
      </div>
      <div className={doNotCallErrors.length > 0 ? 'field field-invalid' : 'field'}>
        <label className="checkbox">
          <input type="checkbox" checked={draft.doNotCall} onChange={(event) => setDraft((previous) => ({ ...previous, doNotCall: event.target.checked }))} aria-describedby={doNotCallErrors.length > 0 ? 'company-do-not-call-error' : undefined} />
          {t('companyPage.doNotCall')}
        </label>
        {doNotCallErrors.length > 0 && (
          <p id="company-do-not-call-error" className="field-error">
            {doNotCallErrors.join(' ')}
          </p>
        )}
      </div>
      <div className="form-actions">
        <button type="submit" className="button-primary" disabled={saving}>
          {t('companyPage.save')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('companyPage.cancel')}
        </button>
      </div>
    </form>
  );
}

/** Managers and volunteers add a person at the company; the API's field messages show next to the fields. */
function ContactForm({ companyId, onAdded }: { companyId: string; onAdded: (contact: Contact) => void }) {
  const { t } = useI18n();
  const [draft, setDraft] = useState(emptyContact);
  const [failure, setFailure] = useState<ApiFailure>(null);
  const [saving, setSaving] = useState(false);
  // One key per contact: a double submit or a retry after a network error adds one person.
  const [idempotencyKey, setIdempotencyKey] = useState(newIdempotencyKey);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaving(true);
    setFailure(null);
    try {
      const body = Object.fromEntries(CONTACT_FIELDS.map((field) => [field, field === 'lastName' ? draft[field].trim() : draft[field].trim() || null]));
      const contact = await api<Contact>('POST', `/companies/${companyId}/contacts`, { body, headers: { 'idempotency-key': idempotencyKey } });
      setDraft(emptyContact());
      setIdempotencyKey(newIdempotencyKey());
      onAdded(contact);
    } catch (error) {
      setFailure(asFailure(error));
    } finally {
      setSaving(false);
    }
  }

  return (
    <form className="contact-form" onSubmit={(event) => void submit(event)} noValidate aria-labelledby="contact-form-title">
      <h3 id="contact-form-title">{t('companyPage.addContact')}</h3>
      <ProblemAlert failure={failure} fields={CONTACT_FIELDS} />
      <div className="form-grid">
        {CONTACT_FIELDS.map((field) => (
          <TextField
            key={field}
            id={inputId('contact', field)}
            label={t(CONTACT_LABELS[field])}
            errors={fieldErrors(failure, field)}
            type={CONTACT_TYPES[field]}
            autoComplete="off"
            required={false}
            value={draft[field]}
            onChange={(value) => setDraft((previous) => ({ ...previous, [field]: value }))}
          />
        ))}
      </div>
      <div className="form-actions">
        <button type="submit" className="button-primary" disabled={saving}>
          {t('companyPage.saveContact')}
        </button>
      </div>
    </form>
  );
}

/** One call (its caller, outcome, notes, the callback or meeting it booked) or one offer it found. */
function TimelineEntry({ item, contacts }: { item: TimelineItem; contacts: Contact[] }) {
  const { t, formatDateTime } = useI18n();
  const { call, offer } = item;
  const contact = call?.contactId ? contacts.find((each) => each.id === call.contactId) : undefined;
  return (
    <li>
      <p className="muted">{t('companyPage.when', { date: formatDateTime(item.at), campaign: item.campaignName })}</p>
      {call && (
        <>
          <p>
            <strong>{t('companyPage.callBy', { caller: call.callerName ?? t('dashboard.formerMember'), outcome: t(`outcome.${call.outcome}` as const) })}</strong>
          </p>
          {contact && <p>{t('companyPage.withContact', { name: [contact.firstName, contact.lastName].filter(Boolean).join(' ') })}</p>}
          {call.callbackAt && <p>{t('call.kind.callback', { date: formatDateTime(call.callbackAt) })}</p>}
          {call.meetingAt && <p>{t('companyPage.meetingAt', { date: formatDateTime(call.meetingAt) })}</p>}
          {call.notes && <p className="pre-wrap">{call.notes}</p>}
        </>
      )}
      {offer && (
        <>
          <p>
            <strong>{t('companyPage.offer', { title: offer.title })}</strong>
          </p>
          <p>
            {t('companyPage.offerDetails', { contract: t(`contract.${offer.contractType}` as const), positions: offer.positions, status: t(`offers.status.${offer.status}` as const) })}
          </p>
        </>
      )}
    </li>
  );
}
