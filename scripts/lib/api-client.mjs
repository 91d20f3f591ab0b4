// What the seed and the benchmark need to talk to the API, in plain Node (no build step).

/** One JSON call to the API at `base` (…/api/v1): `{status, body, headers}`. */
export async function call(base, method, path, token, body) {
  const response = await fetch(`${base}${path}`, {
    method,
    // No content-type without a body: Fastify refuses an empty body announced as JSON.
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
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
