// What the seed and the benchmark need to talk to the API, in plain Node (no build step).

/** One JSON call to the API at `base` (…/api/v1): `{status, body, headers}`. `headers` adds to the defaults (If-Match). */
export async function call(base, method, path, token, body, headers = {}) {
  const response = await fetch(`${base}${path}`, {
    method,
    // No content-type without a body: Fastify refuses an empty body announced as JSON.
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
}

/** Logs in and returns the access token; throws unless the API answers 200. */
export async function login(base, email, password, organizationId) {
  const { status, body } = await call(base, 'POST', '/auth/login', undefined, { email, password, ...(organizationId ? { organizationId } : {}) });
  if (status !== 200) throw new Error(`login as ${email} answered ${status}: ${body?.detail ?? ''}`);
  return body.accessToken;
}

/**
 * What an invited person does, through the API like anyone: log in, replace the initial password
 * (the one whoever invited them typed) with `password`, accept the invitation to `organizationId`.
 * Returns an access token of that organisation. Already done (a later run): nothing changes. The
 * initial password is tried first when the invitation was just sent, so a normal run fails no login.
 */
export async function joinOrganization(base, { email, password, initialPassword }, organizationId, { justInvited = true } = {}) {
  let session;
  for (const candidate of justInvited ? [initialPassword, password] : [password, initialPassword]) {
    const { status, body } = await call(base, 'POST', '/auth/login', undefined, { email, password: candidate });
    if (status === 200) {
      session = { password: candidate, ...body };
      break;
    }
  }
  if (!session) throw new Error(`cannot log in as ${email}`);
  let token = session.accessToken;
  if (session.passwordChangeRequired) {
    const changed = await call(base, 'POST', '/me/password', token, { currentPassword: session.password, newPassword: password });
    if (changed.status !== 204) throw new Error(`changing the password of ${email} answered ${changed.status}: ${changed.body?.detail ?? ''}`);
    token = await login(base, email, password);
  }
  const invitations = await call(base, 'GET', '/me/invitations', token);
  if (invitations.status !== 200) throw new Error(`listing the invitations of ${email} answered ${invitations.status}`);
  if (invitations.body.some((invitation) => invitation.organization.id === organizationId)) {
    const accepted = await call(base, 'POST', `/me/invitations/${organizationId}/accept`, token);
    if (accepted.status !== 204) throw new Error(`accepting for ${email} answered ${accepted.status}`);
  }
  return login(base, email, password, organizationId);
}

/** Appends the digit that makes `digits` pass the Luhn check (SIREN and SIRET keys). */
export function completeLuhn(digits) {
  for (let check = 0; check <= 9; check++) {
    const candidate = `${digits}${check}`;
    let sum = 0;
    for (let i = 0; i < candidate.length; i++) {
      let digit = Number(candidate[candidate.length - 1 - i]);
      if (i % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
      sum += digit;
    }
    if (sum % 10 === 0) return candidate;
  }
  throw new Error('unreachable');
}
