import { connection, decodeCursor, pageSize } from '../graphql/pagination.ts';
import type { Queryable } from '../db/db.ts';
import type { Guard } from './guard.ts';

export interface AuditFilter {
  sub?: string | null;
  action?: string | null;
  subjectType?: string | null;
  subjectId?: string | null;
  allowed?: boolean | null;
  since?: Date | string | null;
}

interface AuditRow {
  id: string;
  at: Date;
  requestId: string | null;
  sub: string;
  org: string | null;
  roles: string[];
  action: string;
  subjectType: string;
  subjectIds: string[];
  allowed: boolean;
  reason: string;
}

const isPageKey = (key: unknown[]) => key.length === 1 && typeof key[0] === 'string' && /^\d+$/.test(key[0]);

/** A page of the service's audit events, newest first; admins only (`read` on AuditEvent). */
export async function auditEventsPage(db: Queryable, guard: Guard, filter: AuditFilter | null | undefined, first: number | null | undefined, after: string | null | undefined) {
  guard.require('read', 'AuditEvent', undefined, []);
  const size = pageSize(first);
  const key = after ? decodeCursor(after, isPageKey) : null;
  const f = filter ?? {};
  const result = await db.query<AuditRow>(
    `SELECT id::text AS id, at, request_id AS "requestId", sub, org, roles, action, subject_type AS "subjectType",
            subject_ids AS "subjectIds", allowed, reason
     FROM audit_events
     WHERE ($1::text IS NULL OR sub = $1) AND ($2::text IS NULL OR action = $2) AND ($3::text IS NULL OR subject_type = $3)
       AND ($4::text IS NULL OR $4 = ANY(subject_ids)) AND ($5::boolean IS NULL OR allowed = $5)
       AND ($6::timestamptz IS NULL OR at >= $6) AND ($7::bigint IS NULL OR id < $7::bigint)
     ORDER BY id DESC
     LIMIT $8`,
    [f.sub ?? null, f.action ?? null, f.subjectType ?? null, f.subjectId ?? null, f.allowed ?? null, f.since ?? null, key?.[0] ?? null, size + 1],
  );
  return connection(result.rows, size, (row) => [row.id]);
}
