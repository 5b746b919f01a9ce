import type { Principal } from '../../platform/auth/principal.ts';

/** A verified caller for tests that build one without a token: org-a, no roles, no claims beyond these. */
export const principal = (overrides: Partial<Principal> = {}): Principal => ({
  sub: 'user-1',
  org: 'org-a',
  roles: [],
  scopes: null,
  jti: null,
  ehrId: null,
  purpose: null,
  issuer: 'https://issuer.test',
  expiresAt: null,
  ...overrides,
});
