/** Test helpers for Emporium services (import from '@emporium/kit/testing'). */
export * from './db.ts';
export * from './runtime.ts';
export * from './redis.ts';
