// Which backends exist, and what each needs done to a workflow first. Each loads only when used.

import type { Staging } from '../ir/types.js';
import type { EmitFunction } from './types.js';

export interface BackendEntry {
  target: string;
  title: string;
  /** The passes the target needs, in order (see passes/registry.ts); `--passes` overrides them. */
  passes: string[];
  /** How the target moves files between jobs. */
  staging?: Staging['mode'];
  /** Whether every step must run in a container. */
  needsContainers?: boolean;
  load(): Promise<EmitFunction>;
}

/** Everything a target that runs jobs wants: concrete jobs with resources, staging, clusters, placement. */
const RUNNABLE = ['expand', 'lift-resources', 'infer-staging', 'cluster', 'map-provider', 'lint'];

export const BACKENDS: BackendEntry[] = [
  {
    target: 'pegasus',
    title: 'Pegasus 5: workflow.yml, catalogs, properties, wrappers',
    passes: RUNNABLE,
    staging: 'condorio',
    load: async () => (await import('./pegasus/index.js')).emitPegasus,
  },
  {
    target: 'slurm',
    title: 'Slurm: submit.sh (sbatch with afterok dependencies), one array script per step',
    passes: RUNNABLE,
    staging: 'shared',
    load: async () => (await import('./slurm/index.js')).emitSlurm,
  },
  {
    target: 'kubernetes',
    title: 'Kubernetes: an Argo Workflow (DAG of jobs), the PVC the pods share, a ConfigMap of job scripts, submit.sh',
    passes: RUNNABLE,
    staging: 'pvc',
    needsContainers: true,
    load: async () => (await import('./kubernetes/index.js')).emitKubernetes,
  },
  {
    target: 'torc',
    title: 'Torc: workflow.yaml (jobs, files, resource requirements, Slurm schedulers and actions)',
    passes: RUNNABLE,
    staging: 'shared',
    load: async () => (await import('./torc/index.js')).emitTorc,
  },
  {
    target: 'scalable',
    title: 'Scalable: scalable.yaml (components, tasks, targets, overlays) and workflow.py, a Dask driver',
    passes: RUNNABLE,
    staging: 'shared',
    load: async () => (await import('./scalable/index.js')).emitScalable,
  },
  {
    target: 'wfformat',
    title: 'WfCommons WfFormat 1.5 JSON',
    passes: ['expand', 'lint'],
    load: async () => (await import('./wfformat/index.js')).emitWfFormat,
  },
  {
    target: 'ir',
    title: 'the wfc IR as JSON',
    passes: ['lint'],
    load: async () => (await import('./ir/index.js')).emitIr,
  },
];

export function backendFor(target: string): BackendEntry | undefined {
  return BACKENDS.find((b) => b.target === target);
}
