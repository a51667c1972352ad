// workflow.yml: the abstract workflow, as the Pegasus 5 schema (wf-5.0.yml) defines it.

import type { Job, Step, Workflow } from '../../ir/types.js';
import { formatDuration } from '../../ir/units.js';
import { argvOf, type Launch } from './launch.js';
import type { PegasusNames } from './names.js';
import { resourceProfile } from './profiles.js';

export interface PegasusJob {
  type: 'job';
  id: string;
  name: string;
  nodeLabel?: string;
  arguments: string[];
  uses: { lfn: string; type: 'input' | 'output'; stageOut?: boolean; registerReplica?: boolean; metadata?: { size: number }  }[];
  profiles?: { pegasus?: Record<string, number | string> };
}

export interface PegasusWorkflow {
  pegasus: '5.0';
  name: string;
  jobs: PegasusJob[];
  jobDependencies?: { id: string; children: string[] }[];
}

export function buildWorkflow(
  wf: Workflow,
  names: PegasusNames,
  launches: Map<string, Launch>,
  edges: readonly { from: string; to: string }[],
): PegasusWorkflow {
  const steps = new Map(wf.steps.map((s) => [s.id, s]));
  const sizes = new Map<string, number>();
  for (const f of wf.files) if (f.sizeBytes !== undefined) sizes.set(f.id, f.sizeBytes);
  // Final outputs go to the output site; intermediates stay in scratch and are cleaned up. The
  // staging pass says which is which; without it, a file no job reads is final.
  const final = new Set<string>();
  if (wf.staging) {
    for (const f of wf.files) if (f.stageOut) final.add(f.id);
  } else {
    const consumed = new Set<string>();
    for (const job of wf.jobs) for (const f of job.inputs) consumed.add(f);
    for (const job of wf.jobs) for (const f of job.outputs) if (!consumed.has(f)) final.add(f);
  }
  const clusterOf = new Map<string, string>();
  for (const c of wf.clusters ?? []) for (const j of c.jobs) clusterOf.set(j, c.id);
  // Members are added in sorted order: the YAML writer then has no keys to sort.
  const use = (f: string, type: 'input' | 'output') => {
    const u: PegasusJob['uses'][number] = { lfn: names.lfn.get(f)! } as PegasusJob['uses'][number];
    // As the Pegasus Python API does: the size in bytes as metadata (the schema's `size` is a string).
    const size = sizes.get(f);
    if (size !== undefined) u.metadata = { size };
    if (type === 'output') {
      u.registerReplica = false;
      u.stageOut = final.has(f);
    }
    u.type = type;
    return u;
  };
  const jobs = wf.jobs.map((job): PegasusJob => {
    const step = steps.get(job.step)!;
    const id = names.job.get(job.id)!;
    const p = { arguments: argumentsOf(job, step, id, launches.get(step.id)!), id, name: names.transformation.get(step.id)! } as PegasusJob;
    const label = job.name ?? job.id;
    if (label !== id) p.nodeLabel = label;
    const profile: Record<string, number | string> = jobProfile(job);
    // Clusters become Pegasus label clusters: plan.sh plans with `--cluster label`.
    const cluster = clusterOf.get(job.id);
    if (cluster !== undefined) profile.label = cluster;
    if (Object.keys(profile).length > 0) p.profiles = { pegasus: profile };
    p.type = 'job';
    p.uses = [];
    for (const f of job.inputs) p.uses.push(use(f, 'input'));
    for (const f of job.outputs) p.uses.push(use(f, 'output'));
    return p;
  });
  const children = new Map<string, string[]>();
  for (const e of edges) {
    const from = names.job.get(e.from)!;
    const to = names.job.get(e.to)!;
    const list = children.get(from);
    if (list) list.push(to);
    else children.set(from, [to]);
  }
  const out: PegasusWorkflow = { pegasus: '5.0', name: names.workflow, jobs };
  if (children.size > 0) out.jobDependencies = [...children].map(([id, c]) => ({ children: c, id }));
  return out;
}

function argumentsOf(job: Job, step: Step, pegasusId: string, launch: Launch): string[] {
  if (launch.kind === 'dispatch') return [pegasusId];
  return argvOf(job, step)!.slice(1);
}

/** Per-job profile: the job's own resources, and its observed runtime as Pegasus's runtime estimate. */
function jobProfile(job: Job): Record<string, number> {
  const profile = job.resources ? resourceProfile(job.resources) : {};
  const runtime = job.observed?.runtimeSeconds;
  if (runtime !== undefined && profile.runtime === undefined) profile.runtime = Number(formatDuration(runtime, 'pegasus'));
  return profile;
}
