import type { Principal } from '../../../platform/auth/principal.ts';
import type { EmergencyGrant } from '../../kit/authz/types.ts';
import type { Queryable } from '../../kit/db/db.ts';
import { SqlParams } from '../../kit/db/sql.ts';

/** A stored emergency access (`emergency_accesses`). */
export interface EmergencyAccessRow extends EmergencyGrant {
  sub: string;
  org: string;
  roles: string[];
  startedAt: Date;
}

export interface EmergencyAccessListing extends EmergencyAccessRow {
  readCount: number;
}

export interface EmergencyPageRequest {
  since: Date | null;
  after: { startedAt: Date; id: string } | null;
  limit: number;
  /** The caller's read rule on AuditEvent as SQL, its `org` being the EHR's organisation. */
  visible: (params: SqlParams, columns: { org: string }) => string;
}

const COLUMNS = `a.id, a.ehr_id AS "ehrId", a.ehr_org AS "ehrOrg", a.sub, a.org, a.roles, a.reason, a.started_at AS "startedAt", a.expires_at AS "expiresAt"`;

/** Emergency accesses (break the glass) and the reads made under them. */
export class EmergencyStore {
  constructor(private readonly db: Queryable) {}

  async create(row: EmergencyAccessRow, jti: string | null): Promise<EmergencyAccessRow> {
    await this.db.query(
      `INSERT INTO emergency_accesses (id, ehr_id, ehr_org, sub, org, jti, roles, reason, started_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [row.id, row.ehrId, row.ehrOrg, row.sub, row.org, jti, row.roles, row.reason, row.startedAt, row.expiresAt],
    );
    return row;
  }

  /** The caller's accesses in force at `now`: same subject and organisation, opened with the same token (or both without a jti). */
  async inForce(caller: Pick<Principal, 'sub' | 'org' | 'jti'>, now: Date): Promise<EmergencyGrant[]> {
    const result = await this.db.query<EmergencyGrant>(
      `SELECT ${COLUMNS} FROM emergency_accesses a
       WHERE a.sub = $1 AND a.org = $2 AND a.jti IS NOT DISTINCT FROM $3 AND a.expires_at > $4 AND a.started_at <= $4
       ORDER BY a.started_at, a.id`,
      [caller.sub, caller.org, caller.jti, now],
    );
    return result.rows;
  }

  /** Newest first, keyset-paged on (started_at, id); the read count sums the records each audited `read` of the access names (field checks not counted). */
  async page(request: EmergencyPageRequest): Promise<EmergencyAccessListing[]> {
    const params = new SqlParams([request.since, request.after?.startedAt ?? null, request.after?.id ?? null, request.limit]);
    const visible = request.visible(params, { org: 'a.ehr_org' });
    const result = await this.db.query<EmergencyAccessListing>(
      `SELECT ${COLUMNS},
              (SELECT COALESCE(sum(cardinality(e.subject_ids)), 0)::int FROM audit_events e
               WHERE e.emergency_access_id = a.id AND e.allowed AND e.action = 'read') AS "readCount"
       FROM emergency_accesses a
       WHERE ($1::timestamptz IS NULL OR a.started_at >= $1)
         AND ($2::timestamptz IS NULL OR (a.started_at, a.id) < ($2::timestamptz, $3::uuid))
         AND ${visible}
       ORDER BY a.started_at DESC, a.id DESC
       LIMIT $4`,
      params.values,
    );
    return result.rows;
  }
}
