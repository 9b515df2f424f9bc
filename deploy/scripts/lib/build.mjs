// Rebuilds dist/ when it is missing or older than the sources (a cheap mtime walk): the services
// (swc into dist/apps/<service>) and the web app (a Next.js static export into dist/apps/web).
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ENTRY = 'dist/apps/gateway/src/main.js';
export const WEB_ENTRY = 'dist/apps/web/index.html';
// The web app's own build output and caches, which are not sources.
const WEB_NOT_SOURCES = new Set(['.next', 'out', 'node_modules', 'next-env.d.ts']);
// Files .swcrc excludes from the build; editing a test must not trigger a rebuild.
const NOT_BUILT = /\.(spec|int-spec|e2e-spec)\.ts$/;

/** Why a build is needed, or null when dist/ is up to date. */
export function staleReason(root, services) {
  for (const name of services) {
    const main = `dist/apps/${name}/src/main.js`;
    if (!existsSync(join(root, main))) return `${main} is missing`;
  }
  const builtAt = statSync(join(root, ENTRY)).mtimeMs;
  for (const top of ['apps', 'libs']) {
    for (const project of readdirSync(join(root, top), { withFileTypes: true })) {
      if (!project.isDirectory() || (top === 'apps' && project.name === 'web')) continue;
      const newer = findNewerSource(join(root, top, project.name, 'src'), builtAt);
      if (newer) return `${relative(root, newer)} changed since the last build`;
    }
  }
  return webStaleReason(root);
}

/** Library code the web app bundles (tsconfig.base.json paths); the rest of the libraries it reads only for types. */
const WEB_LIBRARY_FILES = ['libs/contracts/src/column-matcher.ts', 'libs/contracts/src/index-pattern.ts', 'libs/contracts/src/name-key.ts'];

/** Why the web app needs building, or null when dist/apps/web is newer than everything in apps/web and the library code it bundles. */
export function webStaleReason(root) {
  if (!existsSync(join(root, WEB_ENTRY))) return `${WEB_ENTRY} is missing`;
  const builtAt = statSync(join(root, WEB_ENTRY)).mtimeMs;
  const newer = findNewerFile(join(root, 'apps/web'), builtAt) ?? WEB_LIBRARY_FILES.map((f) => join(root, f)).find((f) => !existsSync(f) || statSync(f).mtimeMs > builtAt);
  return newer ? `${relative(root, newer)} changed since the last build` : null;
}

function findNewerFile(dir, builtAt) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (WEB_NOT_SOURCES.has(entry.name)) continue;
    const path = join(dir, entry.name);
    const newer = entry.isDirectory() ? findNewerFile(path, builtAt) : statSync(path).mtimeMs > builtAt ? path : null;
    if (newer) return newer;
  }
  return null;
}

function findNewerSource(dir, builtAt) {
  if (!existsSync(dir)) return null;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      const newer = findNewerSource(path, builtAt);
      if (newer) return newer;
    } else if (entry.name.endsWith('.ts') && !NOT_BUILT.test(entry.name) && statSync(path).mtimeMs > builtAt) {
      return path;
    }
  }
  return null;
}

/** Runs `npm run build` with the terminal attached; `track` receives the child so a Ctrl-C can stop it. */
export function runBuild(root, track = () => {}) {
  // Under `npm start`, npm_execpath is npm's own CLI: reuse it rather than hoping `npm` is on PATH.
  const npmCli = process.env.npm_execpath;
  const [command, args] = npmCli?.endsWith('.js') ? [process.execPath, [npmCli, 'run', 'build']] : ['npm', ['run', 'build']];
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit' });
    track(child);
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`npm run build failed (${signal ?? `exit code ${code}`})`)),
    );
  });
}
