// The wfc command line. Commands load their heavy parts only when they run, so that
// `wfc --version` and `wfc --help` start fast.

import { Command, CommanderError } from 'commander';
import { registerConvert } from './commands/convert.js';
import { registerExplain } from './commands/explain.js';
import { registerGraph } from './commands/graph.js';
import { registerMigrate } from './commands/migrate.js';
import { registerValidate } from './commands/validate.js';
import { CliError, EXIT, type Io } from './io.js';
import { version } from './version.js';

export async function run(argv: readonly string[], io: Io): Promise<number> {
  let exit: number = EXIT.ok;
  const done = (code: number) => {
    exit = code;
  };
  const program = new Command('wfc')
    .description('wfc compiles scientific workflows between formats: sketches, traces and pipelines in; Pegasus, Slurm, Kubernetes (Argo), Scalable, Torc, WfFormat and IR out; and migrates workflows between providers.')
    .version(version(), '-V, --version')
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)');
  registerConvert(program, io, done);
  registerMigrate(program, io, done);
  registerValidate(program, io, done);
  registerGraph(program, io, done);
  registerExplain(program, io, done);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exit;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version end here too, with exit code 0.
      return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (e instanceof CliError) {
      io.stderr(`${e.message}\n`);
      return e.exitCode;
    }
    io.stderr(`error[INT001]: internal error in wfc: ${(e as Error).message}\n   = hint: this is a bug in wfc; please report it with the input that caused it\n`);
    if (io.env.WFC_DEBUG) io.stderr(`${(e as Error).stack}\n`);
    return EXIT.internal;
  }
}
