import { type DynamicModule, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { ClientProxyFactory, type NatsOptions, Transport } from '@nestjs/microservices';
import type { NatsConfig } from '@intake/config';
import { RpcClient } from './rpc-client';

@Injectable()
class RpcClientCloser implements OnApplicationShutdown {
  constructor(@Inject(RpcClient) private readonly client: RpcClient) {}

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }
}

/** How long a stopping service's NATS listener lets requests in hand answer. */
const NATS_GRACE_MS = 1_000;

/** Options for a service's NATS listener: a queue group so replicas share the load. */
export function natsServerOptions(config: NatsConfig, queue: string): NatsOptions {
  // gracefulShutdown: on SIGTERM, stop taking requests and let the ones in hand answer first. Nest
  // waits the whole grace period even with nothing in hand, so it is short: our handlers answer in
  // milliseconds, and a 10 s grace outlasted every launcher's stop timeout (npm start's 10 s, the
  // test suite's 5 s), so every service was SIGKILLed instead of closing its connections.
  return {
    transport: Transport.NATS,
    options: { ...natsConnectOptions(config), queue, name: queue, gracefulShutdown: true, gracePeriod: NATS_GRACE_MS },
  };
}

/**
 * Server list and credentials, as every NATS connection of ours needs them. Reconnecting never
 * gives up: with the client's default of 10 tries 2 s apart, a NATS restart of more than 20 s closed
 * the connections for good (services exited, the gateway answered 503 until restarted).
 */
export function natsConnectOptions(config: NatsConfig): { servers: string[]; user?: string; pass?: string; maxReconnectAttempts: number; reconnectTimeWait: number } {
  return { servers: [config.url], maxReconnectAttempts: -1, reconnectTimeWait: 2000, ...(config.user ? { user: config.user, pass: config.pass } : {}) };
}

@Module({})
export class MessagingModule {
  static forClient(config: NatsConfig, name: string): DynamicModule {
    return {
      module: MessagingModule,
      global: true,
      providers: [
        {
          provide: RpcClient,
          useFactory: async () => {
            const proxy = ClientProxyFactory.create({
              transport: Transport.NATS,
              options: { ...natsConnectOptions(config), name: `${name}-client` },
            });
            await proxy.connect();
            return new RpcClient(proxy, config.rpcTimeoutMs);
          },
        },
        RpcClientCloser,
      ],
      exports: [RpcClient],
    };
  }
}
