import { connection, decodeCursor, pageSize } from '../graphql/pagination.ts';
import type { SqlParams } from '../db/sql.ts';
import type { AuditFilter, AuditStore } from '../store/audit-store.ts';
import type { AccessQuestion, HypotheticalCaller } from '../authz/explain.ts';
import type { Guard } from './guard.ts';
import type { PolicyHolder } from './policy-holder.ts';

const isAuditPageKey = (key: unknown[]) => key.length === 1 && typeof key[0] === 'string' && /^\d+$/.test(key[0]);

/** Admin operations of a subgraph (its policy, its audit trail), each checked against the caller's rules. */
export class AdminAccess {
  constructor(
    protected readonly guard: Guard,
    private readonly policy: PolicyHolder,
    private readonly audit: AuditStore,
  ) {}

  /** The policy in force (`read` on Policy). */
  policyInfo() {
    this.guard.require('read', 'Policy', undefined, []);
    return this.policy.info();
  }

  /** Reloads the policy files here and in every other service (`update` on Policy). */
  async reloadPolicies() {
    this.guard.require('update', 'Policy', undefined, []);
    return this.policy.reloadEverywhere();
  }

  /** Writes a new policy document and reloads it everywhere (`update` on Policy); see PolicyHolder.replace. */
  async setPolicy(document: unknown, expectedVersion: string) {
    this.guard.require('update', 'Policy', undefined, []);
    return this.policy.replace(document, expectedVersion);
  }

  /** Which rule would decide for a described caller (`read` on Policy: it shows the policy's rules). */
  explainAccess(caller: HypotheticalCaller, question: AccessQuestion) {
    this.guard.require('read', 'Policy', undefined, []);
    return this.policy.explain(caller, question);
  }

  /**
   * A page of the service's audit events, newest first (`read` on AuditEvent); the policy's conditions
   * (e.g. the admin's own organisation) are part of the SQL, so other events are never read.
   */
  async auditEvents(filter: AuditFilter | null | undefined, first: number | null | undefined, after: string | null | undefined) {
    this.guard.require('read', 'AuditEvent', undefined, []);
    const size = pageSize(first);
    const key = after ? decodeCursor(after, isAuditPageKey) : null;
    const visible = (params: SqlParams, columns: { org: string }) => this.guard.ability.sqlFilter('read', 'AuditEvent', columns, params);
    const rows = await this.audit.page(filter ?? {}, (key?.[0] as string | undefined) ?? null, size + 1, visible);
    return connection(rows, size, (row) => [row.id]);
  }
}
