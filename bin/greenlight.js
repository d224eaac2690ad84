#!/usr/bin/env node
// The `greenlight` command: runs the TypeScript sources through tsx, so the CLI is always the code in the tree.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
