import { SqlParams, type LatePlaceholder } from '../../kit/db/sql.ts';

/** The parameters of one compiled AQL statement, with the jsonpath variables its jsonb_path_* calls share. */
export class AqlParams extends SqlParams {
  private jsonpathVars: { placeholder: LatePlaceholder; vars: Record<string, unknown>; names: Map<string, string> } | null = null;

  /** The shared `vars` argument of jsonb_path_* calls. */
  vars(): string {
    this.jsonpathVars ??= { placeholder: this.later('::jsonb'), vars: {}, names: new Map() };
    return this.jsonpathVars.placeholder.sql;
  }

  /** A jsonpath variable (`$v1`) holding `value`; identical values share one variable. */
  jsonpathVar(value: string | number | boolean): string {
    this.vars();
    const state = this.jsonpathVars as NonNullable<typeof this.jsonpathVars>;
    const key = `${typeof value}:${String(value)}`;
    let name = state.names.get(key);
    if (!name) {
      name = `v${state.names.size + 1}`;
      state.names.set(key, name);
      state.vars[name] = value;
    }
    return `$${name}`;
  }

  /** Final parameter list (the jsonpath variables serialised). */
  finish(): unknown[] {
    this.jsonpathVars?.placeholder.set(JSON.stringify(this.jsonpathVars.vars));
    return this.values;
  }
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** An RM attribute name as a quoted jsonpath key; names come from the lexer, this re-checks. */
export function jsonKey(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`not an attribute name: ${name}`);
  return `"${name}"`;
}

/** A text[] literal of attribute names for the #> operator. */
export function keyArray(names: readonly string[]): string {
  for (const name of names) jsonKey(name);
  return `'{${names.join(',')}}'`;
}

/** A jsonpath literal; it only ever holds attribute names, operators and $variables. */
export function jsonpath(text: string): string {
  if (text.includes("'")) throw new Error('jsonpath must not contain quotes');
  return `'${text}'`;
}

export const SQL_OPERATORS = { '=': '=', '!=': '<>', '>': '>', '>=': '>=', '<': '<', '<=': '<=' } as const;
export const JSONPATH_OPERATORS = { '=': '==', '!=': '!=', '>': '>', '>=': '>=', '<': '<', '<=': '<=' } as const;
