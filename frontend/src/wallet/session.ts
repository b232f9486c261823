import type { Me } from "../api/types.js";

// The session token lives in sessionStorage: it dies with the tab, and is never sent anywhere
// but our own API's Authorization header.
const KEY = "cluster-platform.session";

export interface Session {
  token: string;
  address: string;
  expiresAt: string;
  roles: Me["roles"];
}

export function loadSession(): Session | undefined {
  const raw = sessionStorage.getItem(KEY);
  if (!raw) return undefined;
  try {
    const session = JSON.parse(raw) as Session;
    if (Date.parse(session.expiresAt) <= Date.now()) {
      clearSession();
      return undefined;
    }
    return session;
  } catch {
    clearSession();
    return undefined;
  }
}

export function saveSession(session: Session): void {
  sessionStorage.setItem(KEY, JSON.stringify(session));
}

export function clearSession(): void {
  sessionStorage.removeItem(KEY);
}
