// wfc validate: parse, lint, report.

import { hasErrors } from '../../ir/diagnostics.js';
import { loadSource, parseSource } from '../compile.js';
import { EXIT, type Io } from '../io.js';
import { checkFrom, frontendOptions } from '../options.js';
import { reporter } from '../report.js';
import type { ValidateOptions } from './validate.js';

export async function validate(input: string, opts: ValidateOptions, io: Io): Promise<number> {
  const diagnostics: Parameters<typeof loadSource>[3] = [];
  const report = reporter(io, { quiet: opts.quiet });
  const source = loadSource(input, io, checkFrom(opts.from), diagnostics);
  const wf = source && (await parseSource(source, io, frontendOptions(opts, io.cwd), diagnostics));
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
