// Pegasus documents → IR. Every job becomes a job; jobs that run one transformation form a step
// (a sub-workflow's jobs one per file). Files are the logical file names jobs use; those in the
// replica catalog are declared raw inputs. Dependencies that no file explains become ordering edges.
// Resources follow Pegasus's precedence: the transformation catalog over the job's own profiles
// over the workflow's (Pegasus configuration reference, "Profiles Conflict Resolution").

import type { DiagnosticBag } from '../../ir/diagnostics.js';
import { compareIds, describeCycle, topoOrder } from '../../ir/graph.js';
import { uniqueIds, uniqueNames } from '../../ir/ids.js';
import type { Cluster, Resources, Step, Workflow } from '../../ir/types.js';
import { createWorkflow } from '../../ir/workflow.js';
import type { FrontendHost } from '../types.js';
import { spanOf, type Replica, type Located, type Sources } from './documents.js';
import { FileTable, readJob, type JobContext, type ReadJob } from './jobs.js';
import { Ledger } from './losses.js';
import { readProfiles, unmappedReason, type ProfileReading } from './profiles.js';
import { UNDERSTOOD_PROPERTIES } from './properties.js';
import { readSites } from './sites.js';
import { readTransformations, type TransformationInfo } from './transformations.js';

const STEP_ID = /[A-Za-z0-9_.-]/;
const RESOURCE_NAMES: Record<keyof Resources, string> = {
  cpus: 'cores',
  memoryBytes: 'memory',
  diskBytes: 'disk space',
  gpus: 'GPUs',
  gpuType: 'GPU type',
  walltimeSeconds: 'run time',
  retryScaling: 'growth on retry',
};
const MAX_REPORTED = 20;

const DATA_CONFIGURATION: Record<string, NonNullable<Workflow['staging']>['mode']> = {
  sharedfs: 'shared',
  condorio: 'condorio',
  nonsharedfs: 'nonsharedfs',
};

export function lowerPegasus(src: Sources, host: FrontendHost, bag: DiagnosticBag): Workflow | undefined {
  const ledger = new Ledger();
  const transformations = readTransformations(src, host, bag, ledger);
  const wf = createWorkflow(src.workflow.name, 'pegasus', src.files);
  const top = readTopLevel(src, bag, ledger, wf);

  const byName = new Map<string, TransformationInfo[]>();
  for (const t of transformations.values()) {
    const list = byName.get(t.entry.value.name);
    if (list) list.push(t);
    else byName.set(t.entry.value.name, [t]);
  }
  const files = new FileTable();
  const ctx: JobContext = { doc: src.doc, bag, ledger, files, transformations, byName, catalogued: src.transformations.found };
  const seen = new Set<string>();
  const read: ReadJob[] = [];
  src.workflow.jobs.forEach((p, i) => {
    if (seen.has(p.id)) {
      bag.error('PGF008', `job id "${p.id}" is used twice`, src.doc.locate(['jobs', i, 'id']));
      return;
    }
    seen.add(p.id);
    read.push(readJob(p, i, ctx));
  });
  // A missing catalog is a fact about the whole document: reported at its start, which costs no
  // position lookup in a large file.
  const start = { file: src.doc.file, line: 1, column: 1 };
  if (!src.transformations.found) {
    bag.warning('PGF003', `no transformation catalog (inline, or transformations.yml beside the workflow): programs, containers and resources are unknown; each job runs its transformation's name`, start);
  }

  wf.steps = buildSteps(read, top, bag, ledger, src);
  addDependencies(src, read, bag);
  if (bag.hasErrors) return undefined;
  wf.jobs = read.map((r) => r.job);
  const clusters = labelClusters(read, top);
  if (clusters.length > 0) wf.clusters = clusters;
  wf.files = declareInputs(src, read, files, bag, ledger);
  const deployment = readSites(src.sites, ledger);
  if (deployment) wf.deployment = deployment;
  else bag.info('PGF003', 'no site catalog (inline, or sites.yml beside the workflow): where the workflow runs is unknown', start);
  wf.losses = ledger.losses;
  return wf;
}

