// wfc migrate: read, move the workflow to the new provider, emit the artifacts for both providers,
// diff them, and write the artifacts and the report (or --check them).

import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { backendFor, BACKENDS } from '../../backends/registry.js';
import type { BackendResult, EmitOptions, VirtualTree } from '../../backends/types.js';
import { hasErrors, type Diagnostic } from '../../ir/diagnostics.js';
import { count } from '../../ir/text.js';
import type { Workflow } from '../../ir/types.js';
import { canExpress, formatFor } from '../../migrate/formats.js';
import { isProvider, PROVIDERS, type Provider } from '../../migrate/providers.js';
import { renderJson, renderMarkdown, type MigrationReport } from '../../migrate/report.js';
import { migrateWorkflow, placementRows } from '../../migrate/workflow.js';
import { runPasses } from '../../passes/pass.js';
import { contextFor, inputFiles, loadSource, parseSource, passesFor, type PassOptions } from '../compile.js';
import { CliError, EXIT, type Io } from '../io.js';
import { checkFrom, frontendOptions } from '../options.js';
import { readSteering } from '../pass-options.js';
import { lossRefusal, reporter } from '../report.js';
import { assertSafe, compareTree, conflicts, filePatch, refuseOverwrite, writeTree } from '../write.js';
import type { MigrateOptions } from './migrate.js';

export async function migrate(input: string, opts: MigrateOptions, io: Io): Promise<number> {
  const from = provider(opts.from, '--from');
  const to = provider(opts.to, '--to');
  if (opts.out === undefined) throw new CliError("error: required option '-o, --out <dir>' not specified", EXIT.usage);
  if (opts.format !== undefined && !backendFor(opts.format)) {
    throw new CliError(`error[WFC003]: unknown format "${opts.format}"\n   = hint: formats are ${BACKENDS.map((b) => b.target).join(', ')}`, EXIT.usage);
  }
  if (opts.report !== undefined && !/\.(md|markdown|json)$/i.test(opts.report)) {
    throw new CliError(`error[MIG004]: cannot tell the report's format from "${opts.report}"\n   = hint: name it *.md for Markdown or *.json for JSON`, EXIT.usage);
  }
  const steering = await readSteering(opts, io);
  const report = reporter(io, { quiet: opts.quiet });
  const diagnostics: Diagnostic[] = [];
  const source = loadSource(input, io, checkFrom(opts.inputFormat), diagnostics);
  const frontend = frontendOptions(opts, io.cwd);
  const wf = source && (await parseSource(source, io, frontend, diagnostics));
  const sources = new Map(source ? [[source.path, source.text]] : []);
  if (!source || !wf || hasErrors(diagnostics)) {
    report.diagnostics(diagnostics, sources);
    return EXIT.input;
  }

  const after = formatFor(source.format.format, to, opts.format);
  if (!canExpress(after, to)) {
    throw new CliError(`error[MIG003]: the ${after} format cannot say where ${to} runs a workflow\n   = hint: choose another --format, e.g. --format ${formatFor('', to)}`, EXIT.usage);
  }
  const before = canExpress(after, from) ? after : formatFor(source.format.format, from);
  const moved = migrateWorkflow(wf, from, to, after);
  const emitOptions: EmitOptions = { inputs: inputFiles(io, frontend.directory), ...steering.emit };
  diagnostics.push(...moved.diagnostics.items);
  if (hasErrors(diagnostics)) {
    report.diagnostics(diagnostics, sources);
    return EXIT.input;
  }

  // The "before" artifacts are the input as wfc writes it for the old provider, so that the diff
  // shows what the migration changed and not how wfc formats a file.
  const old = await emit(wf, before, {}, emitOptions, diagnostics);
  const now = await emit(moved.workflow, after, steering.passes, emitOptions, diagnostics);
  report.diagnostics(distinct(diagnostics), sources);
  if (!old || !now || hasErrors(diagnostics)) return EXIT.input;
  const losses = [...wf.losses, ...now.losses];
  report.losses(losses);
  if (opts.failOnLoss && losses.length > 0) {
    io.stderr(lossRefusal(losses.length, input));
    return EXIT.input;
  }
  assertSafe(now.files);

  const diffed = diffTrees(old.files, now.files);
  const result: MigrationReport = {
    input,
    from: { provider: from, targets: moved.moves.map((m) => m.source.name), format: before },
    to: { provider: to, targets: moved.moves.map((m) => m.target.name), format: after },
    mapped: [...moved.mapped, ...placementRows(wf, now.workflow)],
    noEquivalent: moved.decisions,
    renamed: moved.renamed,
    losses,
    artifacts: diffed.artifacts,
    diff: diffed.diff,
  };
  const reportText = opts.report !== undefined && /\.json$/i.test(opts.report) ? renderJson(result) : renderMarkdown(result);
  const out = resolve(io.cwd, opts.out);
  if (opts.check) return check(now.files, out, opts.out, opts.report, reportText, io);
  const reportTree: VirtualTree | undefined = opts.report === undefined ? undefined : new Map([[basename(opts.report), { text: reportText }]]);
  const reportDir = opts.report === undefined ? '' : dirname(resolve(io.cwd, opts.report));
  if (!opts.force) refuseOverwrite([...(reportTree ? conflicts(reportTree, reportDir).map(() => opts.report!) : []), ...conflicts(now.files, out).map((p) => `${opts.out}/${p}`)]);
  writeTree(now.files, out);
  if (reportTree) writeTree(reportTree, reportDir);
  else io.stdout(reportText);
  if (!opts.quiet) {
    io.stderr(`migrated: ${input} (${from}: ${result.from.targets.join(', ')}) → ${opts.out} (${to}: ${result.to.targets.join(', ')}; ${after}): ${count(result.mapped.length, 'setting')} mapped, ${count(result.noEquivalent.length, 'decision')} to make${opts.report ? `; report in ${opts.report}` : ''}\n`);
  }
  return EXIT.ok;
}

