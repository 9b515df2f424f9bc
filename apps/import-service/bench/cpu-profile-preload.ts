/**
 * `node --require …/cpu-profile-preload.js`: a CPU profile of import-service for `--cpu-prof DIR`.
 *
 * Node 20 allows neither --cpu-prof nor --prof in NODE_OPTIONS. --cpu-prof would also write nothing
 * here: the service dies from the SIGTERM it raises again after its graceful shutdown. So this
 * starts the inspector's profiler in the process, and writes the profile when SIGTERM arrives. Its
 * listener runs first and then removes itself, so the service's own shutdown goes on as before.
 * Only import-service is profiled; BENCH_CPU_PROFILE_DIR says where the profile goes.
 */
import { Session } from 'node:inspector';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.env.BENCH_CPU_PROFILE_DIR;

if (dir && /import-service[\\/]src[\\/]main\.js$/.test(process.argv[1] ?? '')) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.start');
  const write = () => {
    process.removeListener('SIGTERM', write);
    session.post('Profiler.stop', (error, result) => {
      if (error) return;
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, `import-service-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  };
  process.on('SIGTERM', write);
}
