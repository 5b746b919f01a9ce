import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, isAbsolute, join, relative, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { LoadedPolicy, PolicyDocument, PolicyRule } from './document.ts';
import { PolicyError, repoRoot, validatePolicyDocument } from './policy-schema.ts';
import { checkPurposes, type IdentifyingField } from './purposes.ts';
import { LIST_VARIABLE_PATTERN, type PurposeCode } from './vocabulary.ts';

const POLICY_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

/**
 * Reads the policy at `path` (a file, or a folder whose .yaml/.yml/.json files merge in name order),
 * validates each file against schema/policy.schema.json and merges them. Throws a PolicyError
 * (`<file>: <JSON path>: <reason>`) on the first problem. A relative path is taken from the repository root.
 * `identifying` names the fields a research purpose may never grant (the service's identity table).
 */
export function loadPolicy(path: string, identifying: readonly IdentifyingField[] = []): LoadedPolicy {
  const root = isAbsolute(path) ? path : resolve(repoRoot, path);
  const files = policyFiles(root);
  const sources = files.map((file) => ({ name: displayName(file), document: parseFile(file, displayName(file)) }));
  return mergePolicy(sources, displayName(root), identifying);
}

/**
 * The policy one document would put in force, checked as `loadPolicy` checks files (the schema, the
 * list variables, the purposes): what an admin's new policy must pass before it is written.
 */
export function policyFromDocument(document: unknown, name: string, identifying: readonly IdentifyingField[] = []): LoadedPolicy {
  return mergePolicy([{ name, document }], name, identifying);
}

/** The policy files `path` names (a file, or a folder's .yaml/.yml/.json files in name order). */
export function policyFilesAt(path: string): string[] {
  return policyFiles(isAbsolute(path) ? path : resolve(repoRoot, path));
}

function mergePolicy(sources: readonly { name: string; document: unknown }[], rootName: string, identifying: readonly IdentifyingField[]): LoadedPolicy {
  const merged = emptyDocument();
  const settingOrigin = new Map<string, string>();
  const ruleFiles = new Map<string, string[]>();
  for (const { name, document } of sources) {
    validatePolicyDocument(document, name);
    for (const [role, rules] of Object.entries((document as Partial<PolicyDocument>).roles ?? {})) {
      ruleFiles.set(role, [...(ruleFiles.get(role) ?? []), ...rules.map(() => name)]);
    }
    mergeInto(merged, document as Partial<PolicyDocument>, name, settingOrigin);
  }
  const origin = (role: string, index: number) => {
    const file = ruleFiles.get(role)?.[index] ?? rootName;
    const before =
      ruleFiles
        .get(role)
        ?.slice(0, index)
        .filter((other) => other === file).length ?? index;
    return { file, pointer: `/roles/${role}/${before}` };
  };
  checkPurposes(merged, origin, sources.map(({ name }) => name).join(', '), identifying);
  const canonical = canonicalJson(merged);
  return {
    version: createHash('sha256').update(canonical).digest('hex'),
    document: JSON.parse(canonical) as PolicyDocument,
    files: sources.map(({ name }) => name),
    loadedAt: new Date(),
  };
}

function policyFiles(root: string): string[] {
  let isFolder: boolean;
  try {
    isFolder = statSync(root).isDirectory();
  } catch {
    throw new PolicyError(displayName(root), '/', 'no such file or folder');
  }
  if (!isFolder) return [root];
  const files = readdirSync(root)
    .filter((entry) => POLICY_EXTENSIONS.has(extname(entry).toLowerCase()))
    .sort()
    .map((entry) => join(root, entry));
  if (files.length === 0) throw new PolicyError(displayName(root), '/', 'folder holds no .yaml, .yml or .json policy file');
  return files;
}

function parseFile(file: string, name: string): unknown {
  const text = readFileSync(file, 'utf8');
  try {
    return extname(file).toLowerCase() === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    const firstLine = (error as Error).message.split('\n')[0];
    throw new PolicyError(name, '/', `cannot be parsed: ${firstLine}`);
  }
}

