export * from './auth-user';
export * from './guards';
export * from './http-error.filter';
export * from './json-body';
export * from './jwks-key-store';
export * from './jwt.strategy';
export * from './zod.pipe';
export * from './openapi';
