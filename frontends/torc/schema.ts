// The shape of a Torc workflow spec, as Torc's own reader (serde, unknown fields refused) takes it:
// Torc 0.12's fields and those its later reference documents. Fields Torc reads as optional also
// take null, as serde does. Names and cross-references are checked when the spec is resolved.

type Schema = Record<string, unknown>;

const nullable = (type: string | string[]): Schema => ({ type: [...(Array.isArray(type) ? type : [type]), 'null'] });
const str = nullable('string');
const bool = nullable('boolean');
const int = (minimum?: number): Schema => (minimum === undefined ? nullable('integer') : { ...nullable('integer'), minimum });
const names: Schema = { type: ['array', 'null'], items: { type: 'string' } };
const stringMap: Schema = { type: ['object', 'null'], additionalProperties: { type: 'string' } };
const parameterValue: Schema = { anyOf: [{ type: ['string', 'number'] }, { type: 'array', items: { type: ['string', 'number'] } }] };
const parameters: Schema = { type: ['object', 'null'], additionalProperties: parameterValue };
const parameterMode: Schema = { enum: ['product', 'zip', null] };

/** Every object of a spec, by kind: its fields and what each takes. */
const OBJECTS = {
  spec: {
    name: { type: 'string' },
    user: str,
    description: str,
    project: str,
    metadata: str,
    parameters,
    variables: stringMap,
    env: stringMap,
    jobs: { type: 'array', items: { $ref: '#/$defs/job' } },
    files: { type: ['array', 'null'], items: { $ref: '#/$defs/file' } },
    user_data: { type: ['array', 'null'], items: { $ref: '#/$defs/user_data' } },
    resource_requirements: { type: ['array', 'null'], items: { $ref: '#/$defs/resource_requirements' } },
    failure_handlers: { type: ['array', 'null'], items: { $ref: '#/$defs/failure_handler' } },
    slurm_schedulers: { type: ['array', 'null'], items: { $ref: '#/$defs/slurm_scheduler' } },
    slurm_defaults: { type: ['object', 'null'], additionalProperties: { type: ['string', 'number', 'boolean'] } },
    resource_monitor: { anyOf: [{ $ref: '#/$defs/resource_monitor' }, { type: 'null' }] },
    actions: { type: ['array', 'null'], items: { $ref: '#/$defs/action' } },
    use_pending_failed: bool,
    execution_config: { anyOf: [{ $ref: '#/$defs/execution_config' }, { type: 'null' }] },
    enable_ro_crate: bool,
    access_groups: names,
    compute_node_expiration_buffer_seconds: int(),
    compute_node_wait_for_new_jobs_seconds: int(),
    compute_node_ignore_workflow_completion: bool,
    compute_node_wait_for_healthy_database_minutes: int(),
    jobs_sort_method: { enum: ['none', 'gpus_runtime_memory', 'gpus_memory_runtime', null] },
    datasets: { type: ['array', 'null'], items: { $ref: '#/$defs/dataset' } },
  },
  job: {
    name: { type: 'string' },
    command: { type: 'string' },
    invocation_script: str,
    cancel_on_blocking_job_failure: bool,
    supports_termination: bool,
    resource_requirements: str,
    failure_handler: str,
    scheduler: str,
    depends_on: names,
    depends_on_regexes: names,
    input_files: names,
    input_file_regexes: names,
    output_files: names,
    output_file_regexes: names,
    input_user_data: names,
    input_user_data_regexes: names,
    output_user_data: names,
    output_user_data_regexes: names,
    parameters,
    parameter_mode: parameterMode,
    use_parameters: names,
    priority: int(0),
    env: stringMap,
    stdio: { anyOf: [{ $ref: '#/$defs/stdio' }, { type: 'null' }] },
    label: str,
    parameters_file: str,
    input_datasets: names,
    output_datasets: names,
  },
  file: {
    name: { type: 'string' },
    path: { type: 'string' },
    parameters,
    parameter_mode: parameterMode,
    use_parameters: names,
    identifier: str,
    st_mtime: nullable('number'),
    parameters_file: str,
  },
  user_data: {
    name: str,
    data: {},
    is_ephemeral: bool,
    parameters,
    parameter_mode: parameterMode,
    use_parameters: names,
  },
  resource_requirements: {
    name: { type: 'string' },
    num_cpus: { type: 'integer', minimum: 0 },
    num_gpus: int(0),
    num_nodes: int(1),
    memory: { type: 'string' },
    runtime: str,
  },
  failure_handler: {
    name: { type: 'string' },
    rules: { type: 'array', items: { $ref: '#/$defs/rule' } },
  },
  rule: {
    exit_codes: { type: ['array', 'null'], items: { type: 'integer' } },
    match_all_exit_codes: bool,
    recovery_script: str,
    max_retries: int(0),
  },
  slurm_scheduler: {
    name: str,
    account: { type: 'string' },
    partition: str,
    nodes: int(1),
    walltime: str,
    mem: str,
    gres: str,
    qos: str,
    ntasks_per_node: int(),
    tmp: str,
    extra: str,
    serialize_allocations: bool,
  },
  action: {
    trigger_type: { enum: ['on_workflow_start', 'on_workflow_complete', 'on_jobs_ready', 'on_jobs_complete', 'on_worker_start', 'on_worker_complete'] },
    action_type: { enum: ['run_commands', 'schedule_nodes'] },
    jobs: names,
    job_name_regexes: names,
    commands: names,
    scheduler: str,
    scheduler_type: { enum: ['slurm', 'local', null] },
    num_allocations: int(1),
    start_one_worker_per_node: bool,
    max_parallel_jobs: int(1),
    persistent: bool,
  },
  execution_config: {
    mode: { enum: ['direct', 'slurm', 'auto', null] },
    sigkill_headroom_seconds: int(),
    timeout_exit_code: int(),
    staggered_start: bool,
    stdio: { anyOf: [{ $ref: '#/$defs/stdio' }, { type: 'null' }] },
    limit_resources: bool,
    termination_signal: str,
    sigterm_lead_seconds: int(),
    oom_exit_code: int(),
    srun_termination_signal: str,
    enable_cpu_bind: bool,
    srun_mpi: str,
  },
  resource_monitor: {
    enabled: bool,
    granularity: { enum: ['summary', 'time_series', null] },
    sample_interval_seconds: int(1),
    generate_plots: bool,
    flush_interval_seconds: int(1),
    jobs: { type: ['object', 'null'] },
    compute_node: { type: ['object', 'null'] },
  },
  stdio: {
    mode: { enum: ['separate', 'combined', 'no_stdout', 'no_stderr', 'none', null] },
    delete_on_success: bool,
  },
  dataset: {
    name: { type: 'string' },
    path: { type: 'string' },
    hash_mode: { enum: ['manifest', 'content', 'none', null] },
    description: str,
  },
} satisfies Record<string, Record<string, Schema>>;

