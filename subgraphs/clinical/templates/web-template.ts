// Compiled template → web template: the node tree front-end form builders use, built by the rules of EHRbase's
// generator (web templates version 2.3; docs/templates.md). Structural nodes (HISTORY, ITEM_TREE …, an event that
// is its history's only one and occurs at most once) are flattened away, an ELEMENT becomes a node of its value's
// type (or its value choices), and RM attributes every form needs (subject, language, time …) are added.
import { baseType, isLocatable, typeParameter } from './rm-types.ts';
import type { CompiledTemplate, ComplexNode, ConstraintNode } from './types.ts';
import { childOf, inputsFor, isLeafType } from './web-template-inputs.ts';
import { Languages } from './web-template-languages.ts';
import {
  CONTEXT_ATTRIBUTES,
  CONTEXT_NAMES,
  EVENTS,
  FLATTENED,
  NOT_IN_CONTEXT,
  PROPORTION_KINDS,
  RM_DEFAULTS,
  RM_NAMES,
  linkCareflowSteps,
  maxOf,
  mergeInto,
  nameOf,
  rmLeaf,
  uniqueIds,
  type WebTemplate,
  type WebTemplateNode,
} from './web-template-support.ts';
import { explicitDescription, explicitName, memberSteps, perName, webTemplateId } from './web-template-names.ts';
import { ANY_VALUE_TYPES, choiceId, textOrCoded } from './web-template-values.ts';
import { joinAnnotations, TemplateAnnotations } from './web-template-annotations.ts';

export type { WebTemplateInput } from './web-template-inputs.ts';
export type { WebTemplate, WebTemplateNode } from './web-template-support.ts';

/** The web template of a compiled template (JSON). */
export function webTemplate(template: CompiledTemplate): WebTemplate {
  const lang = template.language;
  const languages = new Languages(lang, template.languages ?? [lang], template.translations ?? {});
  const [root] = new Builder(languages, new TemplateAnnotations(template.annotations ?? {})).node(template.root, '', '');
  const { aqlPath: _rootPath, ...tree } = root as WebTemplateNode;
  return { templateId: template.templateId, version: '2.3', defaultLanguage: lang, languages: languages.all, tree };
}

class Builder {
  constructor(
    private readonly languages: Languages,
    private readonly annotations: TemplateAnnotations,
  ) {}

  /**
   * Web template nodes for constraint `c` at `path`, reached through RM attribute `attr`. `soleEvent`: `c` is
   * the only event of its history (EHRbase then drops it when it occurs at most once).
   */
  node(c: ConstraintNode, path: string, attr: string, soleEvent = false): WebTemplateNode[] {
    if (c.kind !== 'complex' || c.archetypeId === undefined) return this.nodeIn(c, path, attr, soleEvent);
    const outer = this.languages.archetype;
    this.languages.archetype = c.archetypeId;
    try {
      return this.nodeIn(c, path, attr, soleEvent);
    } finally {
      this.languages.archetype = outer;
    }
  }

  private nodeIn(c: ConstraintNode, path: string, attr: string, soleEvent: boolean): WebTemplateNode[] {
    if (c.kind === 'slot') return [];
    if (c.kind === 'complex' && isLocatable(c.rmType)) {
      const type = baseType(c.rmType);
      if (FLATTENED.has(type) || (soleEvent && c.occurrences.max === 1)) return this.children(c, path);
      if (type === 'ELEMENT') return [this.element(c, path)];
      return [{ ...this.archetyped(c, path), children: this.children(c, path) }];
    }
    // An RM attribute position, named after the attribute (context attributes carry no localizedName).
    const base: WebTemplateNode = {
      id: attr,
      name: RM_NAMES[attr] ?? attr,
      ...(CONTEXT_NAMES.has(attr) ? {} : { localizedName: attr }),
      rmType: c.rmType,
      min: c.occurrences.min,
      max: maxOf(c.occurrences),
      aqlPath: path,
    };
    let node: WebTemplateNode;
    if (c.kind === 'complex' && baseType(c.rmType) === 'DV_INTERVAL') {
      node = { ...base, children: this.interval(c, path) };
    } else if (isLeafType(c) || (c.kind === 'complex' && c.attributes.length === 0)) {
      node = this.withInputs(base, c);
    } else {
      node = { ...base, children: this.children(c as ComplexNode, path) };
    }
    return [NOT_IN_CONTEXT.has(attr) ? node : { ...node, inContext: true }];
  }

  private archetyped(c: ComplexNode, path: string): WebTemplateNode {
    const name = explicitName(c) ?? nameOf(c);
    const termCode = c.archetypeId === undefined ? c.nodeId : 'at0000';
    const descriptions = this.languages.descriptions(termCode, explicitDescription(c) ?? c.description);
    const annotations = joinAnnotations(c.annotations, this.annotations.at(path));
    return {
      id: webTemplateId(name),
      name,
      localizedName: name,
      rmType: c.rmType,
      nodeId: c.nodeId,
      min: c.occurrences.min,
      max: maxOf(c.occurrences),
      localizedNames: this.languages.texts(termCode, name),
      ...(descriptions === undefined ? {} : { localizedDescriptions: descriptions }),
      aqlPath: path,
      ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
    };
  }

