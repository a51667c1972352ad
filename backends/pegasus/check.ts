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
  const position = new Map<string, number>();
  for (const job of wf.jobs) {
    if (!ID.test(job.id)) problems.push(`job id "${job.id}" has characters other than A-Z a-z 0-9 _ -`);
    if (position.has(job.id)) problems.push(`job id "${job.id}" is used twice`);
    position.set(job.id, position.size);
    if (!transformations.has(job.name)) problems.push(`job "${job.id}" runs "${job.name}", which the transformation catalog lacks`);
    // A set only for jobs with many files: most have two or three.
    const inputs = job.uses.length > 16 ? new Set(job.uses.filter((u) => u.type === 'input').map((u) => u.lfn)) : undefined;
    const reads = (lfn: string) => (inputs ? inputs.has(lfn) : job.uses.some((v) => v.type === 'input' && v.lfn === lfn));
    for (const u of job.uses) {
      if (u.type !== 'output') continue;
      if (reads(u.lfn)) problems.push(`job "${job.id}" reads and writes "${u.lfn}"`);
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
  // Jobs come in topological order, so every edge normally points forward: then there is no cycle
  // and nothing more to compute. Otherwise look for one.
  let backward = false;
  for (const d of wf.jobDependencies ?? []) {
    const from = position.get(d.id);
    for (const c of d.children) {
      const to = position.get(c);
      if (from === undefined || to === undefined) problems.push(`dependency ${d.id} → ${c} names a job that does not exist`);
      else if (to <= from) backward = true;
    }
  }
  if (backward) {
    const edges = (wf.jobDependencies ?? []).flatMap((d) => d.children.map((c) => ({ from: d.id, to: c })));
    const topo = topoOrder([...position.keys()], edges);
    if ('cycle' in topo) problems.push(`the jobs form a cycle: ${describeCycle(topo.cycle)}`);
  }
  for (const p of problems.slice(0, MAX_REPORTED)) bag.error('PEG001', p);
  if (problems.length > MAX_REPORTED) bag.error('PEG001', `... and ${problems.length - MAX_REPORTED} more`);
}
