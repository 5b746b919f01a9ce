/** Collects the parameters of one statement; values never reach the SQL text. */
export class SqlParams {
  readonly values: unknown[] = [];
  private jsonpathVars: { index: number; vars: Record<string, unknown>; names: Map<string, string> } | null = null;

  add(value: unknown, cast = ''): string {
    this.values.push(value);
    return `$${this.values.length}${cast}`;
  }

  /** Appends a ready-made condition (the caller's rules) whose parameters are numbered from the next index. */
  addExternal(build: (firstParam: number) => { sql: string; params: unknown[] }): string {
    const { sql, params } = build(this.values.length + 1);
    this.values.push(...params);
    return `(${sql})`;
  }

  /** The shared `vars` argument of jsonb_path_* calls. */
  vars(): string {
    if (!this.jsonpathVars) {
      this.values.push(null);
      this.jsonpathVars = { index: this.values.length, vars: {}, names: new Map() };
    }
    return `$${this.jsonpathVars.index}::jsonb`;
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
    const values = [...this.values];
    if (this.jsonpathVars) values[this.jsonpathVars.index - 1] = JSON.stringify(this.jsonpathVars.vars);
    return values;
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