  private element(c: ComplexNode, path: string): WebTemplateNode {
    const values = (c.attributes.find((a) => a.name === 'value')?.children ?? []).filter((v) => v.kind !== 'slot');
    const base = this.archetyped(c, path);
    const valuePath = `${path}/value`;
    const only = values.length === 1 ? values[0] : undefined;
    if (only) {
      const leaf = this.withInputs({ ...base, rmType: only.rmType, aqlPath: valuePath }, only);
      if (baseType(only.rmType) !== 'DV_INTERVAL') return leaf;
      return { ...leaf, children: this.interval(only as ComplexNode, valuePath) };
    }
    if (values.length === 0) return { ...base, children: this.anyValue(base, valuePath) };
    const coded = textOrCoded(values);
    if (coded) return this.openCodedText(base, coded, valuePath);
    const { annotations: _annotations, ...choiceBase } = base;
    const choices = values.map((v) => {
      const choice = this.withInputs({ ...choiceBase, id: choiceId(v.rmType), rmType: v.rmType, min: 1, max: 1, aqlPath: valuePath }, v);
      return baseType(v.rmType) === 'DV_INTERVAL' ? { ...choice, children: this.interval(v as ComplexNode, valuePath) } : choice;
    });
    return { ...base, children: choices };
  }

  /** An element whose value the template leaves open: one choice per data value type (as EHRbase). */
  private anyValue(element: WebTemplateNode, valuePath: string): WebTemplateNode[] {
    const { name, localizedName, localizedNames, localizedDescriptions } = element;
    const shared = { name, localizedName, localizedNames, localizedDescriptions, min: 0, max: 1, aqlPath: valuePath };
    return ANY_VALUE_TYPES.map((rmType) => ({ ...this.withInputs({ ...shared, id: choiceId(rmType), rmType }, rmLeaf(rmType, 0)), inContext: true as const }));
  }

  /** DV_CODED_TEXT or DV_TEXT: one open coded node (EHRbase's merge), free text in its `other` input. */
  private openCodedText(base: WebTemplateNode, coded: ConstraintNode, valuePath: string): WebTemplateNode {
    const node = this.withInputs({ ...base, rmType: coded.rmType, aqlPath: valuePath }, coded);
    const inputs = (node.inputs ?? []).map((i) => (i.suffix === 'code' ? { ...i, listOpen: true } : i));
    return { ...node, inputs: [...inputs, { suffix: 'other', type: 'TEXT' }] };
  }

  private interval(c: ComplexNode, path: string): WebTemplateNode[] {
    const bounds = c.attributes.filter((a) => a.name === 'lower' || a.name === 'upper');
    const fallback = typeParameter(c.rmType) ?? 'DV_QUANTITY';
    const list =
      bounds.length > 0 ? bounds.map((a) => [a.name, a.children[0]] as const) : (['lower', 'upper'] as const).map((n) => [n, rmLeaf(fallback, 1)] as const);
    return list.map(([name, child]) =>
      this.withInputs(
        {
          id: name,
          name,
          localizedName: name,
          rmType: child?.rmType ?? fallback,
          min: 1,
          max: 1,
          aqlPath: `${path}/${name}`,
        },
        child ?? rmLeaf(fallback, 1),
      ),
    );
  }

  private withInputs(node: WebTemplateNode, c: ConstraintNode): WebTemplateNode {
    const inputs = inputsFor(c, this.languages);
    const out = inputs ? { ...node, inputs } : node;
    if (baseType(c.rmType) !== 'DV_PROPORTION') return out;
    const kinds = childOf(c, 'type');
    const allowed = kinds?.kind === 'primitive' && kinds.item.type === 'INTEGER' ? kinds.item.list : undefined;
    return { ...out, proportionTypes: PROPORTION_KINDS.filter((_, i) => allowed === undefined || allowed.includes(i)) };
  }

  /** Children of a complex node: template attributes (except `name`), then its RM context attributes. */
  private children(c: ComplexNode, path: string): WebTemplateNode[] {
    const contextNames = CONTEXT_ATTRIBUTES[baseType(c.rmType)] ?? [];
    const out: WebTemplateNode[] = [];
    for (const attr of c.attributes) {
      if (attr.name === 'name' || attr.existence.max === 0 || contextNames.includes(attr.name)) continue;
      this.attribute(c, attr.name, path, out);
    }
    for (const name of contextNames) {
      if (name === 'instruction_details') {
        const details = rmLeaf('INSTRUCTION_DETAILS', 1);
        const at = `${path}/instruction_details`;
        for (const sub of ['activity_id', 'instruction_id']) this.attribute(details, sub, at, out);
      } else this.attribute(c, name, path, out);
    }
    return uniqueIds(out);
  }

  /** Nodes for one attribute of `owner` (its template children, or the RM default); alternatives are merged. */
  private attribute(owner: ComplexNode, name: string, path: string, out: WebTemplateNode[]): void {
    const attr = owner.attributes.find((a) => a.name === name);
    const defaults = RM_DEFAULTS[name] ? [rmLeaf(...RM_DEFAULTS[name])] : [];
    const children = attr ? perName(attr.children.filter((c) => c.occurrences.max !== 0)) : defaults;
    const merged = new Map<string, WebTemplateNode>();
    const soleEvent = children.filter((c) => EVENTS.has(baseType(c.rmType))).length === 1;
    const steps = memberSteps(children, `${path}/${name}`);
    for (const [i, child] of children.entries()) {
      for (const node of this.node(child, steps[i] ?? `${path}/${name}`, name, soleEvent)) {
        if (child.rmType === 'ISM_TRANSITION') linkCareflowSteps(node);
        const same = !isLocatable(child.rmType) && attr?.multiple !== true ? merged.get(node.id) : undefined;
        if (same) mergeInto(same, node);
        else {
          merged.set(node.id, node);
          out.push(node);
        }
      }
    }
  }
}
