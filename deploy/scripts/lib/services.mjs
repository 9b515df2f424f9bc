// The four Node services, run from the swc build in dist/.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { color, labelled, pipeChildOutput } from './output.mjs';

/**
 * import-service streams every file, so a small old space suffices; without a cap V8 lets garbage
 * pile up to several times the live heap before collecting (README, "Import benchmark").
 */
const IMPORT_SERVICE_NODE_ARGS = ['--max-old-space-size=256'];

export const SERVICES = [
  { name: 'auth-service', label: 'auth', tint: color.magenta },
  { name: 'import-service', label: 'import', tint: color.yellow, nodeArgs: IMPORT_SERVICE_NODE_ARGS },
  { name: 'doc-service', label: 'doc', tint: color.green },
  { name: 'gateway', label: 'gateway', tint: color.cyan },
];

export function startService(root, service, env) {
  // Own process group, as for nats-server: the launcher decides the shutdown order.
  const child = spawn(process.execPath, [...(service.nodeArgs ?? []), join(root, 'dist/apps', service.name, 'src/main.js')], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  pipeChildOutput(child, labelled(service.label, service.tint));
  return child;
}
