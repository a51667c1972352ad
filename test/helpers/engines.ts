// What the engine tests (Slurm, Dask) share: a corpus case copied to a scratch directory, wfc's
// output for a target, the reference run the engine's files are compared with, and the files a
// run made.

import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Workflow } from '../../ir/types.js';
import type { CorpusCase } from './corpus.js';
import { runCli } from './run.js';
import { runLocally } from './slurm.js';
import { snakemakeRun } from './snakemake.js';
import { listTree, tempDir } from './tmp.js';

/** A case's inputs (not its golden files) in a fresh directory. */
export function copyCase(dir: string, prefix: string): string {
  const to = tempDir(prefix);
  cpSync(dir, to, { recursive: true, filter: (src) => !src.includes('/expected') });
  return to;
}

/** Converts `input` (relative to `cwd`) for `target`, outside `cwd`; returns the output directory. */
export async function convertTo(target: string, input: string, args: string[], cwd: string): Promise<string> {
  const out = join(tempDir(`wfc-${target}-out-`), 'o');
  const r = await runCli(['convert', input, ...args, '--to', target, '--out', out, '-q'], cwd);
  expect(r.code, r.stderr).toBe(0);
  return out;
}

/** The workflow's concrete jobs, as the IR target writes them after expansion. */
export async function concreteIr(input: string, args: string[], cwd: string): Promise<Workflow> {
  const out = join(tempDir('wfc-ir-'), 'o');
  const r = await runCli(['convert', input, ...args, '--to', 'ir', '--passes', 'expand,lint', '--out', out, '-q'], cwd);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(readFileSync(join(out, 'workflow.ir.json'), 'utf8')) as Workflow;
}

/** Files under `dir` that were not there before, without Snakemake's bookkeeping or the engine's own (`bookkeeping`, e.g. `.wfc-slurm/`). */
export function made(dir: string, before: Set<string>, bookkeeping: string): string[] {
  return listTree(dir).filter((f) => !before.has(f) && !f.startsWith('.snakemake/') && !f.startsWith(bookkeeping) && !f.endsWith('/.snakemake_timestamp'));
}

/** What the reference engine makes from a case: Snakemake itself, or a plain local run of the jobs. */
export async function reference(c: CorpusCase, before: Set<string>, prefix: string, bookkeeping: string): Promise<{ dir: string; files: string[] }> {
  const dir = copyCase(c.dir, prefix);
  if (c.run) snakemakeRun(dir, ['-s', c.input]);
  else runLocally(await concreteIr(c.input, c.args, dir), dir);
  return { dir, files: made(dir, before, bookkeeping) };
}
