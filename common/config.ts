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
  throw new ConfigError(result.error.issues.map((issue) => `${issue.path.join('.') || '(env)'}: ${issue.message}`));
}

export const port = (fallback: number) =>
  z.coerce.number().int('must be an integer').min(0, 'must be 0..65535').max(65535, 'must be 0..65535').default(fallback);

export const postgresUrl = z
  .string()
  .refine((value) => /^postgres(ql)?:\/\//.test(value), 'must be a postgres:// or postgresql:// URL')
  .optional();

export const httpUrl = (fallback: string) =>
  z.string().url('must be an http(s) URL').refine((value) => /^https?:\/\//.test(value), 'must be an http(s) URL').default(fallback);

export const dataDir = z.string().default('./data');
