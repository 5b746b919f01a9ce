import { configDefaults, defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

// graphql ships CommonJS and ESM builds; Apollo loads the CommonJS one, so tests must too, or
// schema objects from the two copies clash ("Cannot use GraphQLObjectType from another realm").
const resolve = { alias: { graphql: 'graphql/index.js' } };

/**
 * One project of the suite (`npm run test:<name>` runs it alone). The settings are spelled out here
 * rather than inherited with `extends: true`, which in Vitest 4 would also inherit the root's
 * globalSetup and run it once more per project.
 */
const project = (name: string, include: string[], exclude: string[] = []): TestProjectInlineConfiguration => ({
  resolve,
  test: { name, include, exclude: [...configDefaults.exclude, ...exclude], testTimeout: 30_000, hookTimeout: 60_000, pool: 'forks' },
});

export default defineConfig({
  resolve,
  test: {
    globalSetup: ['test/kit/global-setup.ts'],
    projects: [
      project('unit', ['test/unit/**/*.test.ts']),
      project('integration', ['test/**/*.test.ts'], ['test/unit/**', 'test/faults/**']),
      project('faults', ['test/faults/**/*.test.ts']),
    ],
  },
});