/** The "before" and "after" runs lint the same steps: say each finding once. */
function distinct(ds: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return ds.filter((d) => {
    const key = JSON.stringify([d.severity, d.code, d.message, d.span]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function provider(name: string, option: string): Provider {
  if (isProvider(name)) return name;
  throw new CliError(`error[MIG005]: unknown provider "${name}" for ${option}\n   = hint: providers are ${PROVIDERS.join(', ')}`, EXIT.usage);
}

async function emit(wf: Workflow, format: string, passes: PassOptions, emitOptions: EmitOptions, diagnostics: Diagnostic[]): Promise<(BackendResult & { workflow: Workflow }) | undefined> {
  const backend = backendFor(format)!;
  const run = runPasses(wf, await passesFor(backend), contextFor(backend, passes));
  diagnostics.push(...run.diagnostics);
  if (!run.value || hasErrors(run.diagnostics)) return undefined;
  const emitted = (await backend.load())(run.value, emitOptions);
  diagnostics.push(...emitted.diagnostics);
  return { ...emitted, workflow: run.value };
}

/** Per file, before → after, as one unified diff; files in sorted order. */
function diffTrees(before: VirtualTree, after: VirtualTree): { artifacts: MigrationReport['artifacts']; diff: string } {
  const paths = [...new Set([...before.keys(), ...after.keys()])].sort();
  const artifacts: MigrationReport['artifacts'] = [];
  let diff = '';
  for (const path of paths) {
    const a = before.get(path)?.text;
    const b = after.get(path)?.text;
    const status = a === undefined ? 'added' : b === undefined ? 'removed' : a === b ? 'unchanged' : 'changed';
    artifacts.push({ path, status });
    if (status === 'unchanged') continue;
    // The header's first line is a separator of `diff`'s own; `git apply` and people read the rest.
    diff += filePatch(path, a, b).replace(/^=+\n/, '');
  }
  return { artifacts, diff };
}

function check(tree: VirtualTree, out: string, shown: string, reportPath: string | undefined, reportText: string, io: Io): number {
  const { drift } = compareTree(tree, out, shown);
  if (reportPath !== undefined) {
    const full = resolve(io.cwd, reportPath);
    const onDisk = existsSync(full) ? readFileSync(full, 'utf8') : undefined;
    if (onDisk !== reportText) drift.push({ path: reportPath, diff: filePatch(reportPath, onDisk, reportText) });
  }
  for (const d of drift) io.stdout(d.diff);
  if (drift.length === 0) return EXIT.ok;
  io.stderr(`error[WFC005]: ${count(drift.length, 'file')} ${drift.length === 1 ? 'differs' : 'differ'} from the migration\n   = hint: run the same command without --check (and with --force) to update them\n\n`);
  return EXIT.input;
}