/** Workflow-wide profiles (weaker than a job's own), hooks, metadata and planner properties. */
function readTopLevel(src: Sources, bag: DiagnosticBag, ledger: Ledger, wf: Workflow): ProfileReading {
  const w = src.workflow;
  const subject = `workflow "${w.name}"`;
  const top = readProfiles(w.profiles, (ns, k) => src.doc.locate(['profiles', ns, k]), bag);
  for (const p of top.unmapped) ledger.add(`profile ${p}`, subject, unmappedReason(p), 'warning', () => src.doc.locate(['profiles', ...p.split(/\.(.*)/s, 2)]));
  if (w.hooks) ledger.add('hooks', subject, 'notifications (shell hooks) are not carried: nothing runs when the workflow starts or ends', 'warning', () => src.doc.locate(['hooks']));
  if (w.metadata) ledger.add('metadata', subject, 'the IR has no metadata', 'info', () => src.doc.locate(['metadata']));
  if (w.version !== undefined) ledger.add(`workflow version ${w.version}`, subject, 'the IR does not version workflows', 'info', () => src.doc.locate(['version']));
  const mode = src.properties.get('pegasus.data.configuration');
  if (mode !== undefined && DATA_CONFIGURATION[mode]) wf.staging = { mode: DATA_CONFIGURATION[mode]! };
  for (const key of src.properties.keys()) {
    if (!UNDERSTOOD_PROPERTIES.has(key)) ledger.add(`property ${key}`, 'pegasus.properties', 'planner properties other than the catalogs and the data configuration are not carried', 'info');
  }
  return top;
}

/**
 * One step per transformation. Its resources are the catalog's over the workflow's; a job keeps
 * those of its own that the catalog does not set (the catalog wins in Pegasus). Environment and
 * retries set on jobs move to the step when all its jobs agree.
 */
function buildSteps(read: ReadJob[], top: ProfileReading, bag: DiagnosticBag, ledger: Ledger, src: Sources): Step[] {
  const groups = new Map<string, ReadJob[]>();
  for (const r of read) {
    const g = groups.get(r.stepKey);
    if (g) g.push(r);
    else groups.set(r.stepKey, [r]);
  }
  // A step is called by its transformation's name; by the full `namespace::name:version` only
  // where two transformations share a name.
  const named = new Map<string, number>();
  for (const jobs of groups.values()) named.set(jobs[0]!.shortName, (named.get(jobs[0]!.shortName) ?? 0) + 1);
  const ids = uniqueNames([...groups].map(([key, jobs]) => [key, named.get(jobs[0]!.shortName) === 1 ? jobs[0]!.shortName : key]), STEP_ID, 'step');
  const steps: Step[] = [];
  for (const [key, jobs] of groups) {
    const t = jobs[0]!.transformation;
    const catalog = t?.profiles;
    const step: Step = {
      id: ids.get(key)!,
      name: key,
      inputs: [],
      outputs: [],
      fanout: [],
      resources: { ...top.resources, ...catalog?.resources },
      environment: { ...t?.environment },
      labels: catalog?.label !== undefined ? [`group:${catalog.label}`] : [],
      span: t ? spanOf(t.entry) : src.doc.locate(['jobs', jobs[0]!.index]),
    };
    const decided = catalog?.env ?? {};
    const undecided = (r: ReadJob) => Object.fromEntries(Object.entries(r.profiles.env).filter(([k]) => decided[k] === undefined));
    const env = { ...top.env, ...agreed(jobs, undecided, key, ledger), ...decided };
    if (Object.keys(env).length > 0) step.environment.env = env;
    else delete step.environment.env;
    const retries = catalog?.retries ?? agreedValue(jobs.map((r) => r.profiles.retries), `dagman.retry`, key, ledger) ?? top.retries;
    if (retries !== undefined) step.retries = retries;
    for (const r of jobs) {
      r.job.step = step.id;
      const own = jobResources(r, catalog?.resources ?? {}, bag, src);
      if (Object.keys(own).length > 0) r.job.resources = own;
      for (const [k, v] of Object.entries(r.profiles.env)) {
        if (decided[k] !== undefined && decided[k] !== v) overridden(r, ['env', k], `environment variable ${k}`, bag, src);
      }
      if (catalog?.retries !== undefined && r.profiles.retries !== undefined && r.profiles.retries !== catalog.retries) {
        overridden(r, ['dagman', r.profiles.retryKey!], 'retries', bag, src);
      }
    }
    steps.push(step);
  }
  return steps;
}

