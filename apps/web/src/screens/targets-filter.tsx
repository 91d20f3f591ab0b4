import { type FormEvent, useState } from 'react';
import { api } from '../api';
import { type ApiFailure, asFailure, Field, fieldErrors, ProblemAlert, Status } from '../components/feedback';
import { useI18n } from '../i18n';

const FILTER_FIELDS = ['q', 'naf', 'postalCode', 'filter'] as const;

interface AddedTargets {
  added: number;
  alreadyPresent: number;
  skippedDoNotCall: number;
}

/**
 * A manager adds targets by the filters of GET /companies: first counted by the API itself (the
 * same call with `dryRun`: what would be added, what is already there, what is not to be called),
 * then added in one call. Any change to the filters asks for a new count.
 */
export function TargetsByFilter({ campaignId, onAdded }: { campaignId: string; onAdded: () => void }) {
  const { t } = useI18n();
  const [filter, setFilter] = useState({ q: '', naf: '', postalCode: '' });
  const [count, setCount] = useState<AddedTargets | null>(null);
  const [failure, setFailure] = useState<ApiFailure>(null);
  const [notice, setNotice] = useState('');
  const [busy, setBusy] = useState(false);

  // Blanks left out; lists stay comma-separated strings, which both routes read as lists.
  const given = Object.fromEntries(Object.entries(filter).filter(([, value]) => value.trim() !== '')) as Record<string, string>;

  async function countMatching(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setFailure(null);
    setNotice('');
    try {
      setCount(await api<AddedTargets>('POST', `/campaigns/${campaignId}/targets`, { body: { filter: given, dryRun: true } }));
    } catch (error) {
      setFailure(asFailure(error));
    } finally {
      setBusy(false);
    }
  }

  async function add() {
    setBusy(true);
    setFailure(null);
    try {
      const result = await api<AddedTargets>('POST', `/campaigns/${campaignId}/targets`, { body: { filter: given } });
      setNotice(t('dashboard.targetsAdded', { added: result.added, already: result.alreadyPresent, skipped: result.skippedDoNotCall }));
      setCount(null);
      onAdded();
    } catch (error) {
      setFailure(asFailure(error));
    } finally {
      setBusy(false);
    }
  }

  const errorsOf = (field: string) => [...fieldErrors(failure, field), ...fieldErrors(failure, `filter.${field}`)];
  const change = (field: keyof typeof filter) => (value: string) => {
    setFilter((previous) => ({ ...previous, [field]: value }));
    setCount(null);
  };

  return (
    <section className="card" aria-labelledby="targets-title">
      <h2 id="targets-title">{t('dashboard.addTargets')}</h2>
      <ProblemAlert failure={failure} fields={FILTER_FIELDS} />
      {notice && <Status message={notice} />}
      <form onSubmit={(event) => void countMatching(event)} noValidate>
        <Field id="targets-q" label={t('dashboard.filterName')} errors={errorsOf('q')}>
          {(describedBy, invalid) => <input id="targets-q" value={filter.q} onChange={(event) => change('q')(event.target.value)} aria-describedby={describedBy} aria-invalid={invalid || undefined} />}
        </Field>
        <Field id="targets-naf" label={t('dashboard.filterNaf')} hint={t('dashboard.filterNafHint')} errors={errorsOf('naf')}>
          {(describedBy, invalid) => <input id="targets-naf" value={filter.naf} onChange={(event) => change('naf')(event.target.value)} aria-describedby={describedBy} aria-invalid={invalid || undefined} />}
        </Field>
        <Field id="targets-postal-code" label={t('dashboard.filterPostalCode')} hint={t('dashboard.filterPostalCodeHint')} errors={errorsOf('postalCode')}>
          {(describedBy, invalid) => (
            <input id="targets-postal-code" value={filter.postalCode} onChange={(event) => change('postalCode')(event.target.value)} aria-describedby={describedBy} aria-invalid={invalid || undefined} />
          )}
        </Field>
        <div className="form-actions">
          <button type="submit" disabled={busy}>
            {t('dashboard.countTargets')}
          </button>
        </div>
      </form>
      {count && (
        <div role="status" aria-live="polite">
          <p id="targets-count">
            {t('dashboard.matching', {
              count: count.added + count.alreadyPresent + count.skippedDoNotCall,
              added: count.added,
              already: count.alreadyPresent,
              skipped: count.skippedDoNotCall,
            })}
          </p>
          {count.added > 0 && (
            <button type="button" className="button-primary" onClick={() => void add()} disabled={busy}>
              {t('dashboard.addMatching')}
            </button>
          )}
        </div>
      )}
    </section>
  );
}
