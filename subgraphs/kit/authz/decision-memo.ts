import type { Action, Decision, SubjectType } from './types.ts';
import { ATTRIBUTES } from './vocabulary.ts';

/** What the memo needs of a CASL rule. */
export interface RuleLike {
  readonly conditions?: unknown;
  readonly ast: unknown;
}

interface ConditionNode {
  operator: string;
  field?: string;
  value: unknown;
}

const COMPOUND = new Set(['and', 'or', 'nor', 'not']);

/** The attributes the rules' conditions read, sorted; every allow-listed attribute when a condition is not understood. */
export function attributesReadBy(rules: readonly RuleLike[], subject: SubjectType): readonly string[] {
  const names = new Set<string>();
  const visit = (node: ConditionNode): boolean => {
    if (typeof node.field === 'string') {
      names.add(node.field);
      return true;
    }
    if (!COMPOUND.has(node.operator)) return false;
    const children: unknown[] = Array.isArray(node.value) ? node.value : [node.value];
    return children.every((child) => typeof child === 'object' && child !== null && visit(child as ConditionNode));
  };
  for (const rule of rules) {
    if (rule.conditions !== undefined && !visit(rule.ast as ConditionNode)) return ATTRIBUTES[subject];
  }
  return [...names].sort();
}

/** The decisions of one (action, subject, field). */
interface Slot {
  /** The attributes the relevant rules read: a decision depends on nothing else. */
  readonly names: readonly string[];
  /** "Some object of this type" (no object given). */
  typeLevel?: Decision;
  /** Every object, when the rules read no attribute (rules without conditions): decided once per type. */
  anyObject?: Decision;
  /** By the value of the one attribute read, when it is a string (the usual case: `ehrOrg`, `org`, `id`). */
  readonly byString: Map<string, Decision>;
  /** By the values of the attributes read, otherwise. */
  readonly byValues: Map<string, Decision>;
}

/** How many decisions one memo keeps; past that it starts over (still correct, only slower). */
const LIMIT = 10_000;

/**
 * One request's decisions, remembered by what they depend on: the action, subject and field, and
 * the values of the attributes the relevant rules' conditions read. The same check of many rows
 * is made once per distinct value (once per type when the rules have no conditions), and rows are
 * not wrapped in a new subject object for every check.
 */
export class DecisionMemo {
  private readonly slots = new Map<string, Slot>();
  private size = 0;

  /** `attributesRead(key, …)`: the attributes the rules of (action, subject, field) read; `key` names that triple. */
  constructor(private readonly attributesRead: (key: string, action: Action, subject: SubjectType, field: string | undefined) => readonly string[]) {}

  decide(action: Action, subject: SubjectType, object: object | undefined, field: string | undefined, evaluate: () => Decision): Decision {
    const slot = this.slot(action, subject, field);
    if (object === undefined) return (slot.typeLevel ??= evaluate());
    if (slot.names.length === 0) return (slot.anyObject ??= evaluate());
    const values = object as Record<string, unknown>;
    const only = slot.names.length === 1 ? values[slot.names[0] as string] : undefined;
    // absent and null are the same to rules (see the ability's attributesOf)
    const [map, key] = typeof only === 'string' ? [slot.byString, only] : [slot.byValues, JSON.stringify(slot.names.map((name) => values[name] ?? null))];
    let decision = map.get(key);
    if (!decision) {
      decision = evaluate();
      if ((this.size += 1) > LIMIT) this.clear();
      map.set(key, decision);
    }
    return decision;
  }

  private slot(action: Action, subject: SubjectType, field: string | undefined): Slot {
    const key = `${action}/${subject}/${field ?? ''}`;
    let slot = this.slots.get(key);
    if (!slot) {
      slot = { names: this.attributesRead(key, action, subject, field), byString: new Map(), byValues: new Map() };
      this.slots.set(key, slot);
    }
    return slot;
  }

  private clear(): void {
    this.slots.clear();
    this.size = 0;
  }
}
