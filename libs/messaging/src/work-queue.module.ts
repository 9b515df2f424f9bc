import { type DynamicModule, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { NatsConfig } from '@intake/config';
import { connect, type NatsConnection } from 'nats';
import { natsConnectOptions } from './messaging.module';
import { UnconfirmedJobs } from './unconfirmed-jobs';
import { WorkQueue } from './work-queue';

const WORK_CONNECTION = Symbol('WORK_CONNECTION');

@Injectable()
class WorkQueueCloser implements OnApplicationShutdown {
  constructor(
    @Inject(WorkQueue) private readonly queue: WorkQueue,
    @Inject(WORK_CONNECTION) private readonly connection: NatsConnection,
  ) {}

  /** Lets the jobs in hand finish (or checkpoint) before the connection goes. */
  async onApplicationShutdown(): Promise<void> {
    await this.queue.drain();
    await this.connection.drain().catch(() => undefined);
  }
}

/** A JetStream WorkQueue on its own NATS connection, drained on shutdown, and the UnconfirmedJobs that send through it. */
@Module({})
export class WorkQueueModule {
  static forRoot(config: NatsConfig, name: string): DynamicModule {
    return {
      module: WorkQueueModule,
      global: true,
      providers: [
        { provide: WORK_CONNECTION, useFactory: () => connect({ ...natsConnectOptions(config), name: `${name}-work` }) },
        { provide: WorkQueue, inject: [WORK_CONNECTION], useFactory: (nc: NatsConnection) => WorkQueue.connect(nc) },
        UnconfirmedJobs,
        WorkQueueCloser,
      ],
      exports: [WorkQueue, UnconfirmedJobs, WORK_CONNECTION],
    };
  }
}

export { WORK_CONNECTION };
