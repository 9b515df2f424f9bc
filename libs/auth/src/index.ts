export * from './auth-user';
export * from './guards';
export * from './http-error.filter';
export * from './index-pattern';
export * from './jwks-key-store';
export * from './jwt.strategy';
export * from './zod.pipe';
export * from './openapi';
