export * from './data-source';
export * from './database.module';
export * from './pg-errors';
export * from './prepared-statement';
export * from './secret-box';
