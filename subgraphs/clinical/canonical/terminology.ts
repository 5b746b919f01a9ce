// The code sets the RM binds attributes to, shipped as data (terminology/, sources in terminology/SOURCES.md): groups
// of the openEHR support terminology, ISO 639-1 languages, ISO 3166-1 territories and IANA character sets.
import iana from './terminology/iana-character-sets.json' with { type: 'json' };
import iso3166 from './terminology/iso-3166-1.json' with { type: 'json' };
import iso639 from './terminology/iso-639-1.json' with { type: 'json' };
import openehr from './terminology/openehr-groups.json' with { type: 'json' };

/** What an attribute's value must be coded in. */
export interface CodeSetRule {
  label: string;
  terminologyId: string;
  /** Terminology ids older RM releases used for the same code set. */
  legacyIds?: string[];
  codeSet: string;
  /** A DV_CODED_TEXT (its defining_code is checked) rather than a CODE_PHRASE. */
  coded: boolean;
  has(code: string): boolean;
}

const GROUPS: Record<string, Record<string, string>> = openehr.groups;

function group(label: string, name: string): CodeSetRule {
  const codes = GROUPS[name] ?? {};
  return { label, terminologyId: 'openehr', codeSet: `the openehr group "${name}"`, coded: true, has: (code) => Object.hasOwn(codes, code) };
}

function list(label: string, terminologyId: string, codes: string[], caseInsensitive = false): CodeSetRule {
  const set = new Set(caseInsensitive ? codes.map((c) => c.toLowerCase()) : codes);
  const has = (code: string) => set.has(caseInsensitive ? code.toLowerCase() : code);
  return { label, terminologyId, codeSet: terminologyId, coded: false, has };
}

/** By attribute name: each of these names means the same RM attribute wherever it occurs in a composition. */
const RULES: Record<string, CodeSetRule> = {
  language: list('language', 'ISO_639-1', iso639.codes),
  territory: list('territory', 'ISO_3166-1', iso3166.codes),
  // RM 1.0.x examples (the openEHR SDK's test data among them) wrote `Unicode::UTF-8`.
  encoding: { ...list('encoding', 'IANA_character-sets', iana.codes, true), legacyIds: ['Unicode'] },
  category: group('COMPOSITION category', 'composition category'),
  setting: group('EVENT_CONTEXT setting', 'setting'),
  math_function: group('INTERVAL_EVENT math_function', 'event math function'),
  mode: group('PARTICIPATION mode', 'participation mode'),
  null_flavour: group('ELEMENT null_flavour', 'null flavours'),
  current_state: group('ISM_TRANSITION current_state', 'instruction states'),
  transition: group('ISM_TRANSITION transition', 'instruction transitions'),
  relationship: group('PARTY_RELATED relationship', 'subject relationship'),
};

/** The code set of the attribute named `key`, or undefined when the RM binds none. */
export function codeSetOf(key: string): CodeSetRule | undefined {
  return Object.hasOwn(RULES, key) ? RULES[key] : undefined;
}

/** The English rubric of an openehr code, if it is in any group. */
export function openehrRubric(code: string): string | undefined {
  for (const codes of Object.values(GROUPS)) if (Object.hasOwn(codes, code)) return codes[code];
  return undefined;
}

/** The openehr code of a rubric in one group (`participation mode`, `face-to-face communication` → `216`). */
export function openehrCode(groupName: string, rubric: string): string | undefined {
  return Object.entries(GROUPS[groupName] ?? {}).find(([, r]) => r === rubric)?.[0];
}
