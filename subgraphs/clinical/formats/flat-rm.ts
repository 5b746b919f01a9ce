// The RM parts a FLAT document leaves implicit, filled in after conversion as EHRbase does: `ctx/…` shortcuts,
// entry subject/language/encoding, a history's origin (its first event's time), interval bounds, interval events.
import { isObj, type Obj } from './flat-paths.ts';

export interface FlatContext {
  language?: string;
  territory?: string;
  composerName?: string;
  time?: string;
}

const ENTRIES = new Set(['OBSERVATION', 'EVALUATION', 'INSTRUCTION', 'ACTION', 'ADMIN_ENTRY']);
const code = (terminology: string, codeString: string): Obj => ({
  _type: 'CODE_PHRASE',
  terminology_id: { _type: 'TERMINOLOGY_ID', value: terminology },
  code_string: codeString,
});

export function completeComposition(composition: Obj, ctx: FlatContext, defaultLanguage: string): void {
  const language = isObj(composition.language) ? composition.language : code('ISO_639-1', ctx.language ?? defaultLanguage);
  composition.language = language;
  if (composition.territory === undefined && ctx.territory !== undefined) composition.territory = code('ISO_3166-1', ctx.territory);
  if (composition.composer === undefined) {
    composition.composer = ctx.composerName === undefined ? { _type: 'PARTY_SELF' } : { _type: 'PARTY_IDENTIFIED', name: ctx.composerName };
  }
  const context = composition.context;
  if (isObj(context) && context.start_time === undefined && ctx.time !== undefined) context.start_time = { _type: 'DV_DATE_TIME', value: ctx.time };
  walk(composition, (o) => completeNode(o, language));
}

function walk(o: unknown, visit: (o: Obj) => void): void {
  if (Array.isArray(o)) o.forEach((m) => walk(m, visit));
  else if (isObj(o)) {
    visit(o);
    Object.values(o).forEach((v) => walk(v, visit));
  }
}

function completeNode(o: Obj, language: Obj): void {
  const type = o._type;
  if (typeof type !== 'string') return;
  if (ENTRIES.has(type)) {
    o.language ??= structuredClone(language);
    o.encoding ??= code('IANA_character-sets', 'UTF-8');
    o.subject ??= { _type: 'PARTY_SELF' };
  }
  if (type === 'HISTORY' && o.origin === undefined && Array.isArray(o.events)) {
    const first: unknown = o.events[0];
    if (isObj(first) && isObj(first.time)) o.origin = structuredClone(first.time);
  }
  if (type === 'POINT_EVENT' && (o.width !== undefined || o.math_function !== undefined)) o._type = 'INTERVAL_EVENT';
  if (type === 'DV_INTERVAL') {
    o.lower_unbounded ??= o.lower === undefined;
    o.upper_unbounded ??= o.upper === undefined;
  }
}
