// wfc validate <input>: parse and lint, report, change nothing.

import type { Command } from 'commander';
import type { Io } from '../io.js';
import type { SourceOptions } from '../options.js';
import { addSourceOptions, FORMATS_HELP } from '../help.js';

export interface ValidateOptions extends SourceOptions {
  from?: string;
  quiet?: boolean;
}

export function registerValidate(program: Command, io: Io, done: (code: number) => void): void {
  const cmd = program
    .command('validate')
    .summary('check a workflow and report its diagnostics')
    .description('Parse a workflow and run the lint checks; report every diagnostic; write nothing.')
    .argument('<input>', 'input file')
    .option('-f, --from <format>', 'input format, when the file name and content do not tell')
    .option('-q, --quiet', 'print only errors and warnings')
    .addHelpText('after', `\nInput formats:\n${FORMATS_HELP}`);
  addSourceOptions(cmd).action(async (input: string, opts: ValidateOptions) => done(await (await import('./validate-run.js')).validate(input, opts, io)));
}

