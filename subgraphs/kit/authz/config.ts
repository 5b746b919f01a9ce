import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { repoRoot } from './policy-schema.ts';

/**
 * Zod fragment for a service's configuration schema: `z.object({ ...policyConfig, … })`.
 * `POLICY_PATH`: a policy file or folder; relative paths are taken from the repository root;
 * default `policies` (the default policy set).
 */
export const policyConfig = {
  POLICY_PATH: z
    .string()
    .default('policies')
    .transform((path) => (isAbsolute(path) ? path : resolve(repoRoot, path)))
    .refine((path) => existsSync(path), 'must name an existing policy file or folder')
    .meta({
      description: 'policy file or folder (YAML/JSON; relative to the repository root), validated against `schema/policy.schema.json` at start-up',
    }),
};
