import { describe, expect, it } from 'vitest';
import type { Principal } from '../../platform/auth/principal.ts';
import { VerifiedTokens } from '../../platform/auth/verified-tokens.ts';

const principal = (expiresAt: Date | null): Principal => ({
  sub: 'dr-who',
  org: 'org-a',
  roles: ['clinician'],
  scopes: null,
  jti: 'j1',
  ehrId: null,
  purpose: null,
  issuer: 'clinical-federation',
  expiresAt,
});

describe('verified tokens', () => {
  it('are trusted until they expire (plus the tolerance), never longer than a minute', () => {
    let now = 1_000_000;
    const tokens = new VerifiedTokens(30_000, () => now);
    tokens.remember('soon', principal(new Date(now + 10_000)));
    tokens.remember('later', principal(new Date(now + 3_600_000)));
    now += 39_999;
    expect(tokens.get('soon')?.sub).toBe('dr-who');
    expect(tokens.get('later')?.sub).toBe('dr-who');
    now += 1;
    expect(tokens.get('soon')).toBeNull();
    now += 20_000;
    expect(tokens.get('later')).toBeNull();
  });

  it('hold nothing for an unknown or already expired token, and hand out a frozen principal', () => {
    const now = 5_000_000;
    const tokens = new VerifiedTokens(30_000, () => now);
    tokens.remember('expired', principal(new Date(now - 31_000)));
    expect(tokens.get('expired')).toBeNull();
    expect(tokens.get('never seen')).toBeNull();
    tokens.remember('t', principal(new Date(now + 60_000)));
    const known = tokens.get('t') as Principal;
    expect(Object.isFrozen(known) && Object.isFrozen(known.roles)).toBe(true);
  });
});
