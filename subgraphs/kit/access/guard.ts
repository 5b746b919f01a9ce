import { platformError } from '../../../platform/errors/errors.ts';
import type { Action, CallerAbility, SubjectAttributes, SubjectType } from '../authz/types.ts';
import type { AuditLog } from './audit-log.ts';

/** Audit reason of list rows: the caller's rules were applied in the SQL that found them. */
export const ADMITTED_BY_SQL = 'list: admitted by the same rules in SQL';

/**
 * The caller's ability plus the audit trail: every decision that touches data goes through here,
 * so that it is both enforced and recorded.
 */
export class Guard {
  constructor(
    readonly ability: CallerAbility,
    readonly audit: AuditLog,
  ) {}

  /** Decides and records; `ids` name what was touched (UUIDs or version uids only). */
  allows<S extends SubjectType>(action: Action, subject: S, object: SubjectAttributes[S] | undefined, ids: string[], field?: string): boolean {
    const { allowed, reason, emergencyAccessId } = this.ability.decide(action, subject, object, field);
    this.audit.record({ action: field ? `${action}:${field}` : action, subjectType: subject, subjectIds: ids, allowed, reason, emergencyAccessId });
    return allowed;
  }

  /**
   * Records what the caller's rules admitted inside SQL (lists, see `CallerAbility.sqlFilter`):
   * the same rules, so it is not decided again row by row.
   */
  admitted(action: Action, subject: SubjectType, ids: string[]): void {
    if (ids.length > 0) this.audit.record({ action, subjectType: subject, subjectIds: ids, allowed: true, reason: ADMITTED_BY_SQL });
  }

  /** Like `allows`, but a refusal is a FORBIDDEN error (for things the caller can see but not do). */
  require<S extends SubjectType>(action: Action, subject: S, object: SubjectAttributes[S] | undefined, ids: string[], field?: string): void {
    if (!this.allows(action, subject, object, ids, field)) {
      const what = field ? `${subject}.${field}` : subject;
      throw platformError('FORBIDDEN', `Your access policy does not allow ${action} on ${what}`, { action, subject, ...(field ? { field } : {}) });
    }
  }
}
