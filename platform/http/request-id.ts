import { randomUUID } from 'node:crypto';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/**
 * The caller's `x-request-id` when it is a plain token (letters, digits, `._:-`, at most 64), else a
 * new UUID: the id ends up in audit trails, which must never hold free text such as a name.
 */
export function requestIdFrom(header: string | string[] | undefined): string {
  return typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
}
