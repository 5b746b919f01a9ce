/** A parameterised SQL statement: the text and its parameter values, `$1` first. */
export interface Statement {
  sql: string;
  params: unknown[];
}

/** A placeholder whose value is known only once the rest of the statement is built. */
export interface LatePlaceholder {
  /** `$n` with its cast, for the SQL text. */
  readonly sql: string;
  set(value: unknown): void;
}

/**
 * Numbers the placeholders of one statement and keeps their values, so that values never reach
 * the SQL text. `fixed` are the values of the placeholders the statement writes by hand
 * (`$1` … `$k`); `add` hands out `$k+1`, `$k+2`, … after them.
 */
export class SqlParams {
  private readonly list: unknown[];

  constructor(fixed: readonly unknown[] = []) {
    this.list = [...fixed];
  }

  /** The placeholder of a new parameter holding `value`, with `cast` appended (e.g. `::text`). */
  add(value: unknown, cast = ''): string {
    this.list.push(value);
    return `$${this.list.length}${cast}`;
  }

  /** A placeholder taken now whose value is set later (before `values` is read). */
  later(cast = ''): LatePlaceholder {
    const index = this.list.length;
    this.list.push(null);
    return { sql: `$${index + 1}${cast}`, set: (value) => void (this.list[index] = value) };
  }

  /** The parameter values in placeholder order. */
  get values(): unknown[] {
    return [...this.list];
  }

  /** `sql` with the parameters collected so far. */
  statement(sql: string): Statement {
    return { sql, params: this.values };
  }
}