/** A job's own resources, less those the transformation catalog sets otherwise (and so decides). */
function jobResources(r: ReadJob, catalog: Resources, bag: DiagnosticBag, src: Sources): Resources {
  const own: Resources = {};
  for (const [k, v] of Object.entries(r.profiles.resources) as [keyof Resources, number][]) {
    const decided = catalog[k];
    if (decided === undefined || decided === v) (own as Record<string, number>)[k] = v;
    else overridden(r, r.profiles.origin[k]!, RESOURCE_NAMES[k], bag, src);
  }
  return own;
}

/** A job's own profile that the transformation catalog overrides: Pegasus lets the catalog win. */
function overridden(r: ReadJob, [ns, key]: [string, string], what: string, bag: DiagnosticBag, src: Sources): void {
  bag.warning('PGF011', `job "${r.job.id}" sets ${ns}.${key}, but transformation "${r.stepKey}" sets other ${what} in the catalog, which Pegasus lets win`, src.doc.locate(['jobs', r.index, 'profiles', ns, key]));
}

/** Environment variables every job of a step sets alike; the others are reported as lost. */
function agreed(jobs: ReadJob[], of: (r: ReadJob) => Record<string, string>, step: string, ledger: Ledger): Record<string, string> {
  const keys = new Set(jobs.flatMap((r) => Object.keys(of(r))));
  const out: Record<string, string> = {};
  for (const k of keys) {
    const v = agreedValue(jobs.map((r) => of(r)[k]), `env.${k}`, step, ledger);
    if (v !== undefined) out[k] = v;
  }
  return out;
}

function agreedValue<T>(values: (T | undefined)[], what: string, step: string, ledger: Ledger): T | undefined {
  const distinct = new Set(values);
  if (distinct.size === 1) return values[0];
  if (distinct.size > 1 || values.some((v) => v === undefined)) {
    ledger.add(`profile ${what} on single jobs`, `transformation "${step}"`, 'the IR sets this per step: the jobs of the step disagree, so it is left out', 'warning');
  }
  return undefined;
}

/** Jobs with the same `pegasus.label` are clustered into one by Pegasus's label clustering. */
function labelClusters(read: ReadJob[], top: ProfileReading): Cluster[] {
  const byLabel = new Map<string, string[]>();
  for (const r of read) {
    const label = r.transformation?.profiles.label ?? r.profiles.label ?? top.label;
    if (label === undefined) continue;
    const list = byLabel.get(label);
    if (list) list.push(r.job.id);
    else byLabel.set(label, [r.job.id]);
  }
  const ids = uniqueIds(byLabel.keys(), STEP_ID, 'cluster');
  return [...byLabel].map(([label, jobs]): Cluster => ({ id: ids.get(label)!, kind: 'label', jobs })).sort((a, b) => compareIds(a.id, b.id));
}

/** `jobDependencies` as ordering edges, where no file a job reads already orders it after its parent. */
function addDependencies(src: Sources, read: ReadJob[], bag: DiagnosticBag): void {
  const byId = new Map(read.map((r) => [r.job.id, r.job]));
  const parents = new Map<string, Set<string>>();
  const edgeAt = new Map<string, (string | number)[]>();
  (src.workflow.jobDependencies ?? []).forEach((d, i) => {
    if (!byId.has(d.id)) {
      bag.error('PGF006', `a dependency names job "${d.id}", which the workflow does not have`, src.doc.locate(['jobDependencies', i, 'id']));
      return;
    }
    (d.children ?? []).forEach((c, k) => {
      if (!byId.has(c)) bag.error('PGF006', `job "${d.id}" has child "${c}", which the workflow does not have`, src.doc.locate(['jobDependencies', i, 'children', k]));
      else {
        (parents.get(c) ?? parents.set(c, new Set()).get(c)!).add(d.id);
        if (!edgeAt.has(`${d.id}\u0000${c}`)) edgeAt.set(`${d.id}\u0000${c}`, ['jobDependencies', i, 'children', k]);
      }
    });
  });
  const producers = new Map<string, string[]>();
  for (const r of read) for (const f of r.job.outputs) (producers.get(f) ?? producers.set(f, []).get(f)!).push(r.job.id);
  for (const r of read) {
    const ps = parents.get(r.job.id);
    if (!ps) continue;
    const implied = new Set(r.job.inputs.flatMap((f) => producers.get(f) ?? []));
    r.job.after = [...ps].filter((p) => !implied.has(p)).sort(compareIds);
  }
  const edges = read.flatMap((r) => [
    ...r.job.inputs.flatMap((f) => (producers.get(f) ?? []).map((p) => ({ from: p, to: r.job.id }))),
    ...[...(parents.get(r.job.id) ?? [])].map((p) => ({ from: p, to: r.job.id })),
  ]);
  const order = topoOrder(read.map((r) => r.job.id), edges);
  if ('cycle' in order) {
    // Point at the dependency that goes back up the list of jobs: the one that closes the cycle.
    const c = order.cycle;
    const index = new Map(read.map((r) => [r.job.id, r.index]));
    const edgesOfCycle = c.map((id, i) => [id, c[(i + 1) % c.length]!] as const);
    const back = edgesOfCycle.filter(([from, to]) => index.get(to)! <= index.get(from)!);
    const at = [...back, ...edgesOfCycle].map(([from, to]) => edgeAt.get(`${from}\u0000${to}`)).find((p) => p !== undefined);
    bag.error('PGF007', `the jobs form a cycle: ${describeCycle(c)}`, src.doc.locate(at ?? ['jobs', read.find((r) => r.job.id === c[0])!.index, 'id']));
  }
}

