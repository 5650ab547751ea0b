/// <reference lib="dom" />
// The API token lives in sessionStorage: it survives reloads but not closing the tab.
const KEY = 'sdfl.apiToken';

export function readToken(): string | null {
  try {
    return sessionStorage.getItem(KEY) || null;
  } catch {
    return null;
  }
}

export function saveToken(token: string): void {
  const trimmed = token.trim();
  if (trimmed) sessionStorage.setItem(KEY, trimmed);
  else sessionStorage.removeItem(KEY);
}
