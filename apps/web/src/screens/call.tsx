import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../api';
import { callBody, type CallDraft, emptyDraft, loadDraft, OFFER_OUTCOMES, saveDraft } from '../call-draft';
import { asFailure, type ApiFailure, Field, fieldErrors, PageTitle, ProblemAlert, Status } from '../components/feedback';
import { useI18n } from '../i18n';
import { CALL_OUTCOMES, type CallOutcome, type Campaign, type Claim, OFFER_CONTRACT_TYPES, type OfferContractType } from '../types';
import { CompanyCard } from './company-card';

/** The claim's last two minutes are announced: log the call or give the company back. */
const EXPIRY_WARNING_MS = 2 * 60_000;
/** The fields the form shows next to themselves; any other field message goes in the alert. */
const FORM_FIELDS = ['outcome', 'contactId', 'notes', 'callbackAt', 'meetingAt', 'offers'] as const;

type Phase = 'idle' | 'claiming' | 'claimed' | 'nothing-left' | 'released';

/** A key typed into a text field is text, not a shortcut. */
function isTextEntry(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement || target.isContentEditable) return true;
  return target instanceof HTMLInputElement && !['radio', 'checkbox', 'button', 'submit'].includes(target.type);
}

/** `datetime-local`'s value for a moment, in the browser's zone (for `min`). */
function localInputValue(date: Date): string {
  const shifted = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return shifted.toISOString().slice(0, 16);
}

function useNow(active: boolean): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}

