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

/** One audit_events row as the append statement reads it (jsonb_to_recordset). */
interface EventRow {
  at: string;
  request_id: string | null;
  caller_request_id: string | null;
  sub: string;
  org: string | null;
  roles: string[];
  purpose: string | null;
  action: string;
  subject_type: string;
  subject_ids: string[];
  allowed: boolean;
  reason: string;
  emergency_access_id: string | null;
}

/** Rows waiting for the next append statement, and the callers waiting for its commit. */
interface Batch {
  rows: EventRow[];
  settled: Promise<void>;
  settle(error?: Error): void;
}

function openBatch(): Batch {
  let settle: Batch['settle'] = () => {};
  const settled = new Promise<void>((resolve, reject) => {
    settle = (error) => (error === undefined ? resolve() : reject(error));
  });
  return { rows: [], settled, settle };
}

/**
 * The audit trail (`audit_events`), kept by each subgraph in its own database. Appends are group
 * committed: while one append statement runs, the requests that end meanwhile queue their rows, and
 * the next statement writes them all at once; each caller's promise settles with the statement that
 * holds its rows (so a response still waits for its own audit rows to be committed, and fails with
 * them). Alone, a request's rows are written at once, as before.
 */
export class AuditStore {
  private queued: Batch | null = null;
  private writing = false;

  constructor(private readonly db: Queryable) {}

  /** Appends one request's decisions; resolves once the statement holding them has committed. */
  append(caller: Pick<Principal, 'sub' | 'org' | 'roles' | 'purpose'>, ids: RequestIds, decisions: AuditDecision[]): Promise<void> {
    const at = new Date().toISOString();
    const batch = (this.queued ??= openBatch());
    for (const decision of decisions) {
      batch.rows.push({
        at,
        request_id: ids.requestId,
        caller_request_id: ids.callerRequestId,
        sub: caller.sub,
        org: caller.org,
        roles: caller.roles,
        purpose: caller.purpose,
        action: decision.action,
        subject_type: decision.subjectType,
        subject_ids: decision.subjectIds,
        allowed: decision.allowed,
        reason: decision.reason,
        emergency_access_id: decision.emergencyAccessId ?? null,
      });
    }
    if (!this.writing) void this.writeQueued();
    return batch.settled;
  }

  private async writeQueued(): Promise<void> {
    this.writing = true;
    try {
      for (let batch = this.queued; batch; batch = this.queued) {
        this.queued = null;
        await this.insert(batch.rows).then(
          () => batch.settle(),
          (error: unknown) => batch.settle(error instanceof Error ? error : new Error(`audit append failed: ${String(error)}`)),
        );
      }
    } finally {
      this.writing = false;
    }
  }

  private async insert(rows: EventRow[]): Promise<void> {
    await this.db.query(
      `${AUDIT_APPEND} (at, request_id, caller_request_id, sub, org, roles, purpose, action, subject_type, subject_ids, allowed, reason, emergency_access_id)
       SELECT e.at, e.request_id, e.caller_request_id, e.sub, e.org, ARRAY(SELECT jsonb_array_elements_text(e.roles)), e.purpose,
              e.action, e.subject_type, ARRAY(SELECT jsonb_array_elements_text(e.subject_ids)), e.allowed, e.reason, e.emergency_access_id
       FROM jsonb_to_recordset($1::jsonb) AS e(at timestamptz, request_id text, caller_request_id text, sub text, org text, roles jsonb,
              purpose text, action text, subject_type text, subject_ids jsonb, allowed boolean, reason text, emergency_access_id uuid)`,
      [JSON.stringify(rows)],
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
