#!/usr/bin/env -S node --max-semi-space-size=64
// The `bango` command: runs the TypeScript CLI through tsx's loader. The young generation
// is set larger than Node's default (16 MB a semi-space): a busy server allocates many
// short-lived objects, and scavenges were a fifth of its time (docs/performance.md).
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
