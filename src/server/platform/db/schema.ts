// The Drizzle schema lives in ./schema/, one file per module; this file keeps the one import path the code uses.
export * from './schema/index.ts';
