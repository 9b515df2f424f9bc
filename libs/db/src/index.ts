export * from './data-source';
export * from './database.module';
export * from './pg-errors';
export * from './secret-box';
