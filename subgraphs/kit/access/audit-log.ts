import type { Principal } from '../../../platform/auth/principal.ts';
import type { Queryable } from '../db/db.ts';

export interface AuditDecision {
  action: string;
  subjectType: string;
  /** UUIDs or version uids only: never names or identifiers. */
  subjectIds: string[];
  allowed: boolean;
  reason: string;
}

/**
 * Collects a request's authorisation decisions and appends them in one statement when the request
 * ends. Decisions with the same action, subject type, outcome and reason are merged.
 */
export class AuditLog {
  private readonly pending = new Map<string, AuditDecision>();
  /** Hears every refusal as it is recorded; the service sets it to count denials in its metrics. */
  onDenied?: (decision: AuditDecision) => void;

  constructor(
    private readonly principal: Principal,
    private readonly requestId: string | null,
  ) {}

  record(decision: AuditDecision): void {
    if (!decision.allowed) this.onDenied?.(decision);
    const key = [decision.action, decision.subjectType, decision.allowed, decision.reason].join('\u0000');
    const merged = this.pending.get(key);
    if (merged) merged.subjectIds.push(...decision.subjectIds);
    else this.pending.set(key, { ...decision, subjectIds: [...decision.subjectIds] });
  }

  async flush(db: Queryable): Promise<void> {
    if (this.pending.size === 0) return;
    const events = [...this.pending.values()].map((decision) => ({
      action: decision.action,
      subject_type: decision.subjectType,
      subject_ids: [...new Set(decision.subjectIds)],
      allowed: decision.allowed,
      reason: decision.reason,
    }));
    this.pending.clear();
    const { sub, org, roles } = this.principal;
    await db.query(
      `INSERT INTO audit_events (at, request_id, sub, org, roles, action, subject_type, subject_ids, allowed, reason)
       SELECT $1, $2, $3, $4, $5, e.action, e.subject_type, ARRAY(SELECT jsonb_array_elements_text(e.subject_ids)), e.allowed, e.reason
       FROM jsonb_to_recordset($6::jsonb) AS e(action text, subject_type text, subject_ids jsonb, allowed boolean, reason text)`,
      [new Date(), this.requestId, sub, org, roles, JSON.stringify(events)],
    );
  }
}
