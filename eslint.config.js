// ESLint over the whole repository: typescript-eslint's strict type-checked rules, and the import zones
// that keep the services apart (each zone says why). Formatting is Prettier's job (`npm run format:check`).
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const root = import.meta.dirname;

/** Production code: what the services run (not tests, benchmarks or scripts). */
const PRODUCTION = ['platform', 'gateway', 'subgraphs'];
/** Modules that compute without touching a database or a caller's rights. */
const PURE = [
  'subgraphs/clinical/aql',
  'subgraphs/clinical/canonical',
  'subgraphs/clinical/templates',
  'subgraphs/clinical/formats',
  'subgraphs/clinical/privacy',
];

/** `import-x/no-restricted-paths` zones: files under `target` may not import files under `from`. */
const zones = [
  {
    target: 'subgraphs/clinical',
    from: 'subgraphs/demographic',
    message: 'The clinical subgraph is anonymous: it may not load demographic code (patients, the link key and its crypto).',
  },
  {
    target: 'subgraphs/demographic',
    from: 'subgraphs/clinical',
    message: 'The demographic subgraph may not load clinical code: the two meet only through the gateway, by EHR id.',
  },
  {
    target: 'platform',
    from: ['gateway', 'subgraphs'],
    message: 'platform/ is shared by every service and depends on none of them.',
  },
  {
    target: 'subgraphs/kit',
    from: ['subgraphs/clinical', 'subgraphs/demographic', 'gateway'],
    message: 'subgraphs/kit/ is shared by both subgraphs and depends on neither (nor on the gateway).',
  },
  {
    target: 'gateway',
    from: 'subgraphs',
    message: 'The gateway reaches the subgraphs over HTTP only, never by importing their code.',
  },
  {
    target: 'subgraphs/*/resolvers/**',
    from: 'subgraphs/*/store/**',
    message: 'Resolvers go through the caller-scoped access layer (access/), never straight to the store.',
  },
  {
    target: PURE,
    from: ['subgraphs/clinical/access', 'subgraphs/clinical/store', 'subgraphs/kit/access'],
    message: 'aql/, canonical/, templates/ and formats/ are pure: no data access (access/ or store/); callers hand them what they need.',
  },
  {
    target: 'console/src',
    from: ['platform', 'gateway', 'subgraphs', 'scripts', 'console/server', 'test'],
    message: 'The console runs in the browser and talks to the services over HTTP only: it may import no server code.',
  },
  {
    target: PRODUCTION,
    from: 'console',
    message: 'The services do not depend on the web console (npm start serves it beside them).',
  },
  {
    target: PRODUCTION,
    from: 'test',
    message: 'Production code never depends on test code.',
  },
];

export default defineConfig(
  globalIgnores(['node_modules/', 'console/dist/', 'subgraphs/*/generated/', 'data/', 'bench/results/']),
  js.configs.recommended,
  tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: root },
      globals: globals.node,
    },
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver-next': [createNodeResolver()] },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'import-x/no-restricted-paths': ['error', { basePath: root, zones }],
      // Numbers and booleans print as expected in messages, SQL aliases and keys; objects and nullish values stay errors.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      // `return send(…)` as an early exit (async HTTP handlers, validators) and `(x) => resolve(x)` callbacks are this
      // codebase's style; the rewrite the rule asks for (call, then a bare return) doubles those lines and changes nothing.
      '@typescript-eslint/no-confusing-void-expression': 'off',
      // Async methods implement Promise-returning interfaces (Apollo plugin hooks, caches, the bus): `async` turns a throw
      // into a rejection, so dropping it where nothing is awaited would change behaviour.
      '@typescript-eslint/require-await': 'off',
      // `const { uid: _uid, ...rest } = document` is how this code drops fields from a copy.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true, argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // The objects deleted from are JSON documents and environment records, which must stay plain objects (not Maps).
      '@typescript-eslint/no-dynamic-delete': 'off',
      // The strings spread into characters are ASCII (date-pattern letters, duration designators, SMART permissions).
      '@typescript-eslint/no-misused-spread': ['error', { allow: [{ from: 'lib', name: 'string' }] }],
      // `db.query<Row>(…)` takes the row type from the caller: a type parameter used only in the result is the point there.
      '@typescript-eslint/no-unnecessary-type-parameters': 'off',
      // fast-xml-parser moved its validator to another package; switching is a dependency change of its own.
      '@typescript-eslint/no-deprecated': ['error', { allow: [{ from: 'package', package: 'fast-xml-parser', name: 'XMLValidator' }] }],
    },
  },
  {
    files: ['console/src/**'],
    languageOptions: { globals: globals.browser },
  },
  {
    // NUL in a pattern is the point here: PostgreSQL text and JSON cannot hold it.
    files: ['subgraphs/clinical/canonical/storable.ts'],
    rules: { 'no-control-regex': 'off' },
  },
  {
    files: ['test/**', 'bench/**'],
    rules: {
      // Tests and benchmarks read GraphQL responses (JSON, typed `any` by the test client) and assert on them with
      // toEqual; typing each response would copy the schema into them.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    files: ['test/**'],
    rules: {
      // Deep fixture documents are navigated as `any` (`type Json = any`), for the same reason.
      '@typescript-eslint/no-explicit-any': 'off',
      // `response.data!.x`: a wrong assumption fails the test at once, which is what a test wants.
      '@typescript-eslint/no-non-null-assertion': 'off',
      // `afterAll(() => system?.stop())` guards against a beforeAll that failed before assigning; types cannot say so.
      '@typescript-eslint/no-unnecessary-condition': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
  },
);
