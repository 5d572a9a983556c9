export * from './card-view-model.ts';
export * from './format.ts';
export * from './links.ts';
export * from './tokens.ts';
