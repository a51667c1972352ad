// Cases marked `run`: Snakemake executes the Snakefile; wfc's Pegasus output is executed job by
// job through its own wrappers; both must make the same files with the same bytes.

import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { topoOrder } from '../../ir/graph.js';
import { corpusCases } from '../helpers/corpus.js';
import { runCli } from '../helpers/run.js';
import { snakemakeRun } from '../helpers/snakemake.js';
import { listTree, tempDir } from '../helpers/tmp.js';

function copyCase(dir: string): string {
  const to = tempDir('wfc-run-');
  cpSync(dir, to, { recursive: true, filter: (src) => !src.includes('/expected') && !src.endsWith('/expected') });
  return to;
}

describe('Snakemake and wfc make the same files', () => {
  for (const c of corpusCases().filter((x) => x.run)) {
    it(`${c.name}`, async () => {
      const before = new Set(listTree(c.dir).filter((f) => !f.startsWith('expected/')));

      const bySnakemake = copyCase(c.dir);
      snakemakeRun(bySnakemake, ['-s', c.input]);
      // Snakemake's own bookkeeping (.snakemake/, timestamps in directory outputs) is not output.
      const made = listTree(bySnakemake).filter((f) => !before.has(f) && !f.startsWith('.snakemake/') && !f.endsWith('/.snakemake_timestamp'));

      const byWfc = copyCase(c.dir);
      const r = await runCli(['convert', c.input, ...c.args, '--to', 'pegasus,ir', '--out', 'wfc-out', '-q'], byWfc);
      expect(r.code, r.stderr).toBe(0);
      const ir = JSON.parse(readFileSync(join(byWfc, 'wfc-out/ir/workflow.ir.json'), 'utf8')) as { files: { id: string; kind: string; temporary?: boolean }[] };

      const wf = parse(readFileSync(join(byWfc, 'wfc-out/pegasus/workflow.yml'), 'utf8')) as {
        jobs: { id: string; name: string; arguments: string[] }[];
        jobDependencies?: { id: string; children: string[] }[];
      };
      const edges = (wf.jobDependencies ?? []).flatMap((d) => d.children.map((to) => ({ from: d.id, to })));
      const order = topoOrder(wf.jobs.map((j) => j.id), edges);
      if (!('order' in order)) throw new Error('cycle');
      const byId = new Map(wf.jobs.map((j) => [j.id, j]));
      for (const id of order.order) {
        const job = byId.get(id)!;
        execFileSync(join(byWfc, 'wfc-out/pegasus/bin', job.name), job.arguments.map(String), { cwd: byWfc, stdio: 'pipe' });
      }
      // Snakemake deletes temp() files once used; everything else both must have made alike.
      const temporary = new Set(ir.files.filter((f) => f.temporary).map((f) => f.id));
      const ours = listTree(byWfc).filter((f) => !before.has(f) && !f.startsWith('wfc-out/') && !temporary.has(f));
      expect(ours.sort()).toEqual(made.sort());
      for (const f of made) expect(readFileSync(join(byWfc, f), 'utf8'), f).toBe(readFileSync(join(bySnakemake, f), 'utf8'));
      // And the IR names every file Snakemake made: directly, or inside a directory output.
      const dirs = ir.files.filter((f) => f.kind === 'dir').map((f) => `${f.id}/`);
      const named = new Set(ir.files.map((f) => f.id));
      for (const f of made) expect(named.has(f) || dirs.some((d) => f.startsWith(d)), f).toBe(true);
    });
  }
});
