import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, loadConfig } from '../../../../platform/config/load-config.ts';
import {
  ACTIONS,
  ATTRIBUTES,
  FIELDS,
  loadPolicy,
  PolicyError,
  policyConfig,
  policySchemaPath,
  SUBJECTS,
  validatePolicyDocument,
} from '../../../../subgraphs/kit/authz/index.ts';
import { repoRoot } from '../../../../subgraphs/kit/authz/policy-schema.ts';
import { policyFolder, removePolicyFolders } from './support.ts';

afterAll(removePolicyFolders);

/** The message of the PolicyError `document` raises (as file `x.yaml`), or 'valid'. */
function problem(document: unknown): string {
  try {
    validatePolicyDocument(document, 'x.yaml');
    return 'valid';
  } catch (error) {
    if (!(error instanceof PolicyError)) throw error;
    return error.message;
  }
}
const withRule = (rule: Record<string, unknown>) => ({ version: 1, roles: { nurse: [{ action: 'read', subject: 'Entry', reason: 'because', ...rule }] } });

describe('policy schema (schema/policy.schema.json)', () => {
  it('is a draft 2020-12 schema whose vocabulary is the one the code enforces', () => {
    const schema = JSON.parse(readFileSync(policySchemaPath, 'utf8'));
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.$defs.action.enum).toEqual([...ACTIONS]);
    expect(schema.$defs.subject.enum).toEqual([...SUBJECTS]);
    for (const subject of SUBJECTS) {
      expect(Object.keys(schema.$defs[`conditions${subject}`].properties), subject).toEqual([...ATTRIBUTES[subject]]);
      expect(schema.$defs[`fields${subject}`].enum, subject).toEqual([...FIELDS[subject]]);
    }
  });

  it('accepts the default policy', () => {
    expect(() => loadPolicy('policies/default.yaml')).not.toThrow();
  });

  it.each([
    ['an unknown subject', { subject: 'Invoice' }, '/roles/nurse/0/subject: must be one of "Ehr", "Composition"'],
    ['an unknown action', { action: ['read', 'print'] }, '/roles/nurse/0/action/1: must be one of "read", "create"'],
    [
      'an unknown attribute',
      { conditions: { colour: 'red' } },
      '/roles/nurse/0/conditions/colour: must NOT have additional properties (attributes of Entry: ehrId, ehrOrg',
    ],
    [
      'an attribute of another subject',
      { subject: ['Entry', 'Composition'], conditions: { codes: 'LOINC::1' } },
      '/roles/nurse/0/conditions/codes: must NOT have additional properties (attributes of Composition:',
    ],
    [
      'an unknown operator',
      { conditions: { codes: { $regex: '.*' } } },
      '/roles/nurse/0/conditions/codes/$regex: must NOT have additional properties (allowed: $eq, $ne, $in, $nin, $exists)',
    ],
    ['a missing reason', { reason: undefined }, "/roles/nurse/0/reason: must have required property 'reason'"],
    ['a blank reason', { reason: '  ' }, '/roles/nurse/0/reason: must be a non-empty explanation'],
    [
      'an unknown variable',
      { conditions: { ehrOrg: '${principal.department}' } },
      '/roles/nurse/0/conditions/ehrOrg: unknown variable ${principal.department}',
    ],
    [
      'an unknown list variable',
      { conditions: { ehrOrg: { $in: '${organisations.all}' } } },
      '/roles/nurse/0/conditions/ehrOrg/$in: unknown variable ${organisations.all}',
    ],
    [
      'a list variable used as one value',
      { conditions: { ehrOrg: '${principal.network}' } },
      '/roles/nurse/0/conditions/ehrOrg: list variable ${principal.network} can only be the value of $in or $nin',
    ],
    [
      'a variable inside a list',
      { conditions: { ehrOrg: { $in: ['${principal.org}'] } } },
      '/roles/nurse/0/conditions/ehrOrg/$in/0: variable ${principal.org} cannot be a list element',
    ],
    ['an unknown field name', { fields: ['name', 'colour'] }, '/roles/nurse/0/fields/1: must be one of "path", "rmType"'],
    ['a non-string value', { conditions: { rmType: 3 } }, '/roles/nurse/0/conditions/rmType: must be string'],
    ['an unknown rule property', { when: 'always' }, '/roles/nurse/0/when: must NOT have additional properties'],
  ])('rejects %s with its JSON path', (_what, rule, expected) => {
    expect(problem(withRule(rule))).toContain(`x.yaml: ${expected}`);
  });

  it('rejects unknown top-level settings, bad role names and a wrong version', () => {
    expect(problem({ version: 1, colours: {} })).toBe(
      'x.yaml: /colours: must NOT have additional properties (allowed: version, organisations, codeLists, templateLists, research, emergencyAccess, identity, purposes, roles)',
    );
    expect(problem({ version: 1, roles: { 'head nurse': [] } })).toContain('x.yaml: /roles/head nurse: is not a valid name');
    expect(problem({ version: 2 })).toBe('x.yaml: /version: must be equal to constant');
    expect(problem({})).toBe("x.yaml: /version: must have required property 'version'");
    expect(problem({ version: 1, codeLists: { restricted: ['17351-8'] } })).toContain('x.yaml: /codeLists/restricted/0: must match pattern');
  });
});

