import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { api } from '../api';
import { asFailure, fieldErrors, PageTitle, ProblemAlert, Status } from '../components/feedback';
import { TextField } from '../components/text-field';
import { useI18n } from '../i18n';
import type { MemberRole } from './members';
import { useAction } from '../use-action';

// The two steps of the login flow that a limited token allows (it has no refresh token and lives in
// the login screen's memory only, never in the session): choosing one's own password, and answering
// one's invitations. Each ends with a new login, done by the login screen.

const PASSWORD_FIELDS = ['newPassword'] as const;

/**
 * The password a manager set is replaced by the person's own (POST /me/password, the current one
 * being the one just typed to log in); `onChanged` then logs in again with the new one.
 */
export function PasswordChangeScreen({ token, currentPassword, onChanged, onCancel }: { token: string; currentPassword: string; onChanged: (newPassword: string) => Promise<void>; onCancel: () => void }) {
  const { t } = useI18n();
  const [newPassword, setNewPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const { busy, failure, setFailure, run } = useAction();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setFailure(null);
    setMismatch(newPassword !== confirmation);
    if (newPassword !== confirmation) return;
    await run(async () => {
      await api('POST', '/me/password', { token, body: { currentPassword, newPassword } });
      await onChanged(newPassword);
    });
  }

  return (
    <div className="narrow">
      <PageTitle>{t('account.passwordTitle')}</PageTitle>
      <p>{t('account.passwordIntro')}</p>
      <ProblemAlert failure={failure} fields={PASSWORD_FIELDS} />
      <form onSubmit={(event) => void submit(event)} noValidate>
        <TextField
          id="account-new-password"
          type="password"
          name="new-password"
          autoComplete="new-password"
          label={t('account.newPassword')}
          hint={t('account.newPasswordHint')}
          errors={fieldErrors(failure, 'newPassword')}
          value={newPassword}
          onChange={setNewPassword}
        />
        <TextField
          id="account-confirm-password"
          type="password"
          name="confirm-password"
          autoComplete="new-password"
          label={t('account.confirmPassword')}
          errors={mismatch ? [t('account.mismatch')] : []}
          value={confirmation}
          onChange={setConfirmation}
        />
        <div className="form-actions">
          <button type="submit" className="button-primary" disabled={busy}>
            {t('account.changePassword')}
          </button>
          <button type="button" onClick={onCancel}>
            {t('account.backToLogin')}
          </button>
        </div>
      </form>
    </div>
  );
}

interface Invitation {
  organization: { id: string; name: string };
  role: MemberRole;
}

/**
 * A person without an active membership: their pending invitations (GET /me/invitations), each
 * accepted or declined; `onAccepted` then logs in again into that organisation.
 */
export function InvitationsScreen({ token, onAccepted, onCancel }: { token: string; onAccepted: (organizationId: string) => Promise<void>; onCancel: () => void }) {
  const { t } = useI18n();
  const [invitations, setInvitations] = useState<Invitation[] | null>(null);
  const [notice, setNotice] = useState('');
  const { busy, failure, setFailure, run } = useAction();

  const load = useCallback(async () => {
    try {
      setInvitations(await api<Invitation[]>('GET', '/me/invitations', { token }));
    } catch (error) {
      setFailure(asFailure(error));
    }
  }, [token]);

  useEffect(() => {
    void load();
  }, [load]);

  async function answer(invitation: Invitation, choice: 'accept' | 'decline') {
    setNotice('');
    await run(async () => {
      await api('POST', `/me/invitations/${invitation.organization.id}/${choice}`, { token });
      if (choice === 'accept') await onAccepted(invitation.organization.id);
      else {
        setNotice(t('account.declined', { name: invitation.organization.name }));
        await load();
      }
    });
  }

  return (
    <div className="narrow">
      <PageTitle>{t('account.invitationsTitle')}</PageTitle>
      <ProblemAlert failure={failure} />
      {notice && <Status message={notice} />}
      {invitations === null ? (
        !failure && <p>{t('app.loading')}</p>
      ) : invitations.length === 0 ? (
        <p>{t('account.noInvitations')}</p>
      ) : (
        <>
          <p>{t('account.invitationsIntro')}</p>
          <ul className="cards">
            {invitations.map((invitation) => (
              <li key={invitation.organization.id} className="card">
                <h2>{invitation.organization.name}</h2>
                <p>{t('account.invitedAs', { role: t(`members.role.${invitation.role}` as const) })}</p>
                <div className="form-actions">
                  <button type="button" className="button-primary" disabled={busy} onClick={() => void answer(invitation, 'accept')}>
                    {t('account.accept')}
                    <span className="visually-hidden"> : {invitation.organization.name}</span>
                  </button>
                  <button type="button" disabled={busy} onClick={() => void answer(invitation, 'decline')}>
                    {t('account.decline')}
                    <span className="visually-hidden"> : {invitation.organization.name}</span>
                  </button>
                </div>
              </li>
            ))}
          </ul>
        </>
      )}
      <button type="button" className="link-button" onClick={onCancel}>
        {t('account.backToLogin')}
      </button>
    </div>
  );
}
