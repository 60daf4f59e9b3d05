#!/usr/bin/env node
// The `danvan` command: runs the TypeScript CLI through tsx's loader (no build step for the server).
import { register } from 'tsx/esm/api';
register();
const { main } = await import('../server/cli.ts');
const code = await main(process.argv.slice(2));
if (typeof code === 'number') process.exitCode = code;
