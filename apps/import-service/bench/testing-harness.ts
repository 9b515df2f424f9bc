/**
 * Loads @intake/testing for a script that runs from dist/. Import this module before anything else
 * that imports @intake/testing.
 *
 * libs/testing/src/paths.ts finds the workspace as `../../..` from its own file. That is right for
 * the TypeScript sources Jest runs. From dist/libs/testing/src it is one level short: builtMain()
 * then points into dist/dist/apps/…, which does not exist. Until paths.ts is fixed, this replaces
 * that module's exports, before TestSuite reads them, with the real root. It does nothing once
 * builtMain() already points at an existing file.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

interface TestingPaths {
  WORKSPACE_ROOT: string;
  builtMain(app: string): string;
}

/** The repository: the nearest folder above this file with a package.json (from apps/… or dist/apps/…). */
export const REPO_ROOT = ((): string => {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${__dirname}`);
  }
})();

const LIB = '../../../libs/testing/src';

function load<T>(name: string): T {
  // By path on purpose: global-setup is not in the lib's index, and paths must be patched before the index loads.
  return require(`${LIB}/${name}`) as T;
}

const pathsFile = require.resolve(`${LIB}/paths`);
const paths = load<TestingPaths>('paths');
if (!existsSync(paths.builtMain('gateway'))) {
  const cached = require.cache[pathsFile];
  if (!cached) throw new Error(`${pathsFile} is not in the module cache`);
  cached.exports = { ...paths, WORKSPACE_ROOT: REPO_ROOT, builtMain: (app: string) => join(REPO_ROOT, 'dist/apps', app, 'src/main.js') };
}

/**
 * What Jest's global setup does: build, and make the RSA test keys once (in the OS temp folder).
 * The build is the second of the run (the npm script builds first); it takes about a second.
 */
export function prepareTestKeys(): void {
  load<{ default: () => void }>('global-setup').default();
}
