export * from './alert.ts';
export * from './alert-rule.ts';
export * from './enrichment.ts';
export * from './error.ts';
export * from './history.ts';
export * from './intel.ts';
export * from './roles.ts';
export * from './user.ts';
