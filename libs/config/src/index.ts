export * from './auth-service.config';
export * from './env';
export * from './gateway.config';
export * from './import-service.config';
export * from './worker-service.config';
export * from './logging';
