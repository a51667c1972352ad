// The wfc intermediate representation.
//
// Two levels live in one document. The abstract level (steps, domains, workflow inputs) is what a
// source describes: a rule, a process, an oval scattered over N. The concrete level (jobs, files) is
// what an engine runs: one job per step and domain point, with real file names. Frontends fill in
// what they know; the `expand` pass derives the concrete level from the abstract one when a source
// does not give it directly (a trace does).
//
// Keep this file, `schema.ts` and DESIGN.md in step.

export const IR_VERSION = 1 as const;

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A position in a source file. Lines and columns are 1-based. */
export interface Span {
  file: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
}

export type DataKind = 'file' | 'dir' | 'value';

export interface Workflow {
  wfc: typeof IR_VERSION;
  name: string;
  description?: string;
  /** Workflow parameters (Nextflow params, Snakemake config, sketch `N = 4`). */
  params: Record<string, JsonValue>;
  /** What fan-outs range over. */
  domains: Domain[];
  steps: Step[];
  /** External data the workflow reads: nothing in the workflow produces it. */
  inputs: DataItem[];
  /** Final products, as references to step outputs. */
  outputs: PortRef[];
  /** Concrete level: empty until a frontend or the `expand` pass fills it. */
  jobs: Job[];
  files: FileEntry[];
  /** Providers the workflow is meant to run on, when the source says. */
  targets: string[];
  source: SourceInfo;
  provenance?: Provenance;
  /** Resource requirements shared by steps, named (lift-resources): Scalable components, Torc resource_requirements. */
  resourceClasses?: ResourceClass[];
  /** How files move between jobs on the target the workflow was prepared for (infer-staging). */
  staging?: Staging;
  /** Jobs that run together as one unit (cluster). Jobs in no cluster run alone. */
  clusters?: Cluster[];
  /** Where the source deploys the workflow (Scalable targets and overlays, Torc schedulers, Pegasus sites). */
  deployment?: Deployment;
  /** What could not be represented; see `Loss`. */
  losses: Loss[];
}

/**
 * Where a workflow is deployed, when its source says: provider settings that belong to no step.
 * Settings keep the source's own names and values (`queue: short`, `walltime: "02:00:00"`,
 * `adaptive: {maximum: 10}`); `wfc migrate` maps them from one provider to another.
 */
export interface Deployment {
  /** Targets in the order the source lists them. */
  targets: DeploymentTarget[];
  overlays: Overlay[];
  /** Settings of the whole project (Scalable `default_storage`, `local_cache`). */
  settings?: Record<string, JsonValue>;
}

export interface DeploymentTarget {
  name: string;
  /** `local`, `slurm`, `kubernetes`, `aws`, `gcp`, `htcondor`, or whatever else the source names. */
  provider: string;
  /** The overlay applied when this target is selected. */
  overlay?: string;
  settings: Record<string, JsonValue>;
}

/** A named delta over the workflow, applied when a target selects it (Scalable overlays). */
export interface Overlay {
  name: string;
  /** Resource changes per resource class (only the keys that change). */
  resources: Record<string, Resources>;
  /** Setting changes per target name. */
  targets: Record<string, Record<string, JsonValue>>;
  /** Other changes as the source writes them, by dotted path (`components.gcam.image`). */
  extra?: Record<string, JsonValue>;
}

export interface ResourceClass {
  /** Named by the source (a Scalable component, a Torc resource_requirements entry) or by lift-resources after its values. */
  id: string;
  resources: Resources;
}

/**
 * `shared`: every job sees one filesystem (Slurm); `condorio` / `nonsharedfs`: the engine moves
 * files between a staging site and the jobs (Pegasus); `pvc`: a volume mounted into every pod.
 */
export interface Staging {
  mode: 'shared' | 'condorio' | 'nonsharedfs' | 'pvc';
}

/**
 * Jobs run as one unit. `horizontal`: jobs of one step at one level of the graph (no paths between
 * them), run one after another or side by side. `label`: jobs that share a group label and are
 * connected, run in dependency order. Jobs are listed in the workflow's job order.
 */
export interface Cluster {
  id: string;
  kind: 'horizontal' | 'label';
  jobs: string[];
}

/** Where a provider runs a step or job (map-provider). */
export interface Placement {
  provider: 'slurm' | 'kubernetes' | 'fargate';
  partition?: string;
  account?: string;
  qos?: string;
  /** Kubernetes node size. */
  node?: string;
}

export interface SourceInfo {
  format: string;
  files: string[];
}

/** What a fan-out ranges over. Known values, or a symbolic size bound later through a parameter. */
export interface Domain {
  id: string;
  /** Known item names, in order. */
  values?: string[];
  /** Name of the workflow parameter that gives the size (a count) or the values (a list). */
  param?: string;
  /** Where the domain came from, for messages. */
  origin: 'sketch' | 'config' | 'samplesheet' | 'glob' | 'trace' | 'ir';
  span?: Span;
}

export interface Step {
  id: string;
  /** The name the source gave it (may contain characters ids may not). */
  name: string;
  description?: string;
  command?: Command;
  inputs: Port[];
  outputs: Port[];
  /** Domains the step is scattered over: one job per point of their product. */
  fanout: string[];
  resources: Resources;
  environment: Environment;
  labels: string[];
  /** Guard expression in the source's language; the step runs only when it holds. */
  when?: string;
  retries?: number;
  /** The workflow's resource class that holds this step's resources (lift-resources). */
  resourceClass?: string;
  placement?: Placement;
  span?: Span;
}

