// A real Slurm (../shared/slurm-local, started by .ci/run) for engine tests, and a plain local run
// of a workflow's jobs as the reference for cases Snakemake cannot run.

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { topoOrder } from '../../ir/graph.js';
import type { Workflow } from '../../ir/types.js';

/** Whether a Slurm controller answers and has a node up. */
export function slurmAvailable(): boolean {
  const r = spawnSync('sinfo', ['-h', '-o', '%t'], { encoding: 'utf8' });
  return r.status === 0 && /\b(idle|mix|alloc)/.test(r.stdout);
}

/** CI sets this: a missing Slurm is then a failure, not a reason to skip. */
export const SLURM_REQUIRED = process.env.WFC_REQUIRE_SLURM === '1';

export interface SubmitResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a generated submit.sh from `cwd`, waiting for the jobs. */
export function submitAndWait(script: string, cwd: string, timeoutMs = 300_000): SubmitResult {
  const r = spawnSync('bash', [script, '--wait'], { cwd, encoding: 'utf8', timeout: timeoutMs });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Runs every job of a concrete workflow here, one after another in dependency order. */
export function runLocally(wf: Workflow, cwd: string): void {
  const edges = wf.jobs.flatMap((j) => {
    const producers = wf.jobs.filter((p) => p.outputs.some((f) => j.inputs.includes(f)));
    return producers.map((p) => ({ from: p.id, to: j.id }));
  });
  const order = topoOrder(wf.jobs.map((j) => j.id), edges);
  if (!('order' in order)) throw new Error('the workflow has a cycle');
  const byId = new Map(wf.jobs.map((j) => [j.id, j]));
  for (const id of order.order) {
    const job = byId.get(id)!;
    for (const f of job.outputs) mkdirSync(join(cwd, dirname(f)), { recursive: true });
    if (!job.command) continue;
    if ('argv' in job.command) execFileSync(job.command.argv[0]!, job.command.argv.slice(1), { cwd, stdio: 'pipe' });
    else execFileSync('bash', ['-c', job.command.script], { cwd, stdio: 'pipe' });
  }
}
