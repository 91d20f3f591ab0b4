import { type FormEvent, useState } from 'react';
import { api, newIdempotencyKey } from '../api';
import { type ApiFailure, asFailure, Field, fieldErrors, PageTitle, ProblemAlert } from '../components/feedback';
import { useI18n } from '../i18n';
import { hrefOf } from '../router';
import type { Campaign } from '../types';

const FIELDS = ['name', 'description', 'script', 'goal'] as const;

/** A manager creates a campaign; it starts as a draft, activated from its dashboard. */
export function CampaignNewScreen() {
  const { t } = useI18n();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [script, setScript] = useState('');
  const [goal, setGoal] = useState('');
  const [failure, setFailure] = useState<ApiFailure>(null);
  const [saving, setSaving] = useState(false);
  // One key per form: a double submit or a retry after a network error creates one campaign.
  const [idempotencyKey] = useState(newIdempotencyKey);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaving(true);
    setFailure(null);
    try {
      const body = {
        name: name.trim(),
        description: description.trim() || null,
        script: script.trim() || null,
        goal: goal === '' ? null : { companiesToContact: Number(goal) },
      };
      const created = await api<Campaign>('POST', '/campaigns', { body, headers: { 'idempotency-key': idempotencyKey } });
      location.hash = hrefOf({ name: 'dashboard', campaignId: created.id });
    } catch (error) {
      setFailure(asFailure(error));
    } finally {
      setSaving(false);
    }
  }

  const errorsOf = (field: string) => fieldErrors(failure, field);
  return (
    <>
      <PageTitle>{t('dashboard.newCampaign')}</PageTitle>
      <ProblemAlert failure={failure} fields={FIELDS} />
      <form className="card" onSubmit={(event) => void submit(event)} noValidate>
        <Field id="campaign-name" label={t('dashboard.campaignName')} errors={errorsOf('name')}>
          {(describedBy, invalid) => <input id="campaign-name" value={name} onChange={(event) => setName(event.target.value)} aria-describedby={describedBy} aria-invalid={invalid || undefined} />}
        </Field>
        <Field id="campaign-description" label={t('dashboard.campaignDescription')} errors={errorsOf('description')}>
          {(describedBy, invalid) => (
            <textarea id="campaign-description" rows={2} value={description} onChange={(event) => setDescription(event.target.value)} aria-describedby={describedBy} aria-invalid={invalid || undefined} />
          )}
        </Field>
        <Field id="campaign-script" label={t('dashboard.campaignScript')} hint={t('dashboard.campaignScriptHint')} errors={errorsOf('script')}>
          {(describedBy, invalid) => <textarea id="campaign-script" rows={4} value={script} onChange={(event) => setScript(event.target.value)} aria-describedby={describedBy} aria-invalid={invalid || undefined} />}
        </Field>
        <Field id="campaign-goal" label={t('dashboard.campaignGoal')} errors={[...errorsOf('goal'), ...errorsOf('goal.companiesToContact')]}>
          {(describedBy, invalid) => (
            <input id="campaign-goal" type="number" inputMode="numeric" value={goal} onChange={(event) => setGoal(event.target.value)} aria-describedby={describedBy} aria-invalid={invalid || undefined} />
          )}
        </Field>
        <div className="form-actions">
          <button type="submit" className="button-primary" disabled={saving}>
            {t('dashboard.createCampaign')}
          </button>
        </div>
      </form>
    </>
  );
}