export interface Port {
  name: string;
  kind: DataKind;
  /**
   * File name pattern. `{D}` stands for the item of domain D; a domain of the pattern that the step
   * is not scattered over ranges over all its items (the port then names many files).
   */
  pattern?: string;
  cardinality: 'one' | 'many';
  /** Upstream data feeding an input port. */
  from?: PortSource[];
  optional?: boolean;
}

export type PortSource = PortRef | { input: string };

export interface PortRef {
  step: string;
  port: string;
}

/** External data read by the workflow. */
export interface DataItem {
  id: string;
  name: string;
  kind: DataKind;
  pattern?: string;
  span?: Span;
}

/**
 * A command template. `tool` is a program with arguments, where an argument may stand for the files
 * of a port or the item of a domain. `script` is a shell script in some source's template dialect;
 * only the frontend of that dialect knows how to render it (see `dialect`). Dialect `wfc` is our own:
 * `{input}`, `{input.PORT}`, `{output}`, `{output.PORT}`, `{DOMAIN}`, `{params.NAME}`, `{{` and `}}`.
 */
export type Command =
  | { kind: 'tool'; program: string; args: ArgPart[] }
  | { kind: 'script'; dialect: string; text: string };

export type ArgPart =
  | { text: string }
  | { input: string }
  | { output: string }
  | { domain: string }
  | { param: string };

/** Requested resources, normalised. Unit parsing and formatting lives in units.ts. */
export interface Resources {
  cpus?: number;
  memoryBytes?: number;
  diskBytes?: number;
  gpus?: number;
  gpuType?: string;
  walltimeSeconds?: number;
  /** On retry, multiply memory and walltime by these factors (Nextflow `task.attempt` idiom). */
  retryScaling?: { memory?: number; walltime?: number };
}

export interface Environment {
  container?: Container;
  conda?: string;
  modules?: string[];
  env?: Record<string, string>;
  /** Host directories mounted into the job's container: host path → container path. */
  mounts?: Record<string, string>;
}

export interface Container {
  image: string;
  runtime?: 'docker' | 'singularity' | 'apptainer' | 'podman';
}

/** One step bound to one point of its domains. */
export interface Job {
  id: string;
  step: string;
  /** The name the source gave this job, when it names jobs (traces do). */
  name?: string;
  /** Domain item of each fan-out domain. */
  binding: Record<string, string>;
  /** File ids. */
  inputs: string[];
  outputs: string[];
  /** Ordering edges that files do not imply: ids of jobs that must finish first. */
  after: string[];
  command?: JobCommand;
  /** Overrides the step's resources for this job only. */
  resources?: Resources;
  /** The resource class of the job's own resources, when it has some. */
  resourceClass?: string;
  /** Overrides the step's placement, when the job's own resources place it elsewhere. */
  placement?: Placement;
  /** What a trace observed when the job ran. */
  observed?: Observed;
}

/** A rendered command: an argument vector, or a shell script run with bash. */
export type JobCommand = { argv: string[] } | { script: string };

export interface FileEntry {
  id: string;
  kind: DataKind;
  sizeBytes?: number;
  /** Delete once every job that reads it has finished (Snakemake `temp()`). */
  temporary?: boolean;
  /** Make read-only once written (Snakemake `protected()`). */
  protected?: boolean;
  /**
   * For a file no job writes: how the source knows it exists. `disk`: it was there when the source
   * was read; `declared`: the source names it as a workflow input; `trace`: a run recorded it.
   */
  origin?: 'disk' | 'declared' | 'trace';
  /** What the file is to the workflow (infer-staging), and what the engine does with it. */
  role?: 'input' | 'intermediate' | 'output';
  stageIn?: boolean;
  stageOut?: boolean;
  /** Delete once no job needs it. */
  cleanup?: boolean;
}

export interface Observed {
  runtimeSeconds?: number;
  executedAt?: string;
  coreCount?: number;
  avgCPU?: number;
  readBytes?: number;
  writtenBytes?: number;
  memoryBytes?: number;
  energyKWh?: number;
  avgPowerW?: number;
  priority?: number;
  machines?: string[];
}

/** Where a workflow came from when it is a record of a run (WfCommons traces). */
export interface Provenance {
  createdAt?: string;
  executedAt?: string;
  makespanSeconds?: number;
  author?: { name: string; email: string; institution?: string; country?: string };
  runtimeSystem?: { name: string; version: string; url?: string };
  machines?: Machine[];
  /**
   * Fields of the source document that have no place above, to write them back: by dotted path for
   * WfFormat, under the format's own name for others (`torc: {...}`).
   */
  extra?: Record<string, JsonValue>;
}

export interface Machine {
  nodeName: string;
  system?: string;
  architecture?: string;
  release?: string;
  memoryBytes?: number;
  cpu?: { coreCount?: number; speedMHz?: number; vendor?: string };
}

/**
 * The loss ledger: every construct a frontend could not represent or a backend could not express.
 * `--fail-on-loss` turns entries into errors.
 */
export interface Loss {
  /** Which stage dropped it: `frontend:napkin`, `backend:pegasus`, ... */
  stage: string;
  construct: string;
  reason: string;
  severity: 'info' | 'warning' | 'error';
  span?: Span;
}
