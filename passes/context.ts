// What passes are told besides the workflow: the target they prepare it for, and the user's
// resource defaults, site profile and clustering request. The CLI reads these from files and
// options (cli/profiles.ts); passes only see the typed values.

import type { Resources, Staging } from '../ir/types.js';

export interface PassContext {
  /** The backend the workflow is prepared for (`slurm`, `pegasus`, ...); '' when none. */
  target: string;
  /** How that target moves files; infer-staging records it. */
  staging?: Staging['mode'];
  /** Whether the target needs a container image for every step (Kubernetes does). */
  needsContainers?: boolean;
  defaults?: ResourceDefaults;
  site?: SiteProfile;
  cluster?: ClusterSpec;
}

export const NO_CONTEXT: PassContext = { target: '' };

/** `--defaults file.yaml`: resources for steps that do not say, by label, and by step name. */
export interface ResourceDefaults {
  /** Where the values came from, for messages. */
  file: string;
  defaults?: Resources;
  labels?: Record<string, Resources>;
  /** By step name or id; these win over everything, the step's own directives included. */
  steps?: Record<string, Resources>;
}

/** `--site site.yaml`: what a provider accepts. */
export interface SiteProfile {
  file: string;
  slurm?: SlurmSite;
  kubernetes?: KubernetesSite;
  fargate?: FargateSite;
}

export interface SlurmSite {
  account?: string;
  qos?: string;
  /** Tried in order: a job goes to the first partition that fits it. */
  partitions: Partition[];
  /** Longest job array the cluster accepts (Slurm's MaxArraySize - 1); 1000 when not given. */
  maxArraySize?: number;
  /** At most this many tasks of one array run at once (`--array=...%N`). */
  arrayThrottle?: number;
}

export interface Partition {
  name: string;
  maxCpus?: number;
  maxMemoryBytes?: number;
  maxWalltimeSeconds?: number;
  maxGpus?: number;
  /** GPU types the partition has; a job asking for another type does not fit. */
  gpuTypes?: string[];
}

export interface KubernetesSite {
  /** Node sizes, tried smallest first. */
  nodes: NodeSize[];
}

export interface NodeSize {
  name: string;
  cpus: number;
  memoryBytes: number;
  gpus?: number;
}

/** AWS Fargate: tasks run on the cheapest allowed CPU/memory pair that holds them. */
export interface FargateSite {
  /** Price per vCPU-hour and per GB-hour, for the cost of rounding up; us-east-1 Linux/x86 when not given. */
  pricePerCpuHour?: number;
  pricePerGbHour?: number;
}

/** `--cluster size=20`, `--cluster count=8`, `--cluster label`. */
export type ClusterSpec = { by: 'size'; size: number } | { by: 'count'; count: number } | { by: 'label' };
