export * from './api-error.ts';
export * from './partnerforge-client.ts';
