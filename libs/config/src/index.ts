export * from './auth-service.config';
export * from './env';
export * from './gateway.config';
export * from './import-service.config';
export * from './doc-service.config';
export * from './logging';
export * from './http-server';
