#!/usr/bin/env node
// The `esdh` command: compiled CLI in dist/ (npm ci builds it via the prepare script).
import { main } from '../dist/adapters/transports/cli/main.js';

await main();
