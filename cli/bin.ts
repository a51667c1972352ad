#!/usr/bin/env node
// Entry point of the `wfc` executable.

import { run } from './main.js';
import { processIo } from './io.js';

run(process.argv.slice(2), processIo()).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`error[INT001]: internal error in wfc: ${String(e)}\n`);
    process.exitCode = 3;
  },
);