export function CallScreen({ campaignId }: { campaignId: string }) {
  const { t, formatTime } = useI18n();
  const [campaign, setCampaign] = useState<Campaign | null>(null);
  const [claim, setClaim] = useState<Claim | null>(null);
  const [draft, setDraftState] = useState<CallDraft | null>(null);
  const [phase, setPhase] = useState<Phase>('idle');
  const [failure, setFailure] = useState<ApiFailure>(null);
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const [announcement, setAnnouncement] = useState('');
  const [saving, setSaving] = useState(false);
  const companyHeading = useRef<HTMLHeadingElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const now = useNow(phase === 'claimed');

  const setDraft = useCallback((next: CallDraft | null) => {
    setDraftState(next);
    saveDraft(next);
  }, []);
  const update = (changes: Partial<CallDraft>) => draft && setDraft({ ...draft, ...changes });

  const callNext = useCallback(async () => {
    setPhase('claiming');
    setFailure(null);
    setLocalErrors({});
    try {
      const next = await api<Claim | undefined>('POST', `/campaigns/${campaignId}/claims`);
      if (!next) {
        setClaim(null);
        setPhase('nothing-left');
        return;
      }
      setClaim(next);
      const saved = loadDraft();
      // The same company as before the session ended (or the reload): what was typed comes back.
      setDraft(saved && saved.campaignId === campaignId && saved.companyId === next.target.company.id ? saved : emptyDraft(campaignId, next.target.company.id));
      setPhase('claimed');
    } catch (error) {
      setFailure(asFailure(error));
      setPhase('idle');
    }
  }, [campaignId, setDraft]);

  useEffect(() => {
    let current = true;
    api<Campaign>('GET', `/campaigns/${campaignId}`).then(
      (loaded) => current && setCampaign(loaded),
      (error: unknown) => current && setFailure(asFailure(error)),
    );
    // Back from an expired session or a reload with a call being typed: take the claim up again.
    if (loadDraft()?.campaignId === campaignId) void callNext();
    return () => {
      current = false;
    };
  }, [campaignId, callNext]);

  // A new company on screen: the focus goes to its name, where the shortcuts work.
  useEffect(() => {
    if (phase === 'claimed') companyHeading.current?.focus();
  }, [phase, claim?.claim.id]);

  async function logCall(event?: FormEvent) {
    event?.preventDefault();
    if (!draft || !claim || saving) return;
    if (!draft.outcome) {
      setLocalErrors({ outcome: t('form.chooseOutcome') });
      return;
    }
    setSaving(true);
    setFailure(null);
    setLocalErrors({});
    try {
      await api('POST', `/campaigns/${campaignId}/calls`, { body: callBody(draft), headers: { 'idempotency-key': draft.idempotencyKey } });
      setAnnouncement(t('call.logged', { company: claim.target.company.name }));
      setDraft(null);
      // Logging shows the next company at once.
      await callNext();
    } catch (error) {
      setFailure(asFailure(error));
    } finally {
      setSaving(false);
    }
  }

  async function release() {
    if (!claim) return;
    setFailure(null);
    try {
      await api('DELETE', `/campaigns/${campaignId}/claims/${claim.claim.id}`);
      setDraft(null);
      setClaim(null);
      setPhase('released');
      setAnnouncement(t('call.released'));
    } catch (error) {
      setFailure(asFailure(error));
    }
  }

  // One key per outcome (1 to 9) wherever the focus is but in a text field; Enter logs the call,
  // but in a text area (new lines), on a button or a link (their own action) or a list.
  useEffect(() => {
    if (phase !== 'claimed') return;
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
      const target = event.target;
      if (event.key === 'Enter') {
        if (target instanceof HTMLTextAreaElement || target instanceof HTMLButtonElement || target instanceof HTMLAnchorElement || target instanceof HTMLSelectElement) return;
        if (target instanceof HTMLElement && target.closest('summary')) return;
        event.preventDefault();
        formRef.current?.requestSubmit();
        return;
      }
      const outcome = /^[1-9]$/.test(event.key) ? CALL_OUTCOMES[Number(event.key) - 1] : undefined;
      if (!outcome || isTextEntry(target)) return;
      event.preventDefault();
      setDraftState((previous) => {
        if (!previous) return previous;
        const next = withOutcome(previous, outcome);
        saveDraft(next);
        return next;
      });
      setLocalErrors({});
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, [phase]);

  const remaining = claim ? Date.parse(claim.claim.expiresAt) - now : 0;
  const errorsOf = (field: string) => [...(localErrors[field] ? [localErrors[field]!] : []), ...fieldErrors(failure, field)];

  return (
    <>
      <PageTitle>{campaign?.name ?? t('app.loading')}</PageTitle>
      <Status message={announcement} />
      <ProblemAlert failure={failure} fields={phase === 'claimed' ? FORM_FIELDS : []} />
      {phase !== 'claimed' && (
        <div className="call-start">
          {phase === 'nothing-left' && <p>{t('call.nothingLeft')}</p>}
          <button type="button" className="button-primary button-large" onClick={() => void callNext()} disabled={phase === 'claiming'}>
            {t('call.next')}
          </button>
        </div>
      )}
      {phase === 'claimed' && claim && draft && (
        <div className="call-layout">
          <div className="call-info">
            {remaining <= 0 ? (
              <p className="alert alert-warning" role="alert">
                {t('call.expired')}
              </p>
            ) : remaining <= EXPIRY_WARNING_MS ? (
              <p className="alert alert-warning" role="alert">
                {/* Whole minutes: an alert whose text changed every second would be read out every second. */}
                {t('call.expiresIn', { minutes: Math.ceil(remaining / 60_000) })}
              </p>
            ) : (
              <p className="muted">{t('call.heldUntil', { time: formatTime(claim.claim.expiresAt) })}</p>
            )}
            <CompanyCard claim={claim} headingRef={companyHeading} />
            <details className="card script" open>
              <summary>{t('call.script')}</summary>
              <p className="pre-wrap">{campaign?.script || t('call.noScript')}</p>
            </details>
          </div>
          <form ref={formRef} className="card call-form" onSubmit={(event) => void logCall(event)} noValidate aria-labelledby="call-form-title">
            <h2 id="call-form-title">{t('form.title')}</h2>
            <fieldset className={errorsOf('outcome').length ? 'outcomes field-invalid' : 'outcomes'} aria-describedby={errorsOf('outcome').length ? 'outcome-hint outcome-error' : 'outcome-hint'}>
              <legend>{t('form.outcome')}</legend>
              <p id="outcome-hint" className="hint">
                {t('form.outcomeHint')}
              </p>
              <div className="outcome-grid">
                {CALL_OUTCOMES.map((outcome, index) => (
                  <label key={outcome} className={draft.outcome === outcome ? 'outcome outcome-selected' : 'outcome'}>
                    <input type="radio" name="outcome" value={outcome} checked={draft.outcome === outcome} onChange={() => { setDraft(withOutcome(draft, outcome)); setLocalErrors({}); }} />
                    <kbd aria-hidden="true">{index + 1}</kbd>
                    <span>{t(`outcome.${outcome}` as const)}</span>
                  </label>
                ))}
              </div>
              {errorsOf('outcome').length > 0 && (
                <p id="outcome-error" className="field-error">
                  {errorsOf('outcome').join(' ')}
                </p>
              )}
            </fieldset>
            {draft.outcome === 'callback' && (
              <Field id="call-callback-at" label={t('form.callbackAt')} errors={errorsOf('callbackAt')}>
                {(describedBy, invalid) => (
                  <input id="call-callback-at" type="datetime-local" value={draft.callbackAt} min={localInputValue(new Date(now))} onChange={(event) => update({ callbackAt: event.target.value })} aria-describedby={describedBy} aria-invalid={invalid || undefined} required />
                )}
              </Field>
            )}
            {draft.outcome === 'meeting' && (
              <Field id="call-meeting-at" label={t('form.meetingAt')} errors={errorsOf('meetingAt')}>
                {(describedBy, invalid) => (
                  <input id="call-meeting-at" type="datetime-local" value={draft.meetingAt} min={localInputValue(new Date(now))} onChange={(event) => update({ meetingAt: event.target.value })} aria-describedby={describedBy} aria-invalid={invalid || undefined} required />
                )}
              </Field>
            )}
            {OFFER_OUTCOMES.includes(draft.outcome as CallOutcome) && <OffersEditor draft={draft} update={update} errorsOf={errorsOf} />}
            {claim.target.contacts.length > 0 && (
              <Field id="call-contact" label={t('form.contact')} errors={errorsOf('contactId')}>
                {(describedBy) => (
                  <select id="call-contact" value={draft.contactId} onChange={(event) => update({ contactId: event.target.value })} aria-describedby={describedBy}>
                    <option value="">{t('form.noContact')}</option>
                    {claim.target.contacts
                      .filter((contact) => !contact.optedOut)
                      .map((contact) => (
                        <option key={contact.id} value={contact.id}>
                          {[contact.firstName, contact.lastName].filter(Boolean).join(' ')}
                          {contact.jobTitle ? ` (${contact.jobTitle})` : ''}
                        </option>
                      ))}
                  </select>
                )}
              </Field>
            )}
            <Field id="call-notes" label={t('form.notes')} errors={errorsOf('notes')}>
              {(describedBy, invalid) => (
                <textarea id="call-notes" rows={3} maxLength={5000} value={draft.notes} onChange={(event) => update({ notes: event.target.value })} aria-describedby={describedBy} aria-invalid={invalid || undefined} />
              )}
            </Field>
            <div className="form-actions">
              <button type="submit" className="button-primary button-large" disabled={saving}>
                {saving ? t('form.saving') : t('form.submit')} <kbd aria-hidden="true">⏎</kbd>
              </button>
              <button type="button" onClick={() => void release()} disabled={saving}>
                {t('call.release')}
              </button>
            </div>
          </form>
        </div>
      )}
    </>
  );
}

/** Picks an outcome; `offer` starts with one offer row to fill in. */
function withOutcome(draft: CallDraft, outcome: CallOutcome): CallDraft {
  const offers = outcome === 'offer' && draft.offers.length === 0 ? [{ title: '', contractType: 'apprenticeship' as OfferContractType }] : draft.offers;
  return { ...draft, outcome, offers };
}

interface OffersEditorProps {
  draft: CallDraft;
  update: (changes: Partial<CallDraft>) => void;
  errorsOf: (field: string) => string[];
}

function OffersEditor({ draft, update, errorsOf }: OffersEditorProps) {
  const { t } = useI18n();
  const setOffer = (index: number, changes: Partial<CallDraft['offers'][number]>) =>
    update({ offers: draft.offers.map((offer, position) => (position === index ? { ...offer, ...changes } : offer)) });
  const listErrors = errorsOf('offers');
  return (
    <fieldset className={listErrors.length ? 'offers field-invalid' : 'offers'} aria-describedby={listErrors.length ? 'offers-error' : undefined}>
      <legend>{t('form.offers')}</legend>
      {draft.offers.map((offer, index) => (
        <div key={index} className="offer-row" role="group" aria-label={t('form.offerN', { n: index + 1 })}>
          <Field id={`offer-${index}-title`} label={t('form.offerTitle')} errors={errorsOf(`offers.${index}.title`)}>
            {(describedBy, invalid) => (
              <input id={`offer-${index}-title`} value={offer.title} maxLength={200} onChange={(event) => setOffer(index, { title: event.target.value })} aria-describedby={describedBy} aria-invalid={invalid || undefined} />
            )}
          </Field>
          <Field id={`offer-${index}-contract`} label={t('form.contractType')} errors={errorsOf(`offers.${index}.contractType`)}>
            {(describedBy) => (
              <select id={`offer-${index}-contract`} value={offer.contractType} onChange={(event) => setOffer(index, { contractType: event.target.value as OfferContractType })} aria-describedby={describedBy}>
                {OFFER_CONTRACT_TYPES.map((type) => (
                  <option key={type} value={type}>
                    {t(`contract.${type}` as const)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <button type="button" className="link-button" onClick={() => update({ offers: draft.offers.filter((_, position) => position !== index) })}>
            {t('form.removeOffer', { n: index + 1 })}
          </button>
        </div>
      ))}
      {listErrors.length > 0 && (
        <p id="offers-error" className="field-error">
          {listErrors.join(' ')}
        </p>
      )}
      <button type="button" onClick={() => update({ offers: [...draft.offers, { title: '', contractType: 'apprenticeship' }] })}>
        {t('form.addOffer')}
      </button>
    </fieldset>
  );
}
