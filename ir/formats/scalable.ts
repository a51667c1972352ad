// What wfc knows of Scalable manifests (scalable.yaml, schema version 1) and of the Dask driver it
// writes beside them, shared by the reader (frontends/scalable) and the writer (backends/scalable).
//
// Scalable checks a manifest with hand-written code rather than a schema; the key sets and the
// provider options below follow what its parser and providers accept.

import type { JobCommand } from '../types.js';

export const MANIFEST_FILE = 'scalable.yaml';
export const DRIVER_FILE = 'workflow.py';

export const TOP_KEYS = ['version', 'project', 'targets', 'components', 'tasks', 'overlays'] as const;
export const PROJECT_KEYS = ['name', 'default_storage', 'local_cache'] as const;
export const COMPONENT_KEYS = ['image', 'runtime', 'cpus', 'memory', 'mounts', 'env', 'tags', 'preload_script'] as const;
export const TASK_KEYS = ['component', 'cache', 'outputs'] as const;
/** What an overlay may change: the parts of the manifest that are deep-merged. */
export const OVERLAY_KEYS = ['project', 'targets', 'components', 'tasks'] as const;

export const BUILTIN_PROVIDERS = ['local', 'slurm', 'kubernetes', 'aws', 'gcp'] as const;

/** `salloc -t` as Scalable's Slurm provider takes it. */
export const SLURM_WALLTIME = /^\d{1,3}:\d{2}:\d{2}$/;

/** The step label that stands for a task's `cache: true` (the IR has no field for it). */
export const CACHE_LABEL = 'scalable:cache';

type OptionRule =
  | { type: 'string' | 'boolean' | 'object' | 'array' | 'strings' | 'scalar' }
  | { type: 'integer'; min?: number }
  | { type: 'enum'; values: readonly string[] };

const adaptive: OptionRule = { type: 'object' };

/** Options of the built-in providers whose type Scalable checks; other keys pass through. */
export const PROVIDER_OPTIONS: Record<string, Record<string, OptionRule>> = {
  local: {
    max_workers: { type: 'integer', min: 1 },
    threads_per_worker: { type: 'integer', min: 1 },
    processes: { type: 'boolean' },
    containers: { type: 'enum', values: ['none', 'auto', 'docker'] },
    dashboard_address: { type: 'string' },
  },
  slurm: {
    queue: { type: 'string' },
    account: { type: 'string' },
    walltime: { type: 'string' },
    interface: { type: 'string' },
    comm_port: { type: 'integer', min: 1 },
    logs_location: { type: 'string' },
    name: { type: 'string' },
    suppress_logs: { type: 'boolean' },
    container_runtime: { type: 'enum', values: ['apptainer', 'docker'] },
  },
  kubernetes: {
    namespace: { type: 'string' },
    image: { type: 'string' },
    n_workers: { type: 'integer', min: 0 },
    worker_service_account: { type: 'string' },
    adaptive,
    resources: { type: 'object' },
    env: { type: 'object' },
    tolerations: { type: 'array' },
    node_selector: { type: 'object' },
    scheduler_memory: { type: 'string' },
    scheduler_cpu: { type: 'scalar' },
  },
  aws: {
    region: { type: 'string' },
    cluster_type: { type: 'enum', values: ['fargate', 'ec2'] },
    instance_type: { type: 'string' },
    image: { type: 'string' },
    n_workers: { type: 'integer', min: 0 },
    worker_cpu: { type: 'integer' },
    worker_mem: { type: 'integer' },
    vpc: { type: 'string' },
    subnets: { type: 'strings' },
    security_groups: { type: 'strings' },
    execution_role_arn: { type: 'string' },
    task_role_arn: { type: 'string' },
    scheduler_timeout: { type: 'scalar' },
    environment: { type: 'object' },
    tags: { type: 'object' },
    spot: { type: 'boolean' },
    adaptive,
  },
  gcp: {
    region: { type: 'string' },
    project_id: { type: 'string' },
    instance_type: { type: 'string' },
    machine_type: { type: 'string' },
    image: { type: 'string' },
    n_workers: { type: 'integer', min: 0 },
    network: { type: 'string' },
    zone: { type: 'string' },
    service_account: { type: 'string' },
    adaptive,
  },
};

/** What is wrong with a provider option's value, or undefined when Scalable would take it. */
export function optionProblem(provider: string, key: string, value: unknown): string | undefined {
  const rule = PROVIDER_OPTIONS[provider]?.[key];
  if (rule) {
    const problem = ruleProblem(rule, value);
    if (problem) return problem;
  }
  if (provider === 'slurm' && key === 'walltime' && typeof value === 'string' && !SLURM_WALLTIME.test(value)) return 'must be HH:MM:SS';
  if (key === 'adaptive' && isObject(value)) {
    for (const [k, min] of [['minimum', 0], ['maximum', 1]] as const) {
      const v = value[k];
      if (v !== undefined && !(Number.isInteger(v) && (v as number) >= min)) return `${k} must be a whole number ≥ ${min}`;
    }
  }
  return undefined;
}

