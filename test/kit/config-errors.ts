import { expect } from 'vitest';
import { ConfigError } from '../../platform/config/load-config.ts';

/** The ConfigError a load throws; fails the test when it does not throw one. */
export function configError(load: () => unknown): ConfigError {
  try {
    load();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

/** The problems (one line per wrong setting) of the ConfigError a load throws. */
export const configProblems = (load: () => unknown): string[] => configError(load).problems;