describe('loadPolicy', () => {
  const rule = (reason: string) => `  - { action: read, subject: Template, reason: ${reason} }\n`;

  it('reads the default folder; its version is the sha256 of the normalized content', () => {
    const policy = loadPolicy('policies');
    expect(policy.files).toEqual(['policies/default.yaml']);
    expect(policy.version).toMatch(/^[0-9a-f]{64}$/);
    expect(loadPolicy(resolve(repoRoot, 'policies/default.yaml')).version).toBe(policy.version);
    expect(Object.keys(policy.document.roles).sort()).toEqual(['admin', 'auditor', 'clinician', 'nurse', 'registrar', 'researcher']);
  });

  it('names the file and JSON path of an invalid policy', () => {
    const folder = policyFolder({
      'a.yaml': 'version: 1\nroles:\n  nurse:\n' + rule('ok') + '  - { action: read, subject: Entry, reason: x, conditions: { colour: red } }\n',
    });
    expect(() => loadPolicy(folder)).toThrow(PolicyError);
    expect(() => loadPolicy(folder)).toThrow(`${join(folder, 'a.yaml')}: /roles/nurse/1/conditions/colour: must NOT have additional properties`);
  });

  it('merges the files of a folder: rule lists concatenate, settings combine', () => {
    const folder = policyFolder({
      '10-base.yaml': 'version: 1\ncodeLists: { restricted: ["LOINC::1-1"] }\nroles:\n  nurse:\n' + rule('first'),
      '20-more.json': JSON.stringify({
        version: 1,
        organisations: { researchAllowed: ['org-a'] },
        roles: { nurse: [{ action: 'read', subject: 'Entry', reason: 'second', conditions: { codes: { $nin: '${codeLists.restricted}' } } }] },
      }),
      'notes.txt': 'not a policy',
    });
    const policy = loadPolicy(folder);
    expect(policy.files.map((file) => file.slice(folder.length + 1))).toEqual(['10-base.yaml', '20-more.json']);
    expect(policy.document.roles.nurse?.map((r) => r.reason)).toEqual(['first', 'second']);
    expect(policy.document.organisations.researchAllowed).toEqual(['org-a']);
    expect(policy.document.codeLists.restricted).toEqual(['LOINC::1-1']);
  });

  it('refuses a setting two files give different values, naming both files', () => {
    const folder = policyFolder({
      'a.yaml': 'version: 1\ncodeLists: { restricted: ["LOINC::1-1"] }\n',
      'b.yaml': 'version: 1\ncodeLists: { restricted: ["LOINC::2-2"] }\n',
    });
    expect(() => loadPolicy(folder)).toThrow(`${join(folder, 'b.yaml')}: /codeLists/restricted: conflicts with the value set in ${join(folder, 'a.yaml')}`);
    writeFileSync(join(folder, 'b.yaml'), 'version: 1\ncodeLists: { restricted: ["LOINC::1-1"] }\n');
    expect(loadPolicy(folder).document.codeLists.restricted).toEqual(['LOINC::1-1']);
  });

  it('refuses a variable naming a list no file defines', () => {
    const folder = policyFolder({
      'a.yaml': 'version: 1\nroles:\n  nurse:\n  - { action: read, subject: Entry, reason: x, conditions: { codes: { $in: "${codeLists.secret}" } } }\n',
    });
    expect(() => loadPolicy(folder)).toThrow(
      `${join(folder, 'a.yaml')}: /roles/nurse/0/conditions/codes/$in: unknown variable \${codeLists.secret}: no codeLists entry "secret"`,
    );
  });

  it('refuses unparsable files, empty folders and missing paths', () => {
    expect(() => loadPolicy(policyFolder({ 'a.yaml': 'version: 1\nroles: [\n' }))).toThrow(/a\.yaml: \/: cannot be parsed: /);
    expect(() => loadPolicy(policyFolder({ 'a.yaml': 'version: 1\nversion: 1\n' }))).toThrow(/cannot be parsed: .*[Uu]nique/);
    expect(() => loadPolicy(policyFolder({}))).toThrow('folder holds no .yaml, .yml or .json policy file');
    expect(() => loadPolicy('policies/missing.yaml')).toThrow('policies/missing.yaml: /: no such file or folder');
  });

  it('changes version when the content changes, not when only formatting does', () => {
    const folder = policyFolder({ 'a.yaml': 'version: 1\nroles:\n  nurse:\n' + rule('one') });
    const first = loadPolicy(folder).version;
    writeFileSync(join(folder, 'a.yaml'), '# comment\nroles: { nurse: [ { reason: one, subject: Template, action: read } ] }\nversion: 1\n');
    expect(loadPolicy(folder).version).toBe(first);
    writeFileSync(join(folder, 'a.yaml'), 'version: 1\nroles:\n  nurse:\n' + rule('two'));
    expect(loadPolicy(folder).version).not.toBe(first);
  });
});

describe('policyConfig (POLICY_PATH)', () => {
  const schema = z.object({ ...policyConfig });
  it('defaults to the policies folder of the repository and resolves relative paths from there', () => {
    expect(loadConfig(schema, {}).POLICY_PATH).toBe(resolve(repoRoot, 'policies'));
    expect(loadConfig(schema, { POLICY_PATH: 'policies/default.yaml' }).POLICY_PATH).toBe(resolve(repoRoot, 'policies/default.yaml'));
  });
  it('refuses a path that does not exist', () => {
    expect(() => loadConfig(schema, { POLICY_PATH: 'nowhere' })).toThrow(ConfigError);
    expect(() => loadConfig(schema, { POLICY_PATH: 'nowhere' })).toThrow('POLICY_PATH: must name an existing policy file or folder');
  });
});
