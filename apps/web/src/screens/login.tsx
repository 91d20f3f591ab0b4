import { type FormEvent, useState } from 'react';
import { api } from '../api';
import { asFailure, type ApiFailure, Field, fieldErrors, PageTitle, ProblemAlert } from '../components/feedback';
import { useI18n } from '../i18n';
import { setSession } from '../session';
import { InvitationsScreen, PasswordChangeScreen } from './account';

interface LoginAnswer {
  accessToken: string;
  expiresAt: string;
  refreshToken: string | null;
  user: { id: string; email: string; name: string };
  organization: { id: string; name: string } | null;
  role: string | null;
  passwordChangeRequired: boolean;
}

const LOGIN_FIELDS = ['email', 'password', 'organizationId'] as const;

/** Where the login flow stands: the credentials form, or one of the steps a limited token allows. */
type Step = { name: 'credentials' } | { name: 'password'; token: string } | { name: 'invitations'; token: string };

export function LoginScreen({ expired }: { expired: boolean }) {
  const { t } = useI18n();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [organizations, setOrganizations] = useState<{ id: string; name: string }[]>([]);
  const [organizationId, setOrganizationId] = useState('');
  const [failure, setFailure] = useState<ApiFailure>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [step, setStep] = useState<Step>({ name: 'credentials' });

  /**
   * Logs in, then follows the answer: a session, or a limited token (no refresh token) for the step
   * it allows. Also used after those steps, with the new password or the organisation just joined.
   */
  async function logIn(secret: string, organization: string) {
    setFailure(null);
    setNotice(null);
    try {
      const answer = await api<LoginAnswer>('POST', '/auth/login', {
        anonymous: true,
        body: { email, password: secret, ...(organization ? { organizationId: organization } : {}) },
      });
      if (answer.passwordChangeRequired) setStep({ name: 'password', token: answer.accessToken });
      else if (!answer.refreshToken) setStep({ name: 'invitations', token: answer.accessToken });
      else if (!answer.organization || !answer.role) {
        setStep({ name: 'credentials' });
        setNotice(t('login.noOrganization'));
      } else {
        setSession(
          { accessToken: answer.accessToken, refreshToken: answer.refreshToken, expiresAt: answer.expiresAt, user: answer.user, organization: answer.organization, role: answer.role },
          'login',
        );
      }
    } catch (error) {
      setStep({ name: 'credentials' });
      const next = asFailure(error);
      // A member of several organisations: the 400 lists them; they pick one and send again.
      if (next && 'problem' in next && next.problem.organizations?.length) {
        setOrganizations(next.problem.organizations);
        setOrganizationId(next.problem.organizations[0]!.id);
        setNotice(t('login.chooseOrganization'));
      } else setFailure(next);
    }
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    try {
      await logIn(password, organizationId);
    } finally {
      setBusy(false);
    }
  }

  const backToLogin = () => setStep({ name: 'credentials' });
  if (step.name === 'password') {
    return (
      <PasswordChangeScreen
        token={step.token}
        currentPassword={password}
        onCancel={backToLogin}
        onChanged={async (newPassword) => {
          setPassword(newPassword);
          await logIn(newPassword, organizationId);
        }}
      />
    );
  }
  if (step.name === 'invitations') {
    return (
      <InvitationsScreen
        token={step.token}
        onCancel={backToLogin}
        onAccepted={async (joined) => {
          setOrganizationId(joined);
          await logIn(password, joined);
        }}
      />
    );
  }

  return (
    <div className="narrow">
      <PageTitle>{t('login.title')}</PageTitle>
      {expired && (
        <p className="alert alert-info" role="status">
          {t('login.expired')}
        </p>
      )}
      {notice && (
        <p className="alert alert-info" role="status">
          {notice}
        </p>
      )}
      <ProblemAlert failure={failure} fields={LOGIN_FIELDS} />
      <form onSubmit={(event) => void submit(event)} noValidate>
        <Field id="login-email" label={t('login.email')} errors={fieldErrors(failure, 'email')}>
          {(describedBy, invalid) => (
            <input id="login-email" type="email" name="email" autoComplete="username" required value={email} onChange={(event) => setEmail(event.target.value)} aria-describedby={describedBy} aria-invalid={invalid || undefined} />
          )}
        </Field>
        <Field id="login-password" label={t('login.password')} errors={fieldErrors(failure, 'password')}>
          {(describedBy, invalid) => (
            <input id="login-password" type="password" name="password" autoComplete="current-password" required value={password} onChange={(event) => setPassword(event.target.value)} aria-describedby={describedBy} aria-invalid={invalid || undefined} />
          )}
        </Field>
        {organizations.length > 0 && (
          <Field id="login-organization" label={t('login.organization')} errors={fieldErrors(failure, 'organizationId')}>
            {(describedBy) => (
              <select id="login-organization" value={organizationId} onChange={(event) => setOrganizationId(event.target.value)} aria-describedby={describedBy}>
                {organizations.map((organization) => (
                  <option key={organization.id} value={organization.id}>
                    {organization.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        <button type="submit" className="button-primary" disabled={busy}>
          {t('login.submit')}
        </button>
      </form>
    </div>
  );
}
