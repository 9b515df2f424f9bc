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

/** Options for a service's NATS listener: a queue group so replicas share the load. */
export function natsServerOptions(config: NatsConfig, queue: string): NatsOptions {
  return { transport: Transport.NATS, options: { servers: [config.url], queue, name: queue } };
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
              options: { servers: [config.url], name: `${name}-client` },
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
