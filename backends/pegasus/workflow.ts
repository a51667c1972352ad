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
  uses: { lfn: string; type: 'input' | 'output'; stageOut?: boolean; registerReplica?: boolean; metadata?: { size: number } }[];
  profiles?: { pegasus?: Record<string, number> };
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
  const sizes = new Map(wf.files.map((f) => [f.id, f.sizeBytes]));
  const consumed = new Set(wf.jobs.flatMap((j) => j.inputs));
  const jobs = wf.jobs.map((job) => {
    const step = steps.get(job.step)!;
    const id = names.job.get(job.id)!;
    const use = (f: string, type: 'input' | 'output') => {
      const u: PegasusJob['uses'][number] = { lfn: names.lfn.get(f)!, type };
      // Final outputs go to the output site; intermediates stay in scratch and are cleaned up.
      if (type === 'output') Object.assign(u, { stageOut: !consumed.has(f), registerReplica: false });
      // As the Pegasus Python API does: the size in bytes as metadata (the schema's `size` is a string).
      const size = sizes.get(f);
      if (size !== undefined) u.metadata = { size };
      return u;
    };
    const p: PegasusJob = {
      type: 'job',
      id,
      name: names.transformation.get(step.id)!,
      arguments: argumentsOf(job, step, id, launches.get(step.id)!),
      uses: [...job.inputs.map((f) => use(f, 'input')), ...job.outputs.map((f) => use(f, 'output'))],
    };
    const label = job.name ?? job.id;
    if (label !== id) p.nodeLabel = label;
    const profile = jobProfile(job);
    if (Object.keys(profile).length > 0) p.profiles = { pegasus: profile };
    return p;
  });
  const children = new Map<string, string[]>();
  for (const e of edges) {
    const from = names.job.get(e.from)!;
    children.set(from, [...(children.get(from) ?? []), names.job.get(e.to)!]);
  }
  const out: PegasusWorkflow = { pegasus: '5.0', name: names.workflow, jobs };
  if (children.size > 0) out.jobDependencies = [...children].map(([id, c]) => ({ id, children: c }));
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
