import { randomUUID } from 'node:crypto';
import type { Principal } from '../../../platform/auth/principal.ts';
import { badInput, platformError } from '../../../platform/errors/errors.ts';
import type { Guard } from '../../kit/access/guard.ts';
import { emergencyReason } from '../../kit/authz/emergency.ts';
import type { SqlParams } from '../../kit/db/sql.ts';
import { connection, decodeCursor, pageSize } from '../../kit/graphql/pagination.ts';
import { isUuid } from '../../kit/graphql/scalars.ts';
import type { ClinicalStore } from '../store/clinical-store.ts';
import type { EmergencyAccessListing, EmergencyAccessRow } from '../store/emergency-store.ts';

const MAX_REASON_LENGTH = 500;
const MINUTE_MS = 60_000;
const isPageKey = (key: unknown[]) => key.length === 2 && typeof key[0] === 'string' && !Number.isNaN(Date.parse(key[0])) && isUuid(key[1]);

/** Break the glass (docs/security.md): opening an emergency access, and an organisation's list of them. */
export class EmergencyAccess {
  constructor(
    private readonly store: ClinicalStore,
    private readonly guard: Guard,
    private readonly principal: Principal,
    private readonly now: () => Date,
  ) {}

  /**
   * Opens an access to one EHR for the caller. Refused exactly as an unknown EHR when the caller's
   * roles may not break the glass, so that it tells them nothing about the EHR.
   */
  async breakGlass(ehrId: string, reason: string, minutes: number | null | undefined) {
    const limits = this.guard.ability.emergencyAccess;
    const audited = { action: 'break-glass', subjectType: 'Ehr', subjectIds: [ehrId.toLowerCase()] };
    const refuse = (why: string) => {
      this.guard.audit.record({ ...audited, allowed: false, reason: why });
      return platformError('NOT_FOUND', `No EHR with id ${ehrId}`, { ehrId });
    };
    // first, so that a caller who may not break the glass learns nothing, not even the bounds
    if (!limits.allowed) throw refuse('no role of the caller may break the glass');
    const stated = reason.trim();
    if (stated.length < limits.reasonMinLength || stated.length > MAX_REASON_LENGTH) {
      throw badInput(`reason must state why, in ${limits.reasonMinLength} to ${MAX_REASON_LENGTH} characters`, { argument: 'reason' });
    }
    const length = minutes ?? limits.maxMinutes;
    if (!Number.isInteger(length) || length < 1 || length > limits.maxMinutes) {
      throw badInput(`minutes must be between 1 and ${limits.maxMinutes}, found ${length}`, { argument: 'minutes' });
    }
    const ehr = await this.store.ehrs.byId(ehrId.toLowerCase());
    if (!ehr) throw refuse('no such EHR');
    const row = await this.store.emergency.create(this.grant(ehr, stated, length), this.principal.jti);
    this.guard.audit.record({ ...audited, allowed: true, reason: emergencyReason(stated), emergencyAccessId: row.id });
    return this.listing({ ...row, readCount: 0 });
  }

  private grant(ehr: { id: string; org: string }, reason: string, minutes: number): EmergencyAccessRow {
    const startedAt = this.now();
    // never beyond the token it is bound to
    const ends = Math.min(startedAt.getTime() + minutes * MINUTE_MS, this.principal.expiresAt?.getTime() ?? Infinity);
    const { sub, org, roles } = this.principal;
    return { id: randomUUID(), ehrId: ehr.id, ehrOrg: ehr.org, sub, org: org ?? '', roles, reason, startedAt, expiresAt: new Date(ends) };
  }

  /** Recent accesses to EHRs of organisations whose audit trail the caller reads (`read` on AuditEvent, `org` = the EHR's). */
  async list(since: string | Date | null | undefined, first: number | null | undefined, after: string | null | undefined) {
    this.guard.require('read', 'AuditEvent', undefined, []);
    const size = pageSize(first);
    const key = after ? decodeCursor(after, isPageKey) : null;
    const rows = await this.store.emergency.page({
      since: since ? new Date(since) : null,
      after: key ? { startedAt: new Date(key[0] as string), id: key[1] as string } : null,
      limit: size + 1,
      visible: (params: SqlParams, columns: { org: string }) => this.guard.ability.sqlFilter('read', 'AuditEvent', columns, params),
    });
    const page = connection(rows, size, (row) => [row.startedAt.toISOString(), row.id]);
    return { ...page, edges: page.edges.map((edge) => ({ cursor: edge.cursor, node: this.listing(edge.node) })) };
  }

  private listing(row: EmergencyAccessListing) {
    return { ...row, active: row.expiresAt.getTime() > this.now().getTime() };
  }
}
