import { ANY_TYPE, DEFAULT_IDENTIFIER_MARKERS, IDENTIFIER_KIND_ATTRIBUTES, IDENTITY_TABLE, PARTY_IDENTITY, type TableAttribute } from './identity-table.ts';

/** Where a document identifies the patient, and how (never the value itself). */
export interface IdentityFinding {
  jsonPath: string;
  problem: string;
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const KEY = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const child = (path: string, key: string | number) =>
  typeof key === 'number' ? `${path}[${key}]` : KEY.test(key) ? `${path}.${key}` : `${path}['${key.replace(/['\\]/g, '\\$&')}']`;

const words = (text: string) =>
  ` ${text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()} `;

/** The policy's markers of a person identifier, added to the defaults, as padded words. */
export function identifierMarkers(extra: readonly string[]): readonly string[] {
  return [...new Set([...DEFAULT_IDENTIFIER_MARKERS, ...extra].map(words).filter((marker) => marker.trim() !== ''))];
}

/**
 * Every place where a composition identifies the patient (seed principle: no real-life identifier
 * in the clinical repository): an entry or feed subject other than PARTY_SELF that names or
 * identifies someone (PARTY_RELATED without name or identifiers stays: family history), a
 * PARTY_SELF reference to anything but the EHR's own subject, and DV_IDENTIFIERs whose issuer,
 * assigner or type mark a person identifier. Staff (composer, providers, participations) stay:
 * the identity table hides them from who may not see them.
 */
export function identityFindings(document: unknown, ehrSubjectId: string, markers: readonly string[]): IdentityFinding[] {
  const findings: IdentityFinding[] = [];
  walk(document, 'COMPOSITION', '$', { ehrSubjectId, markers, findings });
  return findings;
}

interface Walk {
  ehrSubjectId: string;
  markers: readonly string[];
  findings: IdentityFinding[];
}

function walk(value: unknown, rmType: string | null, path: string, w: Walk): void {
  if (Array.isArray(value)) return value.forEach((item, i) => walk(item, rmType, child(path, i), w));
  if (!isObject(value)) return;
  const type = typeof value._type === 'string' ? value._type : rmType;
  if (type === 'DV_IDENTIFIER') checkIdentifier(value, path, w);
  if (type === 'PARTY_SELF') checkSelf(value, path, w);
  const attributes = (type !== null ? IDENTITY_TABLE[type] : undefined) ?? ANY_TYPE;
  for (const [key, item] of Object.entries(value)) {
    const entry: TableAttribute | undefined = attributes[key];
    if (entry === 'subject' && isObject(item)) checkSubject(item, child(path, key), w);
    walk(item, key === 'identifiers' ? 'DV_IDENTIFIER' : typeof entry === 'object' ? entry.type : null, child(path, key), w);
  }
}

/** A subject other than PARTY_SELF may not name or identify anyone. */
function checkSubject(party: Json, path: string, w: Walk): void {
  const type = typeof party._type === 'string' ? party._type : null;
  if (type === 'PARTY_SELF') return;
  const identifying = (PARTY_IDENTITY[type ?? 'PARTY_IDENTIFIED'] ?? PARTY_IDENTITY.PARTY_IDENTIFIED ?? []).filter((key) => present(party[key]));
  if (identifying.length > 0) {
    w.findings.push({ jsonPath: path, problem: `a ${type ?? 'subject'} with ${identifying.join(', ')} identifies the patient (use PARTY_SELF)` });
  }
}

function checkSelf(party: Json, path: string, w: Walk): void {
  const ref = party.external_ref;
  if (!present(ref)) return;
  const id = isObject(ref) && isObject(ref.id) ? ref.id.value : undefined;
  if (id !== w.ehrSubjectId)
    w.findings.push({ jsonPath: child(path, 'external_ref'), problem: "a PARTY_SELF reference to anything but the EHR's own subject" });
}

function checkIdentifier(identifier: Json, path: string, w: Walk): void {
  for (const key of IDENTIFIER_KIND_ATTRIBUTES) {
    const kind = identifier[key];
    if (typeof kind !== 'string') continue;
    const text = words(kind);
    if (w.markers.some((marker) => text.includes(marker))) {
      w.findings.push({ jsonPath: path, problem: `a DV_IDENTIFIER whose ${key} marks a person identifier` });
      return;
    }
  }
}

const present = (value: unknown) => value !== undefined && value !== null && !(Array.isArray(value) && value.length === 0);
