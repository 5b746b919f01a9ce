// A minimal valid canonical COMPOSITION for a compiled template: every mandatory node, each leaf with its first or
// lowest valid value. With `{ full: true }`, one instance of every optional node too (unfilled slots excepted).
import type { CanonicalObject } from '../canonical/index.ts';
import { codeLabel, codePhrase, codeValue, fitProportion, ordinalValue, primitiveValue, quantityValue, rmDefaults, text } from './example-values.ts';
import { concreteType, isLocatable } from './rm-types.ts';
import type { AttributeNode, CompiledTemplate, ComplexNode, ConstraintNode } from './types.ts';
import { nameOf } from './web-template-support.ts';

type Obj = Record<string, unknown>;

export interface ExampleOptions {
  /** Also generate one instance of every optional node (default: only mandatory ones). */
  full?: boolean;
}

export function exampleComposition(template: CompiledTemplate, options: ExampleOptions = {}): CanonicalObject {
  const gen = new Generator(template.language, options.full === true);
  const { category, context, content, ...identity } = gen.complex(template.root);
  (identity.archetype_details as Obj).template_id = { _type: 'TEMPLATE_ID', value: template.templateId };
  const contextExcluded = template.root.attributes.some((a) => a.name === 'context' && a.existence.max === 0);
  const composition: Obj = {
    ...identity,
    language: codePhrase('ISO_639-1', template.language),
    territory: codePhrase('ISO_3166-1', 'US'),
    category,
    composer: { _type: 'PARTY_SELF' },
  };
  if (context !== undefined || !contextExcluded) composition.context = context ?? gen.complex(RM_CONTEXT);
  if (content !== undefined) composition.content = content;
  return composition;
}

/** An unconstrained EVENT_CONTEXT (start_time and setting come from the RM defaults). */
const RM_CONTEXT: ComplexNode = {
  kind: 'complex',
  rmType: 'EVENT_CONTEXT',
  nodeId: '',
  occurrences: { min: 1, max: 1 },
  attributes: [],
};

/** False when a node needs content only an (unfilled) archetype slot could give: the full example leaves it out. */
function fillable(c: ConstraintNode): boolean {
  if (c.kind === 'slot') return false;
  if (c.kind !== 'complex') return true;
  return c.attributes.every((a) => {
    const needed = a.computed !== true && (a.existence.min >= 1 || (a.cardinality?.min ?? 0) >= 1);
    const first = a.children.find((x) => x.kind !== 'slot' && x.occurrences.max !== 0);
    return !needed || (first !== undefined && fillable(first));
  });
}

class Generator {
  constructor(
    private readonly lang: string,
    private readonly full: boolean,
  ) {}

  value(c: ConstraintNode): unknown {
    switch (c.kind) {
      case 'complex':
        return this.complex(c);
      case 'codePhrase':
        return codeValue(c);
      case 'quantity':
        return quantityValue(c);
      case 'ordinal':
        return ordinalValue(c);
      case 'primitive':
        return primitiveValue(c.item);
      case 'slot':
        return undefined;
    }
  }

  complex(c: ComplexNode): Obj {
    const type = concreteType(c.rmType);
    const o: Obj = { _type: type };
    if (isLocatable(c.rmType) && c.nodeId) {
      o.name = text(nameOf(c));
      if (c.archetypeId !== undefined) {
        const archetypeId = { _type: 'ARCHETYPE_ID', value: c.archetypeId };
        o.archetype_details = { _type: 'ARCHETYPED', archetype_id: archetypeId, rm_version: '1.0.4' };
      }
      o.archetype_node_id = c.nodeId;
    }
    Object.assign(o, rmDefaults(c.rmType, this.lang));
    for (const attr of c.attributes) this.attribute(o, attr);
    if (type === 'DV_PROPORTION') fitProportion(o);
    if (type === 'DV_CODED_TEXT') {
      const code = c.attributes.find((a) => a.name === 'defining_code')?.children[0];
      if (code?.kind === 'codePhrase') o.value = codeLabel(code);
    }
    return o;
  }

  private attribute(o: Obj, attr: AttributeNode): void {
    if (attr.computed === true) return;
    if (attr.existence.max === 0) {
      delete o[attr.name];
      return;
    }
    const usable = attr.children.filter((c) => c.kind !== 'slot' && c.occurrences.max !== 0);
    if (!attr.multiple) {
      const first = usable[0];
      const wanted = attr.existence.min >= 1 || attr.name in o || (this.full && first !== undefined && fillable(first));
      if (wanted && first) o[attr.name] = this.value(first);
      return;
    }
    // mandatory members first; optional ones (full) only while the cardinality allows more
    const counts = usable.map((child) => child.occurrences.min);
    const max = attr.cardinality?.max ?? null;
    const total = () => counts.reduce((a, b) => a + b, 0);
    usable.forEach((child, i) => {
      if (this.full && counts[i] === 0 && fillable(child) && (max === null || total() < max)) counts[i] = 1;
    });
    // a list that is there (or must be) has at least the cardinality's minimum of members
    const min = total() > 0 || attr.existence.min >= 1 ? (attr.cardinality?.min ?? 0) : 0;
    for (let i = 0; i < usable.length && total() < min; i++) {
      const occurrences = usable[i]?.occurrences.max ?? null;
      const room = occurrences === null ? Infinity : occurrences - (counts[i] ?? 0);
      counts[i] = (counts[i] ?? 0) + Math.min(room, min - total());
    }
    const items = usable.flatMap((child, i) => Array.from({ length: counts[i] ?? 0 }, () => this.value(child)));
    if (items.length > 0) o[attr.name] = items;
  }
}
