import { defineConfig } from 'vitest/config';

export default defineConfig({
  // graphql ships CommonJS and ESM builds; Apollo loads the CommonJS one, so tests must too, or
  // schema objects from the two copies clash ("Cannot use GraphQLObjectType from another realm").
  resolve: { alias: { graphql: 'graphql/index.js' } },
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/kit/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