function ruleProblem(rule: OptionRule, value: unknown): string | undefined {
  switch (rule.type) {
    case 'string':
      return typeof value === 'string' ? undefined : 'must be a string';
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'must be true or false';
    case 'object':
      return isObject(value) ? undefined : 'must be a mapping';
    case 'array':
      return Array.isArray(value) ? undefined : 'must be a list';
    case 'strings':
      return Array.isArray(value) && value.every((v) => typeof v === 'string') ? undefined : 'must be a list of strings';
    case 'scalar':
      return typeof value === 'string' || typeof value === 'number' ? undefined : 'must be a string or a number';
    case 'integer':
      if (!Number.isInteger(value)) return 'must be a whole number';
      return rule.min !== undefined && (value as number) < rule.min ? `must be ≥ ${rule.min}` : undefined;
    case 'enum':
      return typeof value === 'string' && rule.values.includes(value) ? undefined : `must be one of ${rule.values.join(', ')}`;
  }
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// --- the Dask driver's job table ------------------------------------------------------------------------

/** The line that marks a driver wfc wrote; the table follows between the two lines after it. */
export const DRIVER_MARK = '# wfc-dask-driver 1: the JSON job table below is what wfc reads back.';
export const TABLE_OPEN = 'JOB_TABLE = json.loads(r"""';
export const TABLE_CLOSE = '""")';

export interface DriverJob {
  id: string;
  /** The manifest task (the IR step) the job belongs to. */
  task: string;
  /** The component whose tag the job is submitted with. */
  component: string;
  command?: JobCommand;
  inputs: string[];
  outputs: string[];
  /** Every job that must finish first: producers of its inputs and ordering edges. */
  after: string[];
  retries?: number;
  name?: string;
  binding?: Record<string, string>;
}

export interface DriverFile {
  id: string;
  kind?: 'dir' | 'value';
  origin?: 'disk' | 'declared' | 'trace';
  temporary?: boolean;
  protected?: boolean;
  /** Removed once every job has completed. */
  cleanup?: boolean;
  size?: number;
}

export interface DriverTable {
  driver: 1;
  workflow: string;
  /** LocalCluster settings used when no scheduler is given. */
  cluster: { n_workers: number; threads_per_worker: number; processes: boolean };
  components: Record<string, { env?: Record<string, string>; walltime?: number }>;
  /** In dependency order: every job comes after the jobs it waits for. */
  jobs: DriverJob[];
  files: DriverFile[];
}

/** The job table's JSON Schema, for reading it back. */
export const DRIVER_TABLE_SCHEMA = {
  type: 'object',
  required: ['driver', 'workflow', 'cluster', 'components', 'jobs', 'files'],
  properties: {
    driver: { const: 1 },
    workflow: { type: 'string' },
    cluster: { type: 'object' },
    components: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        properties: { env: { type: 'object', additionalProperties: { type: 'string' } }, walltime: { type: 'number', minimum: 0 } },
      },
    },
    jobs: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'task', 'component', 'inputs', 'outputs', 'after'],
        properties: {
          id: { type: 'string', minLength: 1 },
          task: { type: 'string' },
          component: { type: 'string' },
          command: {
            oneOf: [
              { type: 'object', required: ['argv'], additionalProperties: false, properties: { argv: { type: 'array', items: { type: 'string' }, minItems: 1 } } },
              { type: 'object', required: ['script'], additionalProperties: false, properties: { script: { type: 'string' } } },
            ],
          },
          inputs: { type: 'array', items: { type: 'string' } },
          outputs: { type: 'array', items: { type: 'string' } },
          after: { type: 'array', items: { type: 'string' } },
          retries: { type: 'integer', minimum: 0 },
          name: { type: 'string' },
          binding: { type: 'object', additionalProperties: { type: 'string' } },
        },
      },
    },
    files: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id'],
        properties: {
          id: { type: 'string', minLength: 1 },
          kind: { enum: ['dir', 'value'] },
          origin: { enum: ['disk', 'declared', 'trace'] },
          temporary: { type: 'boolean' },
          protected: { type: 'boolean' },
          cleanup: { type: 'boolean' },
          size: { type: 'number', minimum: 0 },
        },
      },
    },
  },
} as const;

/**
 * Where the JSON table sits in a driver's text: [start, end) offsets, or undefined when the text is
 * not a driver wfc wrote.
 */
export function tableRange(text: string): { start: number; end: number } | undefined {
  const mark = text.indexOf(`\n${DRIVER_MARK}\n`);
  if (mark < 0) return undefined;
  const open = text.indexOf(`\n${TABLE_OPEN}\n`, mark);
  if (open < 0) return undefined;
  const start = open + TABLE_OPEN.length + 2;
  const end = text.indexOf(`\n${TABLE_CLOSE}\n`, start);
  return end < 0 ? undefined : { start, end };
}
