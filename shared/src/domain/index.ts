export * from './domain-input-schema.ts';
export * from './normalize-domain.ts';
export * from './resolve-alias.ts';
