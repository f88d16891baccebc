/** Every context's tables, for drizzle's migrations and typed queries. */

export * from './card/schema.ts';
export * from './corporate/schema.ts';
export * from './kernel/schema.ts';
export * from './linkage/schema.ts';
export * from './login/schema.ts';
export * from './pki/schema.ts';
export * from './portal/schema.ts';
export * from './registry/schema.ts';
