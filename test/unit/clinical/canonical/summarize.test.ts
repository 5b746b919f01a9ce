import { describe, expect, it } from 'vitest';
import { fixtureNames, loadFixture } from '../../../kit/fixtures.ts';
import { summarizeComposition, validateComposition, type CanonicalObject } from '../../../../subgraphs/clinical/canonical/index.ts';

const fixture = (name: string): CanonicalObject => loadFixture(name) as CanonicalObject;

describe('summarizeComposition', () => {
  it.each(fixtureNames())('%s: same summary as validateComposition', (name) => {
    const doc = fixture(name);
    expect(summarizeComposition(doc)).toEqual(validateComposition(doc));
  });

  it('returns the entry and element values by reference', () => {
    const doc = fixture('minimal_evaluation.json');
    const entry = summarizeComposition(doc).entries[0]!;
    const content = doc.content as CanonicalObject[];
    expect(entry.canonical).toBe(content[0]);
    const items = (content[0]!.data as CanonicalObject).items as CanonicalObject[];
    expect(entry.elements[0]?.value).toBe(items[0]!.value);
  });

  it('de-duplicates codes in document order and walks language/encoding too', () => {
    const entry = summarizeComposition(fixture('minimal_admin.json')).entries[0]!;
    expect(entry.codes).toEqual(['ISO_639-1::en', 'Unicode::UTF-8', 'local::at0003']);
    const bp = summarizeComposition(fixture('ehrbase_blood_pressure_simple.de.v0.json')).entries[0]!;
    expect(bp.codes).toEqual(['ISO_639-1::de', 'IANA_character-sets::UTF-8', 'local::at0015', 'local::at1026', 'local::at1012']);
  });

  it('tolerates a minimal document without context or content', () => {
    const summary = summarizeComposition({ _type: 'COMPOSITION', name: { value: 'x' } });
    expect(summary).toMatchObject({ name: 'x', templateId: '', startTime: null, entries: [] });
  });

  it('counts entries across SECTIONs and skips unknown content', () => {
    const entry = (id: string): CanonicalObject => ({ _type: 'OBSERVATION', archetype_node_id: id, name: { value: id } });
    const section = (id: string, items: CanonicalObject[]): CanonicalObject => ({ _type: 'SECTION', archetype_node_id: id, items });
    const summary = summarizeComposition({
      content: [{ _type: 'SECTION', archetype_node_id: 's1', items: [entry('a'), section('s2', [entry('b')])] }, { _type: 'FOO' }, entry('c')],
    });
    expect(summary.entries.map((e) => [e.position, e.path])).toEqual([
      [0, '/content[s1]/items[a]'],
      [1, '/content[s1]/items[s2]/items[b]'],
      [2, '/content[c]'],
    ]);
  });

  it('element paths skip array indexes and non-archetyped nodes add a bare step', () => {
    const element = { _type: 'ELEMENT', archetype_node_id: 'at9', name: { value: 'e' }, value: { _type: 'DV_COUNT', magnitude: 1 } };
    const summary = summarizeComposition({
      content: [
        {
          _type: 'ACTION',
          archetype_node_id: 'act',
          name: { value: 'act' },
          instruction_details: {
            _type: 'INSTRUCTION_DETAILS',
            wf_details: { _type: 'ITEM_TREE', archetype_node_id: 'at1', items: [element, element] },
          },
        },
      ],
    });
    expect(summary.entries[0]?.elements.map((e) => e.path)).toEqual([
      '/content[act]/instruction_details/wf_details[at1]/items[at9]',
      '/content[act]/instruction_details/wf_details[at1]/items[at9]',
    ]);
  });
});
