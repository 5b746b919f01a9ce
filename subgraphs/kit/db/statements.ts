/**
 * A plain read: one SELECT. Only these are cancelled and retried: a write outside a transaction (an
 * EHR created, an audit record appended) finishes even when its client has left, as commits do, and
 * is never sent twice.
 */
export const isPlainRead = (sql: string): boolean => /^\s*SELECT\b/i.test(sql);
