export * from './actors';
export * from './free-port';
export * from './migrations';
export * from './nats-server';
export * from './paths';
export * from './suite';
export * from './test-database';
export * from './wait-for';
