export { abilityCacheStats, buildCallerAbility, DEFAULT_MINIMUM_CELL_SIZE, DEFAULT_SUPPRESS_ROLES } from './ability.ts';
export { policyConfig } from './config.ts';
export type { LoadedPolicy, PolicyDocument, PolicyRule } from './document.ts';
export { canonicalJson, loadPolicy } from './load-policy.ts';
export { PolicyError, policySchemaPath, validatePolicyDocument } from './policy-schema.ts';
export { parseScopes, patternCondition, type ParsedScope, type ParsedScopes } from './scopes.ts';
export type { Action, CallerAbility, ColumnMap, Decision, ResearchLimits, SubjectAttributes, SubjectType } from './types.ts';
export { networkOf } from './variables.ts';
export { ACTIONS, ATTRIBUTES, FIELDS, SUBJECTS } from './vocabulary.ts';
