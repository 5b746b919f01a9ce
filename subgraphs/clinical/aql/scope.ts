import type { VariableKind } from './rm.ts';
import type { AqlParams } from './sql.ts';
import type { AqlAccess } from './types.ts';

/** One FROM variable (named, or implicit for the access rules and containment) and its SQL alias. */
export interface Binding {
  name: string | null;
  rmType: string;
  kind: VariableKind;
  alias: string;
  /** The composition the variable lies in (itself for a composition). */
  composition: Binding | null;
  /** jsonb of the variable's object, for JSON-backed variables (entries: their data). */
  node: string | null;
  /** True exactly when the variable has a row (matters inside CONTAINS … OR …). */
  present: string;
}

export interface Scope {
  params: AqlParams;
  access: AqlAccess;
  parameters: Record<string, unknown>;
  bindings: Map<string, Binding>;
  joins: string[];
  where: string[];
  alias(prefix: string): string;
}