const emptyDocument = (): PolicyDocument => ({
  version: 1,
  organisations: { networks: {}, researchAllowed: [] },
  codeLists: {},
  templateLists: {},
  research: {},
  identity: {},
  roles: {},
});

/** Roles' rule lists concatenate; a setting given by two files must be equal in both. */
function mergeInto(target: PolicyDocument, source: Partial<PolicyDocument>, file: string, origin: Map<string, string>): void {
  const setting = (pointer: string, value: unknown, assign: () => void) => {
    const previous = origin.get(pointer);
    if (previous !== undefined && canonicalJson(valueAt(target, pointer)) !== canonicalJson(value)) {
      throw new PolicyError(file, pointer, `conflicts with the value set in ${previous}`);
    }
    if (previous === undefined) origin.set(pointer, file);
    assign();
  };
  for (const [name, members] of Object.entries(source.organisations?.networks ?? {})) {
    setting(`/organisations/networks/${name}`, members, () => (target.organisations.networks[name] = members));
  }
  const research = source.organisations?.researchAllowed;
  if (research) setting('/organisations/researchAllowed', research, () => (target.organisations.researchAllowed = research));
  for (const kind of ['codeLists', 'templateLists'] as const) {
    for (const [name, list] of Object.entries(source[kind] ?? {})) {
      setting(`/${kind}/${name}`, list, () => (target[kind][name] = list));
    }
  }
  for (const [key, value] of Object.entries(source.research ?? {}) as [keyof PolicyDocument['research'], unknown][]) {
    setting(`/research/${key}`, value, () => Object.assign(target.research, { [key]: value }));
  }
  for (const [key, value] of Object.entries(source.emergencyAccess ?? {})) {
    setting(`/emergencyAccess/${key}`, value, () => (target.emergencyAccess = { ...target.emergencyAccess, [key]: value }));
  }
  const markers = source.identity?.identifierMarkers;
  if (markers !== undefined) setting('/identity/identifierMarkers', markers, () => (target.identity = { identifierMarkers: markers }));
  for (const [role, rules] of Object.entries(source.roles ?? {})) {
    rules.forEach((rule, index) => checkListVariables(rule, `/roles/${role}/${index}`, target, source, file));
  }
  for (const [role, rules] of Object.entries(source.roles ?? {})) {
    target.roles[role] = [...(target.roles[role] ?? []), ...rules];
  }
  for (const [purpose, roles] of Object.entries(source.purposes ?? {}) as [PurposeCode, string[]][]) {
    target.purposes = { ...target.purposes, [purpose]: [...new Set([...(target.purposes?.[purpose] ?? []), ...roles])] };
  }
}

/** `${codeLists.x}` / `${templateLists.x}` must name a list of this file or of one merged before it. */
function checkListVariables(rule: PolicyRule, pointer: string, merged: PolicyDocument, source: Partial<PolicyDocument>, file: string) {
  for (const [attribute, condition] of Object.entries(rule.conditions ?? {})) {
    if (condition === null || typeof condition !== 'object') continue;
    for (const [operator, value] of Object.entries(condition)) {
      const match = typeof value === 'string' ? LIST_VARIABLE_PATTERN.exec(value) : null;
      const kind = match?.[2] as 'codeLists' | 'templateLists' | undefined;
      const name = match?.[3];
      if (!kind || !name) continue;
      if (!(name in merged[kind]) && !(name in (source[kind] ?? {}))) {
        throw new PolicyError(file, `${pointer}/conditions/${attribute}/${operator}`, `unknown variable ${String(value)}: no ${kind} entry "${name}"`);
      }
    }
  }
}

function valueAt(document: PolicyDocument, pointer: string): unknown {
  return pointer
    .split('/')
    .slice(1)
    .reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], document);
}

/** JSON with object keys sorted: the normalized form the version hash is taken over. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item !== null && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : item,
  );
}

function displayName(file: string): string {
  const fromRoot = relative(repoRoot, file);
  return fromRoot.startsWith('..') || isAbsolute(fromRoot) ? file : fromRoot;
}
