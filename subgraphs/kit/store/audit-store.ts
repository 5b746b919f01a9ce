import type { Principal } from '../../../platform/auth/principal.ts';
import type { RequestIds } from '../../../platform/http/request-id.ts';
import type { Queryable } from '../db/db.ts';
import { SqlParams } from '../db/sql.ts';

const AUDIT_APPEND = 'INSERT INTO audit_events';

/** The statement that appends to the audit trail (a copy of the database for research need not follow it). */
export const isAuditAppend = (sql: string): boolean => sql.trimStart().startsWith(AUDIT_APPEND);

/** One authorisation decision of the audit trail. */
export interface AuditDecision {
  action: string;
  subjectType: string;
  /** UUIDs or version uids only: never names or identifiers. */
  subjectIds: string[];
  allowed: boolean;
  reason: string;
  /** The emergency access (break the glass) that allowed it, if one did. */
  emergencyAccessId?: string | undefined;
}

export interface AuditFilter {
  sub?: string | null;
  action?: string | null;
  subjectType?: string | null;
  subjectId?: string | null;
  allowed?: boolean | null;
  since?: Date | string | null;
  requestId?: string | null;
  callerRequestId?: string | null;
  emergencyAccessId?: string | null;
}

export interface AuditRow {
  id: string;
  at: Date;
  requestId: string | null;
  callerRequestId: string | null;
  sub: string;
  org: string | null;
  roles: string[];
  /** The purpose of use the request acted under; null for the unnamed purpose and events from before purposes. */
  purpose: string | null;
  action: string;
  subjectType: string;
  subjectIds: string[];
  allowed: boolean;
  reason: string;
  emergencyAccessId: string | null;
}

/** The audit trail (`audit_events`), kept by each subgraph in its own database. */
export class AuditStore {
  constructor(private readonly db: Queryable) {}

  /** Appends one request's decisions in one statement. */
  async append(caller: Pick<Principal, 'sub' | 'org' | 'roles' | 'purpose'>, ids: RequestIds, decisions: AuditDecision[]): Promise<void> {
    const events = decisions.map((decision) => ({
      action: decision.action,
      subject_type: decision.subjectType,
      subject_ids: decision.subjectIds,
      allowed: decision.allowed,
      reason: decision.reason,
      emergency_access_id: decision.emergencyAccessId ?? null,
    }));
    await this.db.query(
      `${AUDIT_APPEND} (at, request_id, caller_request_id, sub, org, roles, purpose, action, subject_type, subject_ids, allowed, reason, emergency_access_id)
       SELECT $1, $2, $3, $4, $5, $6, $8, e.action, e.subject_type, ARRAY(SELECT jsonb_array_elements_text(e.subject_ids)), e.allowed, e.reason, e.emergency_access_id
       FROM jsonb_to_recordset($7::jsonb) AS e(action text, subject_type text, subject_ids jsonb, allowed boolean, reason text, emergency_access_id uuid)`,
      [new Date(), ids.requestId, ids.callerRequestId, caller.sub, caller.org, caller.roles, JSON.stringify(events), caller.purpose],
    );
  }

  /**
   * Matching events newest first, older than event `beforeId` when given; at most `limit`. `visible`
   * is the caller's read rule on AuditEvent as SQL over the `org` column (policy conditions).
   */
  async page(
    filter: AuditFilter,
    beforeId: string | null,
    limit: number,
    visible: (params: SqlParams, columns: { org: string }) => string,
  ): Promise<AuditRow[]> {
    const params = new SqlParams([
      filter.sub ?? null,
      filter.action ?? null,
      filter.subjectType ?? null,
      filter.subjectId ?? null,
      filter.allowed ?? null,
      filter.since ?? null,
      beforeId,
      limit,
      filter.requestId ?? null,
      filter.callerRequestId ?? null,
      filter.emergencyAccessId ?? null,
    ]);
    const readable = visible(params, { org: 'org' });
    const result = await this.db.query<AuditRow>(
      `SELECT id::text AS id, at, request_id AS "requestId", caller_request_id AS "callerRequestId", sub, org, roles, purpose, action, subject_type AS "subjectType",
              subject_ids AS "subjectIds", allowed, reason, emergency_access_id AS "emergencyAccessId"
       FROM audit_events
       WHERE ($1::text IS NULL OR sub = $1) AND ($2::text IS NULL OR action = $2) AND ($3::text IS NULL OR subject_type = $3)
         AND ($4::text IS NULL OR $4 = ANY(subject_ids)) AND ($5::boolean IS NULL OR allowed = $5)
         AND ($6::timestamptz IS NULL OR at >= $6) AND ($7::bigint IS NULL OR id < $7::bigint)
         AND ($9::text IS NULL OR request_id = $9) AND ($10::text IS NULL OR caller_request_id = $10)
         AND ($11::uuid IS NULL OR emergency_access_id = $11::uuid)
         AND ${readable}
       ORDER BY audit_events.id DESC -- the number: a bare \`id\` would mean the text column of the SELECT list
       LIMIT $8`,
      params.values,
    );
    return result.rows;
  }
}
