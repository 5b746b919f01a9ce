import type { Principal } from '../../../platform/auth/principal.ts';
import { badInput } from '../../../platform/errors/errors.ts';
import { buildCallerAbility } from './ability.ts';
import type { LoadedPolicy } from './document.ts';
import { activePurpose } from './purposes.ts';
import type { Action, SubjectAttributes, SubjectType } from './types.ts';
import { ACTIONS, SUBJECTS } from './vocabulary.ts';

/** A caller described by an admin ("what can this caller see?"), not a verified token. */
export interface HypotheticalCaller {
  roles: string[];
  org?: string | null;
  purpose?: string | null;
  /** SMART scopes; absent: the token has no `scope` claim (no narrowing). */
  scopes?: string[] | null;
  sub?: string | null;
}

export interface AccessQuestion {
  action: string;
  subject: string;
  /** The resource's attributes (e.g. `{ templateId, codes, ehrOrg }`); absent: "some object of this type?". */
  resource?: unknown;
  field?: string | null;
}

export interface AccessExplanation {
  allowed: boolean;
  /** The reason of the rule that decided, or why the caller gets no rule at all. */
  reason: string;
  /** The purpose of use the caller would act under; null when refused or unnamed. */
  purpose: string | null;
}

const isAction = (value: string): value is Action => (ACTIONS as readonly string[]).includes(value);
const isSubject = (value: string): value is SubjectType => (SUBJECTS as readonly string[]).includes(value);

/** Decides `question` for `caller` with the same ability code as a request, and names the deciding rule's reason. */
export function explainAccess(policy: LoadedPolicy, caller: HypotheticalCaller, question: AccessQuestion): AccessExplanation {
  const { action, subject, resource, field } = question;
  if (!isAction(action)) throw badInput(`Unknown action ${action}; one of ${ACTIONS.join(', ')}`, { argument: 'action' });
  if (!isSubject(subject)) throw badInput(`Unknown subject ${subject}; one of ${SUBJECTS.join(', ')}`, { argument: 'subject' });
  if (resource != null && (typeof resource !== 'object' || Array.isArray(resource))) {
    throw badInput('resource must be an object of the subject’s attributes', { argument: 'resource' });
  }
  const principal: Principal = {
    sub: caller.sub ?? 'explain-access',
    org: caller.org ?? null,
    roles: caller.roles,
    scopes: caller.scopes ?? null,
    jti: null,
    ehrId: null,
    purpose: caller.purpose ?? null,
    issuer: 'explain-access',
    expiresAt: null,
  };
  const active = activePurpose(policy.document, principal);
  if ('refused' in active) return { allowed: false, reason: active.refused, purpose: null };
  const ability = buildCallerAbility(policy, principal);
  const object = (resource ?? undefined) as SubjectAttributes[typeof subject] | undefined;
  const { allowed, reason } = ability.decide(action, subject, object, field ?? undefined);
  return { allowed, reason, purpose: ability.purpose };
}
