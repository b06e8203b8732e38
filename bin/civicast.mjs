#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so `npx civicast` and `npm start` need no separate build step.
import { register } from 'tsx/esm/api';
register();
await import('../src/server/cli.ts');
