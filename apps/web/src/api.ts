import type { Problem as ContractProblem, FieldError } from '../../../libs/contracts/src/common/problems';
import { currentSession, type Session, setSession } from './session';

// The public REST API only, on the same origin (the gateway serves this app).
const API = '/api/v1';

/** An RFC 9457 problem as the API answers it (the contracts' own shape); a login of several organisations lists them. */
export type Problem = ContractProblem & { requestId?: string; organizations?: { id: string; name: string; role: string }[] };

export class ProblemError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.title);
  }
  /** The errors of one field (`callbackAt`, `offers.0.title`), and with `withParts` those of its items and parts (`tags.2`). */
  errorsOf(field: string, withParts = false): FieldError[] {
    return (this.problem.errors ?? []).filter((error) => error.field === field || (withParts && error.field.startsWith(`${field}.`)));
  }
}

/** The server could not be reached (offline, DNS, a proxy down). */
export class NetworkError extends Error {}

/** The session ended (refresh refused): the app goes back to the login screen. */
export class SessionExpiredError extends Error {}

interface RequestOptions {
  /** Sent as JSON, or as multipart/form-data when it is a FormData. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Sent without the access token (login, refresh). */
  anonymous?: boolean;
  /**
   * Sent with this access token instead of the session's: the limited token of the login flow (a
   * password to change, invitations to answer). It has no refresh token, so a 401 is a plain problem.
   */
  token?: string;
}

async function send(method: string, path: string, options: RequestOptions, token: string | undefined): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  // A form (a file upload) goes as it is: the browser writes its multipart type and boundary.
  const form = options.body instanceof FormData;
  if (options.body !== undefined && !form) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  try {
    const body = options.body === undefined ? undefined : form ? (options.body as FormData) : JSON.stringify(options.body);
    return await fetch(`${API}${path}`, { method, headers, body });
  } catch {
    throw new NetworkError('network');
  }
}

async function parse<T>(response: Response): Promise<T> {
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const body: unknown = text ? JSON.parse(text) : undefined;
  if (!response.ok) {
    const problem = (body && typeof body === 'object' ? body : { title: response.statusText, status: response.status }) as Problem;
    throw new ProblemError({ ...problem, status: response.status, type: problem.type ?? 'about:blank' });
  }
  return body as T;
}

export interface TokenPair {
  accessToken: string;
  expiresAt: string;
  refreshToken: string;
  refreshTokenExpiresAt: string;
}

// One refresh at a time: parallel 401s wait for the same new pair (each refresh token works once).
let refreshing: Promise<Session> | null = null;

function refreshSession(session: Session): Promise<Session> {
  refreshing ??= (async () => {
    try {
      const response = await send('POST', '/auth/refresh', { body: { refreshToken: session.refreshToken }, anonymous: true }, undefined);
      const pair = await parse<TokenPair>(response);
      const next: Session = { ...session, accessToken: pair.accessToken, expiresAt: pair.expiresAt, refreshToken: pair.refreshToken };
      setSession(next, 'refresh');
      return next;
    } catch (error) {
      if (error instanceof ProblemError) {
        setSession(null, 'expired');
        throw new SessionExpiredError('expired');
      }
      throw error;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

/** Sends with the session's access token; a 401 refreshes the pair once and retries. */
async function authorized(method: string, path: string, options: RequestOptions): Promise<Response> {
  let session = currentSession();
  if (!session) throw new SessionExpiredError('no session');
  let response = await send(method, path, options, session.accessToken);
  if (response.status === 401) {
    session = await refreshSession(session);
    response = await send(method, path, options, session.accessToken);
    if (response.status === 401) {
      setSession(null, 'expired');
      throw new SessionExpiredError('expired');
    }
  }
  return response;
}

/** Calls the API and reads its JSON answer (a problem is thrown as a ProblemError). */
export async function api<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  if (options.anonymous || options.token) return parse<T>(await send(method, path, options, options.token));
  return parse<T>(await authorized(method, path, options));
}

/**
 * Downloads a file of the API (a CSV export, a report): a plain link would not carry the bearer
 * token, so it is fetched, then handed to the browser as a blob under the server's file name.
 */
export async function download(path: string, accept: string, fallbackName: string): Promise<void> {
  const response = await authorized('GET', path, { headers: { accept: `${accept}, application/problem+json` } });
  if (!response.ok) await parse(response);
  const disposition = response.headers.get('content-disposition') ?? '';
  const name = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1] ?? /filename="([^"]+)"/i.exec(disposition)?.[1];
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name ? decodeURIComponent(name) : fallbackName;
  document.body.append(link);
  link.click();
  link.remove();
  // The click has started the download: the blob can go once the browser has it.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** A random UUID even where crypto.randomUUID is missing (plain-HTTP addresses on a LAN, old browsers). */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
