import { z } from 'zod';

/** Thrown at start-up with one line per wrong setting. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Validates environment variables against a zod object schema whose keys are the variable names.
 * Empty strings count as unset, so `FOO=` falls back to the default.
 */
export function loadConfig<S extends z.ZodObject>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const result = schema.safeParse(present);
  if (result.success) return result.data;
  // One line per wrong variable: a value can fail several checks (e.g. `url()` and a refine).
  const problems = new Map<string, string>();
  for (const issue of result.error.issues) {
    const name = issue.path.join('.') || '(env)';
    if (!problems.has(name)) problems.set(name, `${name}: ${issue.message}`);
  }
  throw new ConfigError([...problems.values()]);
}

/** A TCP port in decimal digits; not `0x50`, `1e3` or blanks, which Number() would take (a blank as 0). */
export const port = (fallback: number) =>
  z
    .string()
    .trim()
    .regex(/^\d{1,5}$/, 'must be an integer 0..65535')
    .transform(Number)
    .refine((value) => value <= 65535, 'must be an integer 0..65535')
    .default(fallback);

export const postgresUrl = z
  .string()
  .refine((value) => /^postgres(ql)?:\/\//.test(value), 'must be a postgres:// or postgresql:// URL')
  .optional();

export const httpUrl = (fallback: string) =>
  z
    .url('must be an http(s) URL')
    .refine((value) => /^https?:\/\//.test(value), 'must be an http(s) URL')
    .default(fallback);

/** Read by the gateway (its clinical part of a query) and the demographic service (linkEhr's check). */
export const clinicalUrl = httpUrl('http://127.0.0.1:4001/graphql').meta({
  description:
    'the clinical subgraph: where the gateway sends its part of a query, and where the demographic service asks, with the caller’s own token, whether the caller may read an EHR it is asked to link (never its database)',
});

export const dataDir = z.string().default('./data').meta({
  description:
    'folder of the embedded databases (`clinical/`, `demographic/`) and of the keys generated on first start (`keys/token-signing-key.json`, `demographic/link.key`)',
});

/** The address every service listens on. */
export const host = z.string().default('127.0.0.1').meta({ description: 'address to listen on (`0.0.0.0` in containers)' });
