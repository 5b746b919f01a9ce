import { LRUCache } from 'lru-cache';
import type { Principal } from './principal.ts';

/** How long a verified token is taken on trust without verifying its signature again. */
const MAX_TRUST_MS = 60_000;

/**
 * Tokens whose signature and claims were verified, by their exact text, so that a caller's next
 * requests skip the signature check (about a tenth of the gateway's CPU per request). An entry
 * lasts until the token expires (with the verifier's clock tolerance) or for a minute at most, so a
 * key an issuer withdraws stops being honoured within that minute. Revocation is not cached: the
 * caller checks it on every request. Failures are never cached.
 */
export class VerifiedTokens {
  private readonly entries = new LRUCache<string, { principal: Principal; until: number }>({ max: 10_000 });

  constructor(
    private readonly toleranceMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(token: string): Principal | null {
    const entry = this.entries.get(token);
    if (!entry) return null;
    if (this.now() < entry.until) return entry.principal;
    this.entries.delete(token);
    return null;
  }

  remember(token: string, principal: Principal): void {
    const expires = principal.expiresAt ? principal.expiresAt.getTime() + this.toleranceMs : Number.POSITIVE_INFINITY;
    const until = Math.min(this.now() + MAX_TRUST_MS, expires);
    // Shared by every request of this token from now on: nobody may change it.
    Object.freeze(principal.roles);
    if (principal.scopes) Object.freeze(principal.scopes);
    if (until > this.now()) this.entries.set(token, { principal: Object.freeze(principal), until });
  }
}
