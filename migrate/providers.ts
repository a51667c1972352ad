// The providers `wfc migrate` knows, and the concepts they share. A deployment target's settings are
// written in its source's words (Scalable's `queue`, Torc's `partition`); each concept lists every
// word a provider uses for it, the word a migrated target is written with, and how a value
// converts. A setting that matches no concept of the new provider has no equivalent: the report
// says so, with the decision a person must make.

import type { JsonValue } from '../ir/types.js';
import { parseDuration } from '../ir/units.js';

export const PROVIDERS = ['local', 'slurm', 'kubernetes', 'aws', 'gcp', 'htcondor'] as const;
export type Provider = (typeof PROVIDERS)[number];

export function isProvider(name: string): name is Provider {
  return (PROVIDERS as readonly string[]).includes(name);
}

/** What a provider calls a concept, and how a value is written there. */
interface Spelling {
  /** Setting names that mean the concept, the one written first. A dotted name reaches into a mapping (`adaptive.maximum`). */
  keys: string[];
  /** From this provider's value to the concept's neutral value (`key`: the name it was found under). */
  read?: (v: JsonValue, key: string) => JsonValue | undefined;
  /** From the neutral value to this provider's. */
  write?: (v: JsonValue) => JsonValue;
  /**
   * The artifact formats that can say it for this provider, each with the name it is written
   * under; when absent, every format, under the first of `keys`.
   */
  formats?: Record<string, string>;
}

export interface Concept {
  id: string;
  title: string;
  /** Per provider; a provider without an entry has no equivalent. */
  spelling: Partial<Record<Provider, Spelling>>;
  /** What a person must decide when the new provider has no equivalent. */
  decision: (to: Provider, value: JsonValue) => string;
}