export type ObjectKind = keyof typeof OBJECTS;

const REQUIRED: Partial<Record<ObjectKind, string[]>> = {
  spec: ['name', 'jobs'],
  job: ['name', 'command'],
  file: ['name', 'path'],
  resource_requirements: ['name', 'num_cpus', 'memory'],
  failure_handler: ['name', 'rules'],
  slurm_scheduler: ['account'],
  action: ['trigger_type', 'action_type'],
  dataset: ['name', 'path'],
};

function objectSchema(kind: ObjectKind): Schema {
  const s: Schema = { type: 'object', additionalProperties: false, properties: OBJECTS[kind] };
  if (REQUIRED[kind]) s.required = REQUIRED[kind];
  return s;
}

const defs = Object.fromEntries((Object.keys(OBJECTS) as ObjectKind[]).filter((k) => k !== 'spec').map((k) => [k, objectSchema(k)]));

export const TORC_SPEC_SCHEMA: Schema = { ...objectSchema('spec'), $defs: defs };

/** The fields an object of this kind takes. */
export function fieldsOf(kind: ObjectKind): string[] {
  return Object.keys(OBJECTS[kind]);
}

/** Which kind of object sits at a path of the document (for hints on unknown fields). */
export function kindAt(path: readonly (string | number)[]): ObjectKind | undefined {
  const [first, , third] = path;
  const list: Partial<Record<string, ObjectKind>> = {
    jobs: 'job',
    files: 'file',
    user_data: 'user_data',
    resource_requirements: 'resource_requirements',
    failure_handlers: 'failure_handler',
    slurm_schedulers: 'slurm_scheduler',
    actions: 'action',
    datasets: 'dataset',
  };
  if (path.length === 0) return 'spec';
  if (path.length === 1 && (first === 'execution_config' || first === 'resource_monitor')) return first;
  if (path.length === 2 && first === 'execution_config' && path[1] === 'stdio') return 'stdio';
  if (path.length === 2 && typeof path[1] === 'number') return list[String(first)];
  if (path.length === 3 && first === 'jobs' && third === 'stdio') return 'stdio';
  if (path.length === 4 && first === 'failure_handlers' && third === 'rules' && typeof path[3] === 'number') return 'rule';
  return undefined;
}
