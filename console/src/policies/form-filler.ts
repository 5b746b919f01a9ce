import type { PolicyDocument } from './operations.ts';

const isEmptyObject = (value: unknown) => value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0;

/**
 * The form library fills every attribute a rule's subject allows into its `conditions` with `{}` (the
 * schema's `if`/`then` lists them) once the form changes. An attribute condition `{}` is never valid
 * (operators need at least one), so these are the library's and are dropped, and so is a `conditions`
 * that held nothing else.
 */
export function withoutFilledConditions(document: PolicyDocument): PolicyDocument {
  if (!document.roles) return document;
  const roles = Object.fromEntries(
    Object.entries(document.roles).map(([role, rules]) => [
      role,
      rules.map((rule) => {
        if (!rule.conditions) return rule;
        const entries = Object.entries(rule.conditions);
        const kept = entries.filter(([, condition]) => !isEmptyObject(condition));
        if (kept.length === entries.length) return rule;
        const { conditions: _filled, ...rest } = rule;
        return kept.length > 0 ? { ...rest, conditions: Object.fromEntries(kept) } : rest;
      }),
    ]),
  );
  return { ...document, roles };
}
