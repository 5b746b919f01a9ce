// What an OPT says for forms only, never checked: its annotations, its other languages and their translations
// of the archetypes' terms (`<ontology>`, `<component_ontologies>`). The web template shows them.
import { obj, rawList, text, textOf, type Raw } from './parse-opt.ts';
import type { TermText, Translations } from './types.ts';

export interface OptExtras {
  /** `<annotations path>` items by path, the root archetype id removed from the path. */
  annotations: Record<string, Record<string, string>>;
  /** The template's language first, then the others its description is given in. */
  languages: string[];
  translations: Translations;
}

export function optExtras(template: Raw, language: string): OptExtras {
  const described = rawList(obj(template, 'description'), 'details').map((d) => text(obj(d, 'language'), 'code_string'));
  const languages = [...new Set([language, ...described.filter((l) => l !== '')])];
  return { annotations: annotations(template), languages, translations: translations(template, language) };
}

function annotations(template: Raw): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const annotation of rawList(template, 'annotations')) {
    const path = annotation['@_path'];
    if (typeof path !== 'string') continue;
    const items: Record<string, string> = {};
    for (const item of rawList(annotation, 'items')) if (typeof item['@_id'] === 'string') items[item['@_id']] = textOf(item);
    const key = path.replace(/^[^/]+/, '');
    out[key] = { ...out[key], ...items };
  }
  return out;
}

function translations(template: Raw, language: string): Translations {
  const out: Translations = {};
  for (const ontology of [...rawList(template, 'ontology'), ...rawList(template, 'component_ontologies')]) {
    const archetypeId = ontology['@_archetype_id'];
    if (typeof archetypeId !== 'string') continue;
    for (const definitions of rawList(ontology, 'term_definitions')) {
      const lang = definitions['@_language'];
      if (typeof lang !== 'string' || lang === language) continue;
      const terms: Record<string, TermText> = {};
      for (const term of rawList(definitions, 'items')) {
        const code = term['@_code'];
        if (typeof code === 'string') terms[code] = termText(term);
      }
      out[archetypeId] = { ...out[archetypeId], [lang]: terms };
    }
  }
  return out;
}

function termText(term: Raw): TermText {
  const out: TermText = {};
  for (const item of rawList(term, 'items')) {
    if (item['@_id'] === 'text') out.text = textOf(item);
    if (item['@_id'] === 'description') out.description = textOf(item);
  }
  return out;
}
