import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { writablePolicyFile, writePolicyFile } from '../../../../subgraphs/kit/access/policy-file.ts';

const folder = () => mkdtempSync(join(tmpdir(), 'policy-file-'));

describe('the policy file a new policy replaces', () => {
  it('is POLICY_PATH, or the only policy file of its folder; a split policy is refused', () => {
    const single = folder();
    writeFileSync(join(single, 'policy.yaml'), 'version: 1\n');
    expect(writablePolicyFile(single)).toBe(join(single, 'policy.yaml'));
    expect(writablePolicyFile(join(single, 'policy.yaml'))).toBe(join(single, 'policy.yaml'));
    writeFileSync(join(single, 'more.json'), '{"version":1}');
    expect(() => writablePolicyFile(single)).toThrow(/split over 2 files/);
  });

  it('is replaced in its own format, leaving no temporary file behind', () => {
    const dir = folder();
    const yaml = join(dir, 'policy.yaml');
    const json = join(dir, 'policy.json');
    writeFileSync(yaml, 'version: 1\n');
    writeFileSync(json, '{}');
    writePolicyFile(yaml, { version: 1, codeLists: { restricted: ['LOINC::4548-4'] } });
    writePolicyFile(json, { version: 1 });
    expect(parse(readFileSync(yaml, 'utf8'))).toEqual({ version: 1, codeLists: { restricted: ['LOINC::4548-4'] } });
    expect(JSON.parse(readFileSync(json, 'utf8'))).toEqual({ version: 1 });
    expect(readdirSync(dir).sort()).toEqual(['policy.json', 'policy.yaml']);
  });
});
