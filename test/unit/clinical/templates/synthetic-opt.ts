// Test-only: a small hand-written OPT (COMPOSITION → ADMIN_ENTRY → ITEM_TREE items) with pluggable elements, for
// constraints the shared fixtures do not exercise (C_BOOLEAN false_valid, C_TIME, existence 0..0, internal refs …).

type Bound = number | null;

export function interval(tag: string, lower: Bound, upper: Bound, lowerIncluded = true, upperIncluded = true): string {
  return (
    `<${tag}><lower_included>${lowerIncluded}</lower_included><upper_included>${upperIncluded}</upper_included>` +
    `<lower_unbounded>${lower === null}</lower_unbounded><upper_unbounded>${upper === null}</upper_unbounded>` +
    `${lower === null ? '' : `<lower>${lower}</lower>`}${upper === null ? '' : `<upper>${upper}</upper>`}</${tag}>`
  );
}

const occ = (lower: number, upper: Bound): string => interval('occurrences', lower, upper);

export function attribute(name: string, children: string, opts: { multiple?: boolean; existence?: [number, Bound] } = {}): string {
  const [lo, hi] = opts.existence ?? [opts.multiple ? 0 : 1, 1];
  const card = opts.multiple ? `<cardinality><is_ordered>false</is_ordered><is_unique>false</is_unique>${interval('interval', 0, null)}</cardinality>` : '';
  const type = opts.multiple ? 'C_MULTIPLE_ATTRIBUTE' : 'C_SINGLE_ATTRIBUTE';
  return `<attributes xsi:type="${type}"><rm_attribute_name>${name}</rm_attribute_name>` + `${interval('existence', lo, hi)}${children}${card}</attributes>`;
}

export function complex(rmType: string, nodeId: string, attributes = '', occurrences: [number, Bound] = [1, 1]): string {
  return (
    `<children xsi:type="C_COMPLEX_OBJECT"><rm_type_name>${rmType}</rm_type_name>${occ(...occurrences)}` +
    `<node_id>${nodeId}</node_id>${attributes}</children>`
  );
}

export function primitive(rmType: string, item: string): string {
  return `<children xsi:type="C_PRIMITIVE_OBJECT"><rm_type_name>${rmType}</rm_type_name>${occ(1, 1)}<node_id/>${item}</children>`;
}

/** An ELEMENT whose value is `value` (a constraint XML), 0..1 unless told. */
export function element(nodeId: string, value: string, occurrences: [number, Bound] = [0, 1]): string {
  return complex('ELEMENT', nodeId, attribute('value', value, { existence: [0, 1] }), occurrences);
}

/** A complete OPT: template `synthetic.v1`, ADMIN_ENTRY `openEHR-EHR-ADMIN_ENTRY.synthetic.v1` with `items`. */
export function syntheticOpt(items: string, entryAttributes = '', terms = ''): string {
  const entry =
    `<children xsi:type="C_ARCHETYPE_ROOT"><rm_type_name>ADMIN_ENTRY</rm_type_name>${occ(0, null)}<node_id>at0000</node_id>` +
    attribute('data', complex('ITEM_TREE', 'at0001', attribute('items', items, { multiple: true }))) +
    `${entryAttributes}<archetype_id><value>openEHR-EHR-ADMIN_ENTRY.synthetic.v1</value></archetype_id>${terms}</children>`;
  return `<?xml version="1.0" encoding="utf-8"?>
<template xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns="http://schemas.openehr.org/v1">
  <language><terminology_id><value>ISO_639-1</value></terminology_id><code_string>en</code_string></language>
  <template_id><value>synthetic.v1</value></template_id>
  <concept>Synthetic</concept>
  <definition><rm_type_name>COMPOSITION</rm_type_name>${occ(1, 1)}<node_id>at0000</node_id>
    ${attribute('content', entry, { multiple: true })}
    <archetype_id><value>openEHR-EHR-COMPOSITION.synthetic.v1</value></archetype_id>
  </definition>
</template>`;
}

const ENTRY_PATH = '/content[openEHR-EHR-ADMIN_ENTRY.synthetic.v1]/data[at0001]/items';
export const itemPath = (nodeId: string): string => `${ENTRY_PATH}[${nodeId}]`;

/** A canonical COMPOSITION for syntheticOpt with the given ITEM_TREE items (and extra ADMIN_ENTRY attributes). */
export function syntheticComposition(items: object[], entry: Record<string, unknown> = {}): Record<string, unknown> {
  const code = (terminology: string, code_string: string) => ({ terminology_id: { value: terminology }, code_string });
  return {
    _type: 'COMPOSITION',
    name: { value: 'Synthetic' },
    archetype_node_id: 'openEHR-EHR-COMPOSITION.synthetic.v1',
    archetype_details: { archetype_id: { value: 'openEHR-EHR-COMPOSITION.synthetic.v1' }, template_id: { value: 'synthetic.v1' } },
    language: code('ISO_639-1', 'en'),
    territory: code('ISO_3166-1', 'DE'),
    category: { _type: 'DV_CODED_TEXT', value: 'event', defining_code: code('openehr', '433') },
    composer: { _type: 'PARTY_SELF' },
    context: { start_time: { value: '2026-01-01T00:00:00Z' }, setting: { value: 'other care', defining_code: code('openehr', '238') } },
    content: [
      {
        _type: 'ADMIN_ENTRY',
        name: { value: 'Synthetic' },
        archetype_node_id: 'openEHR-EHR-ADMIN_ENTRY.synthetic.v1',
        language: code('ISO_639-1', 'en'),
        encoding: code('IANA_character-sets', 'UTF-8'),
        subject: { _type: 'PARTY_SELF' },
        data: { _type: 'ITEM_TREE', name: { value: 'Tree' }, archetype_node_id: 'at0001', items },
        ...entry,
      },
    ],
  };
}

/** An ELEMENT instance. */
export const el = (nodeId: string, value: object): object => ({ _type: 'ELEMENT', name: { value: nodeId }, archetype_node_id: nodeId, value });
