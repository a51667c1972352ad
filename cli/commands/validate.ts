// wfc validate <input>: parse and lint, report, change nothing.

import type { Command } from 'commander';
import { hasErrors } from '../../ir/diagnostics.js';
import { loadSource, parseSource } from '../compile.js';
import { EXIT, type Io } from '../io.js';
import { checkFrom, collect, FORMATS_HELP, parseParams } from '../options.js';
import { reporter } from '../report.js';

interface ValidateOptions {
  from?: string;
  param: string[];
  quiet?: boolean;
}

export function registerValidate(program: Command, io: Io, done: (code: number) => void): void {
  program
    .command('validate')
    .summary('check a workflow and report its diagnostics')
    .description('Parse a workflow and run the lint checks; report every diagnostic; write nothing.')
    .argument('<input>', 'input file')
    .option('-f, --from <format>', 'input format, when the file name and content do not tell')
    .option('-p, --param <name=value>', 'set a workflow parameter (repeatable)', collect, [])
    .option('-q, --quiet', 'print only errors and warnings')
    .addHelpText('after', `\nInput formats:\n${FORMATS_HELP}`)
    .action(async (input: string, opts: ValidateOptions) => done(await validate(input, opts, io)));
}

async function validate(input: string, opts: ValidateOptions, io: Io): Promise<number> {
  const diagnostics: Parameters<typeof loadSource>[3] = [];
  const report = reporter(io, { quiet: opts.quiet });
  const source = loadSource(input, io, checkFrom(opts.from), diagnostics);
  const wf = source && (await parseSource(source, io, parseParams(opts.param), diagnostics));
  if (wf) {
    const [{ runPasses }, { lintPass }] = await Promise.all([import('../../passes/pass.js'), import('../../passes/lint.js')]);
    diagnostics.push(...runPasses(wf, [lintPass]).diagnostics);
  }
  report.diagnostics(diagnostics, new Map(source ? [[source.path, source.text]] : []));
  if (wf) report.losses(wf.losses);
  if (!wf || hasErrors(diagnostics)) return EXIT.input;
  const jobs = wf.jobs.length > 0 ? `, ${wf.jobs.length} jobs, ${wf.files.length} files` : '';
  if (!opts.quiet) io.stdout(`ok: ${input} (${source!.format.format}): ${wf.steps.length} steps${jobs}\n`);
  return EXIT.ok;
}
