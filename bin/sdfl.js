#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx, so `npx sdfl` works right after `npm ci`.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
const code = await main(process.argv.slice(2));
// Interrupted by SIGINT/SIGTERM (130/143): the rig is safe, nothing else is worth waiting for.
if (code === 130 || code === 143) process.exit(code);
process.exitCode = code;