/**
 * Files no job writes are raw inputs: declared when the replica catalog lists them (by name, or
 * by a regular expression entry). A produced file the catalog also lists is one Pegasus may reuse
 * instead of running its producer.
 */
function declareInputs(src: Sources, read: ReadJob[], files: FileTable, bag: DiagnosticBag, ledger: Ledger) {
  const exact = new Map<string, Located<Replica>>();
  const patterns: [RegExp, Located<Replica>][] = [];
  for (const r of src.replicas.entries) {
    if (!r.value.regex) exact.set(r.value.lfn, r);
    else {
      try {
        patterns.push([new RegExp(`^(?:${r.value.lfn})$`), r]);
      } catch {
        bag.warning('PGF005', `replica "${r.value.lfn}" is a regular expression wfc cannot read; files it would match stay undeclared`, spanOf(r, 'lfn'));
      }
    }
  }
  const replicaOf = (lfn: string) => exact.get(lfn) ?? patterns.find(([re]) => re.test(lfn))?.[1];
  const written = new Set(read.flatMap((r) => r.job.outputs));
  const undeclared: string[] = [];
  for (const f of files.entries.values()) {
    const replica = replicaOf(f.id);
    if (written.has(f.id)) {
      if (replica) ledger.add('replica of a produced file', `"${f.id}"`, 'Pegasus may reuse the catalogued copy and skip the job that makes it (data reuse); the IR always runs the job', 'info', spanOf(replica));
      continue;
    }
    if (replica) {
      f.origin = 'declared';
      noteReplica(replica, ledger);
    } else if (!f.id.startsWith('/') && !/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(f.id)) undeclared.push(f.id);
  }
  if (undeclared.length > 0 && !src.replicas.found) {
    const some = `${undeclared.slice(0, 3).join(', ')}${undeclared.length > 3 ? ', ...' : ''}`;
    const what = undeclared.length === 1 ? `the location of the raw input (${some}) is` : `the locations of ${undeclared.length} raw inputs (${some}) are`;
    bag.warning('PGF003', `no replica catalog (inline, or replicas.yml beside the workflow): ${what} unknown`, { file: src.doc.file, line: 1, column: 1 });
  } else {
    for (const lfn of undeclared.slice(0, MAX_REPORTED)) {
      const [job, use] = files.firstUse.get(lfn)!;
      bag.warning('PGF005', `"${lfn}" is read, but no job writes it and the replica catalog does not list it`, src.doc.locate(['jobs', job, 'uses', use]));
    }
    if (undeclared.length > MAX_REPORTED) bag.warning('PGF005', `... and ${undeclared.length - MAX_REPORTED} more inputs like it`, src.doc.locate(['jobs']));
  }
  return [...files.entries.values()];
}

function noteReplica(r: Located<Replica>, ledger: Ledger): void {
  const subject = `"${r.value.lfn}"`;
  ledger.add('replica location', subject, 'the IR names a file by its logical name: where the replica catalog says it is (its PFN) is not carried; put it there, or beside the workflow', 'info', () => spanOf(r, 'pfns'));
  if (r.value.checksum) ledger.add('checksum', subject, 'the IR has no checksums: the input is not verified', 'info', () => spanOf(r, 'checksum'));
  if (r.value.metadata) ledger.add('replica metadata', subject, 'the IR has no metadata', 'info', () => spanOf(r, 'metadata'));
}
