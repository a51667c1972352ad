#!/usr/bin/env node
// Entry point of the `wfc` executable. `wfc --version` is answered before anything else loads.

import { processIo } from './io.js';
import { version } from './version.js';

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  process.stdout.write(`${version()}\n`);
} else {
  import('./main.js')
    .then(({ run }) => run(args, processIo()))
    .then(
      (code) => {
        process.exitCode = code;
      },
      (e: unknown) => {
        process.stderr.write(`error[INT001]: internal error in wfc: ${String(e)}\n`);
        process.exitCode = 3;
      },
    );
}
