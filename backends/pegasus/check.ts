// The planner's own checks, run on what the backend built, because the schema does not make them:
// id characters, every input produced or in the replica catalog, no job reading what it writes, one
// producer per file, no cycles, every job's transformation in the catalog.

import type { DiagnosticBag } from '../../ir/diagnostics.js';
import { describeCycle, topoOrder } from '../../ir/graph.js';
import type { ReplicaCatalog, TransformationCatalog } from './catalogs.js';
import type { PegasusWorkflow } from './workflow.js';

const ID = /^[A-Za-z0-9_-]+$/;
const MAX_REPORTED = 20;

export function checkPlannable(wf: PegasusWorkflow, tc: TransformationCatalog, rc: ReplicaCatalog, bag: DiagnosticBag): void {
  const problems: string[] = [];
  if (wf.jobs.length === 0) problems.push('the workflow has no job');
  const transformations = new Set(tc.transformations.map((t) => t.name));
  const replicas = new Set(rc.replicas.map((r) => r.lfn));
  const producer = new Map<string, string>();
  const ids = new Set<string>();
  for (const job of wf.jobs) {
    if (!ID.test(job.id)) problems.push(`job id "${job.id}" has characters other than A-Z a-z 0-9 _ -`);
    if (ids.has(job.id)) problems.push(`job id "${job.id}" is used twice`);
    ids.add(job.id);
    if (!transformations.has(job.name)) problems.push(`job "${job.id}" runs "${job.name}", which the transformation catalog lacks`);
    const inputs = new Set(job.uses.filter((u) => u.type === 'input').map((u) => u.lfn));
    for (const u of job.uses) {
      if (u.type !== 'output') continue;
      if (inputs.has(u.lfn)) problems.push(`job "${job.id}" reads and writes "${u.lfn}"`);
      const other = producer.get(u.lfn);
      if (other !== undefined) problems.push(`"${u.lfn}" is written by both "${other}" and "${job.id}"`);
      producer.set(u.lfn, job.id);
    }
  }
  for (const job of wf.jobs) {
    for (const u of job.uses) {
      if (u.type === 'input' && !producer.has(u.lfn) && !replicas.has(u.lfn)) {
        problems.push(`job "${job.id}" reads "${u.lfn}", which no job writes and the replica catalog lacks`);
      }
    }
  }
  const edges = (wf.jobDependencies ?? []).flatMap((d) => d.children.map((c) => ({ from: d.id, to: c })));
  for (const e of edges) if (!ids.has(e.from) || !ids.has(e.to)) problems.push(`dependency ${e.from} → ${e.to} names a job that does not exist`);
  const topo = topoOrder([...ids], edges);
  if ('cycle' in topo) problems.push(`the jobs form a cycle: ${describeCycle(topo.cycle)}`);
  for (const p of problems.slice(0, MAX_REPORTED)) bag.error('PEG001', p);
  if (problems.length > MAX_REPORTED) bag.error('PEG001', `... and ${problems.length - MAX_REPORTED} more`);
}
