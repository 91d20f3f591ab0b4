import { type FormEvent, useState } from 'react';
import { api, newIdempotencyKey } from '../api';
import { ChoiceForm } from '../components/choice-form';
import { type ApiFailure, Field, fieldErrors, PageTitle, ProblemAlert, Status } from '../components/feedback';
import { TextField } from '../components/text-field';
import { useI18n } from '../i18n';
import { PagedList } from '../paged-list';
import { currentSession } from '../session';
import { useAction } from '../use-action';

/** The roles a member may have (the API's MEMBER_ROLES). */
export const MEMBER_ROLES = ['manager', 'volunteer', 'viewer'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

/** An item of GET /organizations/{orgId}/members. */
interface Member {
  userId: string;
  email: string;
  name: string;
  role: MemberRole;
  status: 'invited' | 'active';
  version: number;
}

const MEMBER_FIELDS = ['email', 'name', 'role', 'password'] as const;

/** Invites a person (POST …/members): a new account gets the initial password, to be changed at first login. */
function AddMemberForm({ organizationId, onAdded }: { organizationId: string; onAdded: (member: Member) => void }) {
  const { t } = useI18n();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<MemberRole>('volunteer');
  const [password, setPassword] = useState('');
  const { busy, failure, run } = useAction();

  async function submit(event: FormEvent) {
    event.preventDefault();
    await run(async () => {
      const member = await api<Member>('POST', `/organizations/${organizationId}/members`, {
        body: { email, name, role, password },
        headers: { 'idempotency-key': newIdempotencyKey() },
      });
      setEmail('');
      setName('');
      setPassword('');
      onAdded(member);
    });
  }

  return (
    <section className="card" aria-labelledby="members-add">
      <h2 id="members-add">{t('members.add')}</h2>
      <p className="hint">{t('members.addHint')}</p>
      <ProblemAlert failure={failure} fields={MEMBER_FIELDS} />
      <form onSubmit={(event) => void submit(event)} noValidate>
        <TextField id="member-email" type="email" autoComplete="off" label={t('members.email')} errors={fieldErrors(failure, 'email')} value={email} onChange={setEmail} />
        <TextField id="member-name" autoComplete="off" label={t('members.name')} errors={fieldErrors(failure, 'name')} value={name} onChange={setName} />
        <Field id="member-role" label={t('members.role')} errors={fieldErrors(failure, 'role')}>
          {(describedBy, invalid) => (
            <select id="member-role" value={role} onChange={(event) => setRole(event.target.value as MemberRole)} aria-describedby={describedBy} aria-invalid={invalid || undefined}>
              {MEMBER_ROLES.map((value) => (
                <option key={value} value={value}>
                  {t(`members.role.${value}` as const)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <TextField
          id="member-password"
          type="password"
          autoComplete="new-password"
          label={t('members.initialPassword')}
          hint={t('members.initialPasswordHint')}
          errors={fieldErrors(failure, 'password')}
          value={password}
          onChange={setPassword}
        />
        <button type="submit" className="button-primary" disabled={busy}>
          {t('members.invite')}
        </button>
      </form>
    </section>
  );
}

interface MemberCardProps {
  organizationId: string;
  member: Member;
  failure: ApiFailure;
  onFailure: (failure: ApiFailure) => void;
  onChanged: (message: string) => void;
}

/** One member: their role changed with If-Match on the version read, or their removal after a confirmation. */
function MemberCard({ organizationId, member, failure, onFailure, onChanged }: MemberCardProps) {
  const { t } = useI18n();
  const [confirming, setConfirming] = useState(false);
  const { busy, run } = useAction(onFailure);
  const path = `/organizations/${organizationId}/members/${member.userId}`;
  const change = (request: () => Promise<unknown>, message: string) =>
    run(async () => {
      await request();
      onChanged(message);
    });

  return (
    <li className="card">
      <h2>
        {member.name}
        {member.status === 'invited' && <span className="tag">{t('members.invited')}</span>}
      </h2>
      <p className="muted">{member.email}</p>
      <ProblemAlert failure={failure} />
      <ChoiceForm
        id={`member-${member.userId}-role`}
        label={t('members.roleOf', { name: member.name })}
        choices={MEMBER_ROLES}
        current={member.role}
        labelOf={(value) => t(`members.role.${value}` as const)}
        submit={t('members.changeRole')}
        subject={member.name}
        onSubmit={(role) => change(() => api('PATCH', path, { body: { role }, headers: { 'if-match': `"${member.version}"` } }), t('members.roleChanged', { name: member.name }))}
      />
      {confirming ? (
        <div className="confirm" role="group" aria-label={t('members.removeConfirm', { name: member.name })}>
          <p>{t('members.removeConfirm', { name: member.name })}</p>
          <div className="form-actions">
            <button type="button" className="button-danger" disabled={busy} autoFocus onClick={() => void change(() => api('DELETE', path), t('members.removed', { name: member.name }))}>
              {t('members.removeYes')}
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              {t('members.removeNo')}
            </button>
          </div>
        </div>
      ) : (
        <button type="button" className="link-button" onClick={() => setConfirming(true)}>
          {t('members.remove')}
          <span className="visually-hidden"> : {member.name}</span>
        </button>
      )}
    </li>
  );
}

/** Members and roles of the organisation (managers): invite, change a role, remove. */
export function MembersScreen() {
  const { t } = useI18n();
  const organizationId = currentSession()?.organization.id ?? '';
  const [notice, setNotice] = useState('');
  // A problem stays next to its member across the reload that follows it.
  const [problem, setProblem] = useState<{ userId: string; failure: ApiFailure } | null>(null);
  const [generation, setGeneration] = useState(0);
  const reload = () => setGeneration((value) => value + 1);

  return (
    <>
      <PageTitle>{t('members.title')}</PageTitle>
      {notice && <Status message={notice} />}
      <AddMemberForm
        organizationId={organizationId}
        onAdded={(member) => {
          setNotice(t('members.added', { name: member.name }));
          reload();
        }}
      />
      <h2>{t('members.list')}</h2>
      <PagedList<Member> key={generation} path={`/organizations/${organizationId}/members?limit=100`} empty={t('members.none')}>
        {(member) => (
          <MemberCard
            key={`${member.userId}:${member.version}`}
            organizationId={organizationId}
            member={member}
            failure={problem?.userId === member.userId ? problem.failure : null}
            onFailure={(failure) => {
              setProblem(failure ? { userId: member.userId, failure } : null);
              // A stale version: the list is read again, the problem stays shown.
              if (failure && 'problem' in failure && failure.problem.status === 412) reload();
            }}
            onChanged={(message) => {
              setNotice(message);
              reload();
            }}
          />
        )}
      </PagedList>
    </>
  );
}