/** A walltime: `HH:MM:SS` (Scalable, Torc), Pegasus's `runtime` in seconds, or a duration such as `2h`. */
const seconds = (v: JsonValue, key: string): JsonValue | undefined => {
  if (typeof v !== 'string' && typeof v !== 'number') return undefined;
  // The generic dialect reads HH:MM:SS as Slurm does; Pegasus's `runtime` is bare seconds.
  const parsed = parseDuration(v, key === 'runtime' ? 'pegasus' : 'generic');
  return 'value' in parsed ? parsed.value : undefined;
};
/** `HH:MM:SS` with as many hours as it takes: what Scalable and Torc accept (no Slurm `D-` days). */
const hms = (v: JsonValue) => {
  const t = Math.ceil(Number(v));
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(Math.floor(t / 3600))}:${two(Math.floor(t / 60) % 60)}:${two(t % 60)}`;
};
const integer = (v: JsonValue): JsonValue | undefined => (typeof v === 'number' && Number.isInteger(v) ? v : undefined);

export const CONCEPTS: Concept[] = [
  {
    id: 'pool',
    title: 'where jobs queue',
    spelling: {
      slurm: { keys: ['queue', 'partition'] },
      kubernetes: { keys: ['namespace'] },
    },
    decision: (to) => (to === 'local' ? 'a local run has no queue: dropped' : `${to} has no queue or namespace: choose where the jobs go (${to === 'aws' ? 'subnets and security groups' : to === 'htcondor' ? 'requirements in the submit description' : 'network and zone'})`),
  },
  {
    id: 'account',
    title: 'who is charged',
    spelling: {
      slurm: { keys: ['account', 'project'] },
      htcondor: { keys: ['condor.accounting_group', 'accounting_group'] },
    },
    decision: (to) => (to === 'local' ? 'a local run charges no account: dropped' : `${to} has no allocation accounts: charge the work through ${to === 'kubernetes' ? 'a ResourceQuota on the namespace' : 'cost-allocation tags or a separate project'}`),
  },
  {
    id: 'qos',
    title: 'quality of service',
    spelling: { slurm: { keys: ['qos'] } },
    decision: (to) => `${to} has no QOS: ${to === 'kubernetes' ? 'a PriorityClass is the closest thing' : 'drop it, or express priority another way'}`,
  },
  {
    id: 'walltime',
    title: 'walltime',
    spelling: {
      slurm: { keys: ['walltime', 'time', 'runtime'], read: seconds, write: hms },
      // An Argo Workflow's spec.activeDeadlineSeconds; Scalable's Kubernetes provider has no deadline.
      kubernetes: { keys: ['active_deadline_seconds'], read: integer, formats: { kubernetes: 'active_deadline_seconds' } },
      htcondor: { keys: ['condor.allowed_job_duration', 'allowed_job_duration'], read: integer },
    },
    decision: (to, v) => `${to === 'local' ? 'a local run' : to} stops nothing after a time limit (${String(v)}): dropped; set a timeout in the jobs themselves if they need one`,
  },
  {
    id: 'max-workers',
    title: 'limit on workers at once',
    spelling: {
      local: { keys: ['max_workers'], read: integer, formats: { scalable: 'max_workers' } },
      slurm: { keys: ['max_workers'], read: integer, formats: { scalable: 'max_workers' } },
      // Scalable scales its Dask workers; an Argo Workflow caps the pods it runs at once (spec.parallelism).
      kubernetes: { keys: ['adaptive.maximum', 'parallelism'], read: integer, formats: { scalable: 'adaptive.maximum', kubernetes: 'parallelism' } },
      aws: { keys: ['adaptive.maximum'], read: integer },
      gcp: { keys: ['adaptive.maximum'], read: integer },
    },
    decision: (to) => `${to} takes no worker limit here: cap concurrency in the engine`,
  },
  {
    id: 'min-workers',
    title: 'fewest workers kept',
    spelling: {
      kubernetes: { keys: ['adaptive.minimum'], read: integer },
      aws: { keys: ['adaptive.minimum'], read: integer },
      gcp: { keys: ['adaptive.minimum'], read: integer },
    },
    decision: (to) => `${to} starts workers on demand and keeps none idle: drop it`,
  },
  {
    id: 'initial-workers',
    title: 'workers at start',
    spelling: {
      kubernetes: { keys: ['n_workers'], read: integer },
      aws: { keys: ['n_workers'], read: integer },
      gcp: { keys: ['n_workers'], read: integer },
    },
    decision: (to) => `${to} starts workers as jobs arrive: drop it`,
  },
  {
    id: 'image',
    title: 'default container image',
    spelling: {
      kubernetes: { keys: ['image'] },
      aws: { keys: ['image'] },
      gcp: { keys: ['image'] },
    },
    decision: (to, v) => `${to} has no default image: components without their own image run ${to === 'slurm' ? 'directly on the nodes' : 'without a container'}; give them "${String(v)}" if they need it`,
  },
  {
    id: 'platform',
    title: 'machine architecture',
    spelling: {
      local: { keys: ['arch'] },
      slurm: { keys: ['arch'] },
      htcondor: { keys: ['arch'] },
    },
    decision: (to) => `${to} picks its own machines: make sure the images or programs run on them`,
  },
  {
    id: 'os',
    title: 'operating system',
    spelling: {
      local: { keys: ['os.type'] },
      slurm: { keys: ['os.type'] },
      htcondor: { keys: ['os.type'] },
    },
    decision: (to) => `${to} picks its own machines: make sure the images or programs run on them`,
  },
  {
    id: 'region',
    title: 'cloud region',
    spelling: { aws: { keys: ['region'] }, gcp: { keys: ['region'] } },
    decision: (to) => `${to} has no region: the data must reach the ${to === 'kubernetes' ? 'cluster' : 'machines'} some other way`,
  },
];

/** Settings that belong to one provider's machinery and mean nothing elsewhere, with why. */
export const PROVIDER_ONLY: Partial<Record<Provider, Record<string, string>>> = {
  local: {
    threads_per_worker: 'threads per local worker',
    processes: 'whether local workers are processes',
    containers: 'how the local provider runs containers',
    dashboard_address: 'the local Dask dashboard',
  },
  slurm: {
    interface: 'the network interface of Slurm nodes',
    comm_port: "the port of Scalable's relay between the Slurm login node and the workers",
    logs_location: 'where Slurm writes worker logs',
    suppress_logs: 'Slurm worker log output',
    container_runtime: 'the container runtime of the Slurm nodes',
    name: 'the Slurm job name',
    nodes: 'the number of Slurm nodes',
    gres: 'generic resources of the Slurm allocation (GPUs are mapped per component)',
    mem: 'the memory of the Slurm allocation (memory is mapped per component)',
    extra: 'extra sbatch options',
    style: 'how Pegasus submits to the cluster (glite)',
    condor: "HTCondor's route to the batch system (grid_resource)",
    env: "environment of the site's jobs",
    directories: 'storage directories of the Pegasus site',
    grids: 'grid gateways of the Pegasus site',
  },
  htcondor: {
    style: 'how Pegasus submits to the pool',
    condor: 'HTCondor submit settings',
    env: "environment of the site's jobs",
    directories: 'storage directories of the Pegasus site',
    grids: 'grid gateways of the Pegasus site',
  },
  kubernetes: {
    worker_service_account: 'the service account of worker pods',
    resources: 'resources of the scheduler pod',
    tolerations: 'taints worker pods tolerate',
    node_selector: 'labels worker nodes must carry',
    scheduler_memory: 'memory of the Dask scheduler pod',
    scheduler_cpu: 'CPUs of the Dask scheduler pod',
    env: 'environment of every pod',
  },
  aws: {
    cluster_type: 'Fargate or EC2',
    instance_type: 'the EC2 instance type used to estimate cost',
    worker_cpu: 'Fargate CPU units per worker',
    worker_mem: 'Fargate memory per worker',
    vpc: 'the VPC',
    subnets: 'the subnets',
    security_groups: 'the security groups',
    execution_role_arn: 'the ECS execution role',
    task_role_arn: 'the ECS task role',
    scheduler_timeout: 'how long an idle scheduler lives',
    environment: 'environment of every task',
    tags: 'AWS tags',
    spot: 'spot capacity',
  },
  gcp: {
    project_id: 'the GCP project',
    instance_type: 'the machine type',
    machine_type: 'the machine type',
    network: 'the VPC network',
    zone: 'the zone',
    service_account: 'the service account',
  },
};

/** What a migrated target must say that no source setting gives, per provider (and, for some, per artifact format). */
export const REQUIRED: Partial<Record<Provider, { key: string; value: JsonValue; why: string; format?: string }[]>> = {
  kubernetes: [{ key: 'namespace', value: 'default', why: 'the namespace the pods run in' }],
  slurm: [
    { key: 'queue', value: 'normal', why: 'the partition jobs are submitted to' },
    { key: 'comm_port', value: 50051, why: "the port of Scalable's relay between the login node and the workers (or COMM_PORT in the environment)", format: 'scalable' },
  ],
  aws: [{ key: 'cluster_type', value: 'fargate', why: 'Fargate or EC2' }],
};

/** Names people give a provider's targets, to rename targets and overlays that carry them. */
export const NICKNAMES: Record<Provider, string[]> = {
  local: ['local', 'laptop', 'workstation'],
  slurm: ['slurm', 'hpc', 'cluster'],
  kubernetes: ['kubernetes', 'k8s', 'gke', 'eks', 'aks'],
  aws: ['aws', 'fargate', 'ecs', 'cloud'],
  gcp: ['gcp', 'google'],
  htcondor: ['htcondor', 'condor', 'osg', 'condorpool'],
};
