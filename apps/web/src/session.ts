// The signed-in session, kept in sessionStorage: it survives a reload of the tab, not the closing
// of the browser (a shared laptop at the club), and never reaches another tab.

export interface Session {
  accessToken: string;
  refreshToken: string;
  expiresAt: string;
  user: { id: string; email: string; name: string };
  organization: { id: string; name: string };
  role: string;
}

const SESSION_KEY = 'filon.session';
type Listener = (session: Session | null, reason: 'login' | 'refresh' | 'logout' | 'expired') => void;
const listeners = new Set<Listener>();

// sessionStorage is the truth (a reload keeps it); this copy serves where storage is disabled.
let current: Session | null = null;

export const currentSession = (): Session | null => {
  try {
    const raw = sessionStorage.getItem(SESSION_KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return current;
  }
};

export function setSession(session: Session | null, reason: 'login' | 'refresh' | 'logout' | 'expired'): void {
  current = session;
  try {
    if (session) sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
    else sessionStorage.removeItem(SESSION_KEY);
  } catch {
    // Storage full or disabled: the session lives in memory only.
  }
  for (const listener of listeners) listener(session, reason);
}

export function onSessionChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
