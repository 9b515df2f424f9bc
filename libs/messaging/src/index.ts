export * from './contract.pipe';
export * from './handle.decorator';
export * from './messaging.module';
export * from './rpc-client';
export * from './rpc-envelope.interceptor';
export * from './health.messages';
export * from './start-nats-service';
export * from './work-queue';
