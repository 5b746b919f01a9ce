import type { Principal } from '../../../platform/auth/principal.ts';
import type { RequestIds } from '../../../platform/http/request-id.ts';
import type { AuditDecision, AuditStore } from '../store/audit-store.ts';

export type { AuditDecision } from '../store/audit-store.ts';

/**
 * Collects a request's authorisation decisions and appends them in one statement when the request
 * ends. Decisions with the same action, subject type, outcome and reason are merged.
 */
export class AuditLog {
  private readonly pending = new Map<string, AuditDecision>();
  /** Hears every refusal as it is recorded; the service sets it to count denials in its metrics. */
  onDenied?: (decision: AuditDecision) => void;

  constructor(
    private readonly store: AuditStore,
    private readonly principal: Principal,
    private readonly ids: RequestIds,
    /** The purpose of use the request acts under (its ability's), recorded with every event. */
    private readonly purpose: string | null = null,
  ) {}

  record(decision: AuditDecision): void {
    if (!decision.allowed) this.onDenied?.(decision);
    const key = [decision.action, decision.subjectType, decision.allowed, decision.reason, decision.emergencyAccessId ?? ''].join('\u0000');
    const merged = this.pending.get(key);
    if (merged) merged.subjectIds.push(...decision.subjectIds);
    else this.pending.set(key, { ...decision, subjectIds: [...decision.subjectIds] });
  }

  /** Appends the decisions recorded so far to the service's audit trail. */
  async flush(): Promise<void> {
    if (this.pending.size === 0) return;
    const decisions = [...this.pending.values()].map((decision) => ({ ...decision, subjectIds: [...new Set(decision.subjectIds)] }));
    this.pending.clear();
    await this.store.append({ ...this.principal, purpose: this.purpose }, this.ids, decisions);
  }
}
