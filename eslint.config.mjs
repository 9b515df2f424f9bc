import nx from '@nx/eslint-plugin';

const scopes = ['gateway', 'auth', 'import', 'doc', 'web'];
const libTypes = ['type:contracts', 'type:util', 'type:data-access'];

/** Direction: apps use libs; libs never use apps; contracts use nothing of ours. No '*' row. */
const depConstraints = (testCode) => [
  // Only tests (and their helpers and the benches) may use the testing lib: its harness, doubles and factories.
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: testCode ? [...libTypes, 'type:testing'] : libTypes },
  { sourceTag: 'type:data-access', onlyDependOnLibsWithTags: testCode ? [...libTypes, 'type:testing'] : libTypes },
  { sourceTag: 'type:util', onlyDependOnLibsWithTags: testCode ? [...libTypes, 'type:testing'] : ['type:contracts', 'type:util'] },
  { sourceTag: 'type:testing', onlyDependOnLibsWithTags: libTypes },
  {
    sourceTag: 'type:contracts',
    onlyDependOnLibsWithTags: ['type:contracts'],
    bannedExternalImports: ['typeorm', 'pg', 'nats', '@nestjs/*', 'nestjs-pino'],
  },
  // Scope: an app sees only shared libs, so no app imports another.
  ...scopes.map((scope) => ({ sourceTag: `scope:${scope}`, onlyDependOnLibsWithTags: ['scope:shared', `scope:${scope}`] })),
  { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
  { sourceTag: 'scope:web', bannedExternalImports: ['typeorm', 'pg', 'nats', '@nestjs/*'] },
];

const boundaries = (testCode) => [
  'error',
  { enforceBuildableLibDependency: false, allow: [], banTransitiveDependencies: true, depConstraints: depConstraints(testCode) },
];

const testFiles = ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', '**/*.contract.ts', 'apps/*/test/**', '**/test-support/**', '**/*-test-database.ts'];

export default [
  { ignores: ['**/node_modules', '**/dist', '**/.data', '**/.nx', '**/.next', '**/out', 'coverage'] },
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      '@nx/enforce-module-boundaries': boundaries(false),
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  // The benches run the suite as the tests do (TestSuite), without being tests.
  { files: [...testFiles, 'apps/*/bench/**'], rules: { '@nx/enforce-module-boundaries': boundaries(true) } },
  {
    // The web app reads the contracts' types; their zod schemas must not reach the browser's bundle.
    files: ['apps/web/**/*.ts', 'apps/web/**/*.tsx'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { paths: [{ name: '@intake/contracts', message: 'import type only: the schemas stay out of the bundle', allowTypeImports: true }] }] },
  },
  { files: [...testFiles, 'libs/testing/**/*.ts'], rules: { 'no-console': 'off' } },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', __dirname: 'readonly', module: 'writable', require: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
];
