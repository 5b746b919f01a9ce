import {
  ANY_TYPE,
  CATEGORY_FIELDS,
  GRAPHQL_FIELDS,
  IDENTITY_CATEGORIES,
  IDENTITY_TABLE,
  type IdentityCategory,
  type TableAttribute,
} from './identity-table.ts';

/** The categories of the identity table hidden from one caller. */
export type HiddenCategories = ReadonlySet<IdentityCategory>;

/** "May the caller read this field of some object of this type?" (a type-level policy check). */
export type FieldCheck = (subject: 'Ehr' | 'Composition', field: string) => boolean;

export function hiddenCategories(canRead: FieldCheck): HiddenCategories {
  return new Set(IDENTITY_CATEGORIES.filter((category) => !canRead(CATEGORY_FIELDS[category].subject, CATEGORY_FIELDS[category].field)));
}

const attributesOf = (rmType: string | null) => (rmType !== null ? (IDENTITY_TABLE[rmType] ?? ANY_TYPE) : ANY_TYPE);

/**
 * The category of the first identifying attribute along `path` (attribute names below an object of
 * `rmType`), or null when the path carries none.
 */
export function categoryOfPath(rmType: string, path: readonly string[]): IdentityCategory | null {
  let type: string | null = rmType;
  for (const attribute of path) {
    const entry: TableAttribute | undefined = attributesOf(type)[attribute];
    if (typeof entry === 'string') return entry;
    type = entry?.type ?? null;
  }
  return null;
}

/** Whether an object of `rmType` may hold an attribute of a hidden category somewhere inside it. */
export function mayHoldHidden(rmType: string, hidden: HiddenCategories): boolean {
  if (hidden.size === 0) return false;
  if (!(rmType in IDENTITY_TABLE)) return true;
  const seen = new Set<string>();
  const visit = (type: string): boolean => {
    if (seen.has(type)) return false;
    seen.add(type);
    return Object.values(attributesOf(type)).some((entry) => (typeof entry === 'string' ? hidden.has(entry) : visit(entry.type)));
  };
  // LOCATABLEs other than EHR/VERSION objects hold archetyped content of unknown types
  return visit(rmType) || (rmType !== 'EHR' && rmType !== 'VERSION' && rmType !== 'AUDIT_DETAILS' && visit('ANY'));
}

/** Why the caller may not use `path` below an object of `rmType`, or null. */
export function pathRefusal(hidden: HiddenCategories, rmType: string, path: readonly string[]): string | null {
  const category = categoryOfPath(rmType, path);
  return category !== null && hidden.has(category) ? CATEGORY_FIELDS[category].what : null;
}

/**
 * `value` (found at an object of `rmType`, or of an unknown type: null) less every attribute of a
 * hidden category, at any depth. Objects are copied only where something is removed below them.
 */
export function redact<T>(value: T, rmType: string | null, hidden: HiddenCategories): T {
  if (hidden.size === 0) return value;
  return redactValue(value, rmType, hidden) as T;
}

function redactValue(value: unknown, rmType: string | null, hidden: HiddenCategories): unknown {
  if (Array.isArray(value)) {
    const items = value.map((item: unknown) => redactValue(item, rmType, hidden));
    return items.some((item, i) => item !== value[i]) ? items : value;
  }
  if (value === null || typeof value !== 'object') return value;
  const object = value as Record<string, unknown>;
  const type = typeof object._type === 'string' ? object._type : rmType;
  const attributes = attributesOf(type);
  let copy: Record<string, unknown> | null = null;
  for (const [key, item] of Object.entries(object)) {
    const entry = attributes[key];
    if (typeof entry === 'string' && hidden.has(entry)) {
      copy ??= { ...object };
      delete copy[key];
      continue;
    }
    const redacted = redactValue(item, typeof entry === 'object' ? entry.type : null, hidden);
    if (redacted !== item) (copy ??= { ...object })[key] = redacted;
  }
  return copy ?? object;
}

/** The table category a GraphQL field shows, if any. */
export function categoryOfField(type: keyof typeof GRAPHQL_FIELDS, field: string): IdentityCategory | null {
  return GRAPHQL_FIELDS[type][field] ?? null;
}

const WHOLE_OBJECT_REFUSED = 'a whole object may name people or records, which is hidden from you; select paths instead';

/**
 * The identity category a refusal reason of `pathRefusal` or `aqlPathRefusal` stands for (`whole
 * object` for a whole object): what the audit trail records of a refused path, never the path.
 */
export function refusedCategory(reason: string): string {
  if (reason === WHOLE_OBJECT_REFUSED) return 'whole object';
  return IDENTITY_CATEGORIES.find((category) => CATEGORY_FIELDS[category].what === reason) ?? 'unknown';
}

/**
 * AQL's path refusal (see AqlAccess.refusePath): a path whose attributes reach a hidden category,
 * and whole objects that may hold one (select paths instead).
 */
export function aqlPathRefusal(hidden: HiddenCategories): (variableType: string, path: string) => string | null {
  return (variableType, path) => {
    if (path === '') {
      return mayHoldHidden(variableType, hidden) ? WHOLE_OBJECT_REFUSED : null;
    }
    return pathRefusal(hidden, variableType, path.split('/'));
  };
}
