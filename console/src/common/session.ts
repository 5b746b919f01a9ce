/**
 * Development sign-in: a token pasted into the console, kept in sessionStorage (gone with the tab).
 * The claims are decoded for display only; the services verify the token on every request.
 */
const TOKEN_KEY = 'console.token';

export interface TokenClaims {
  sub?: string;
  org?: string;
  roles?: string[] | string;
  purpose?: string;
  exp?: number;
}

export const signedInToken = (): string | null => sessionStorage.getItem(TOKEN_KEY);

export function signIn(token: string): void {
  sessionStorage.setItem(TOKEN_KEY, token.trim());
}

export function signOut(): void {
  sessionStorage.removeItem(TOKEN_KEY);
}

/** The token's payload, or null when it is not a JWT. */
export function claimsOf(token: string): TokenClaims | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const claims: unknown = JSON.parse(json);
    return claims !== null && typeof claims === 'object' ? claims : null;
  } catch {
    return null;
  }
}
