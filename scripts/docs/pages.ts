import { configurationPage } from './configuration.ts';
import { errorsPage } from './errors.ts';

/** The pages of docs/ that are generated from code, by path from the repository root. */
export const GENERATED_PAGES: { path: string; render: () => string }[] = [
  { path: 'docs/configuration.md', render: configurationPage },
  { path: 'docs/errors.md', render: errorsPage },
];
