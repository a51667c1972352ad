// wfc convert: compile each input for each target, then write (or --check) the files.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { VirtualTree } from '../../backends/types.js';
import { stemOf } from '../../frontends/common/names.js';
import { FRONTENDS } from '../../frontends/registry.js';
import { count } from '../../ir/text.js';
import { compile, failed } from '../compile.js';
import { CliError, EXIT, type Io } from '../io.js';
import { checkFrom, frontendOptions, parseTargets } from '../options.js';
import { lossRefusal, reporter } from '../report.js';
import { assertSafe, compareTree, conflicts, refuseOverwrite, writeTree } from '../write.js';
import { explainPasses, listPasses, readSteering } from '../pass-options.js';
import type { ConvertOptions } from './convert.js';

export async function convert(inputs: string[], opts: ConvertOptions, io: Io): Promise<number> {
  const targets = parseTargets(opts.to);
  const steering = await readSteering(opts, io);
  if (opts.passes === 'list') {
    await listPasses(targets, steering.passes.passes, io);
    return EXIT.ok;
  }
  if (opts.out === undefined) throw new CliError("error: required option '-o, --out <dir>' not specified", EXIT.usage);
  const out = opts.out;
  const frontend = frontendOptions(opts, io.cwd);
  const from = checkFrom(opts.from);
  const files = expandInputs(inputs, io);
  const report = reporter(io, { quiet: opts.quiet });
  const stems = uniqueStems(files);
  let exit: number = EXIT.ok;
  const rows: string[][] = [];
  for (const [i, path] of files.entries()) {
    if (files.length > 1 && io.isTTY) io.stderr(`\r[${i + 1}/${files.length}] ${path}\x1b[K`);
    const result = await compile(path, io, { from, frontend, targets, passes: steering.passes, emit: steering.emit });
    if (files.length > 1 && io.isTTY) io.stderr('\r\x1b[K');
    const sources = new Map(result.source ? [[result.source.path, result.source.text]] : []);
    report.diagnostics(result.diagnostics, sources);
    report.losses(result.losses);
    if (opts.explainPasses) explainPasses(path, result.reports, io);
    if (failed(result)) {
      exit = Math.max(exit, EXIT.input);
      rows.push([path, 'failed', '-']);
      continue;
    }
    if (opts.failOnLoss && result.losses.length > 0) {
      io.stderr(lossRefusal(result.losses.length, path));
      exit = Math.max(exit, EXIT.input);
      rows.push([path, 'lost', '-']);
      continue;
    }
    const tree: VirtualTree = new Map();
    for (const [target, emitted] of result.outputs) {
      for (const [p, f] of emitted.files) tree.set(targets.length > 1 ? `${target}/${p}` : p, f);
    }
    assertSafe(tree);
    const dest = resolve(io.cwd, files.length > 1 ? join(out, stems.get(path)!) : out);
    const shown = files.length > 1 ? join(out, stems.get(path)!) : out;
    exit = Math.max(exit, opts.check ? check(tree, dest, shown, io) : write(tree, dest, shown, opts.force ?? false));
    rows.push([path, opts.check ? 'checked' : 'written', `${count(tree.size, 'file')} in ${shown}`]);
  }
  if (!opts.quiet) summary(rows, io);
  return exit;
}

function write(tree: VirtualTree, dest: string, shown: string, force: boolean): number {
  if (existsSync(dest) && !statSync(dest).isDirectory()) {
    throw new CliError(`error[WFC004]: ${shown} exists and is not a directory\n   = hint: choose another --out`, EXIT.usage);
  }
  if (!force) refuseOverwrite(conflicts(tree, dest).map((p) => join(shown, p)));
  writeTree(tree, dest);
  return EXIT.ok;
}

function check(tree: VirtualTree, dest: string, shown: string, io: Io): number {
  const { drift, extra } = compareTree(tree, dest, shown);
  for (const d of drift) io.stdout(d.diff);
  if (extra.length > 0) io.stderr(`note: ${count(extra.length, 'file')} in ${shown} ${extra.length === 1 ? 'is' : 'are'} not produced by this conversion (e.g. ${extra[0]})\n`);
  if (drift.length === 0) return EXIT.ok;
  io.stderr(`error[WFC005]: ${count(drift.length, 'file')} in ${shown} ${drift.length === 1 ? 'differs' : 'differ'} from the conversion\n   = hint: run the same command without --check (and with --force) to update them\n\n`);
  return EXIT.input;
}

function summary(rows: string[][], io: Io): void {
  if (rows.length === 0) return;
  if (rows.length === 1) {
    const [path, status, detail] = rows[0]!;
    if (status !== 'failed' && status !== 'lost') io.stderr(`${status}: ${path} → ${detail}\n`);
    return;
  }
  const widths = [0, 1, 2].map((c) => Math.max(...rows.map((r) => r[c]!.length), ['input', 'status', 'output'][c]!.length));
  const line = (r: string[]) => r.map((x, c) => x.padEnd(widths[c]!)).join('  ').trimEnd();
  io.stderr(`${line(['input', 'status', 'output'])}\n${rows.map(line).join('\n')}\n`);
  const bad = rows.filter((r) => r[1] === 'failed' || r[1] === 'lost').length;
  io.stderr(`${rows.length - bad} of ${rows.length} converted\n`);
}

/** Directories stand for the files in them that some frontend recognises. */
function expandInputs(inputs: string[], io: Io): string[] {
  const out: string[] = [];
  for (const input of inputs) {
    const full = resolve(io.cwd, input);
    if (existsSync(full) && statSync(full).isDirectory()) {
      const found = walk(full)
        .filter((f) => FRONTENDS.some((fe) => fe.extensions.some((e) => f.toLowerCase().endsWith(e))) || /\.(json|xml)$/i.test(f) || (/\.ya?ml$/i.test(f) && isWorkflowYaml(join(full, f))))
        // A Nextflow module or sub-workflow file is part of a pipeline, not one: only scripts with an entry workflow count.
        .filter((f) => !f.endsWith('.nf') || /^\s*workflow\s*\{/m.test(readFileSync(join(full, f), 'utf8')))
        .map((f) => join(input, f));
      if (found.length === 0) throw new CliError(`error[WFC001]: ${input} holds no workflow files`, EXIT.input);
      out.push(...found);
    } else out.push(input);
  }
  return [...new Set(out)];
}

/**
 * YAML is everybody's format (CI files, configs, catalogs): in a directory, a YAML file counts as
 * an input only when its content says it is a workflow (a Pegasus workflow, a Scalable manifest,
 * a Torc spec).
 */
function isWorkflowYaml(path: string): boolean {
  const text = readFileSync(path, 'utf8');
  return FRONTENDS.some((f) => f.sniff(text));
}

function walk(root: string, rel = ''): string[] {
  const out: string[] = [];
  for (const e of readdirSync(join(root, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (e.name.startsWith('.') || e.name === 'node_modules') continue;
    const p = rel ? join(rel, e.name) : e.name;
    if (e.isDirectory()) out.push(...walk(root, p));
    else out.push(p);
  }
  return out;
}

/** Output directory names for many inputs: the file's stem, numbered when two share one. */
function uniqueStems(files: string[]): Map<string, string> {
  const map = new Map<string, string>();
  const used = new Map<string, number>();
  for (const f of files) {
    const stem = stemOf(basename(f));
    const n = (used.get(stem) ?? 0) + 1;
    used.set(stem, n);
    map.set(f, n === 1 ? stem : `${stem}-${n}`);
  }
  return map;
}
