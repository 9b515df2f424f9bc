import { BenchCleanup } from './bench-cleanup';
import { benchBanner } from './bench-banner';
import prepareTestRun from './global-setup';
import { type SuiteOptions, TestSuite } from './suite';

/** A bad command line: the benchmark prints the message and its usage, and exits with 2. */
export class BenchUsageError extends Error {}

/** What a benchmark's body gets: undo steps that always run, and the suite started with them registered. */
export interface Benchmark {
  cleanup: BenchCleanup;
  startSuite(options?: SuiteOptions): Promise<TestSuite>;
}

export interface BenchmarkSpec<O> {
  /** "Import benchmark": the banner's first words. */
  name: string;
  usage: string;
  /** The options, or null when only the usage was asked for; throws BenchUsageError when they are wrong. */
  parse(args: string[]): O | null;
  run(options: O, bench: Benchmark): Promise<void>;
}

const out = (line = '') => process.stdout.write(`${line}\n`);
const err = (line: string) => process.stderr.write(`${line}\n`);

/**
 * Runs a benchmark as `main`: the machine banner, the build and test keys the suite needs, and
 * cleanup of everything it made on success, on an error and on Ctrl-C.
 */
export function runBenchmark<O>(spec: BenchmarkSpec<O>): void {
  const main = async () => {
    const options = spec.parse(process.argv.slice(2));
    if (!options) return out(spec.usage);
    const cleanup = new BenchCleanup(err);
    cleanup.onSignals();
    try {
      out(benchBanner(spec.name));
      prepareTestRun();
      await spec.run(options, {
        cleanup,
        startSuite: async (suiteOptions) => {
          const suite = await TestSuite.start(suiteOptions);
          // suite.stop() can wait forever for a service that a Ctrl-C already killed: its database and NATS then go by this step.
          cleanup.add('suite database and NATS', () => Promise.allSettled([suite.db.drop(), suite.nats.stop()]));
          cleanup.add('suite', () => suite.stop());
          return suite;
        },
      });
    } finally {
      await cleanup.runAll();
    }
  };
  main().catch((error: unknown) => {
    if (error instanceof BenchUsageError) {
      err(`${error.message}\n${spec.usage}`);
      process.exit(2);
    }
    err(`\n${spec.name.toLowerCase()} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  });
}
