// A resolved Torc spec into IR. Each job spec is a step (a parameterized one fans out over its
// parameters), each job Torc would create is a job with its files and ordering edges, resource
// requirements are named resource classes, Slurm schedulers are deployment targets (settings as
// written) and the run settings are the deployment's settings. What the IR has no field for is kept
// under `provenance.extra.torc` for the Torc writer, and listed as lost to other targets.

import type { DiagnosticBag } from '../../ir/diagnostics.js';
import { KEPT_KEY, RUN_SETTINGS, type TorcKept } from '../../ir/formats/torc.js';
import { sanitize, uniqueNames } from '../../ir/ids.js';
import { count } from '../../ir/text.js';
import type { Deployment, DeploymentTarget, Domain, FileEntry, Job, JsonValue, Loss, Placement, ResourceClass, Resources, Step, Workflow } from '../../ir/types.js';
import { parseDuration, parseMemory } from '../../ir/units.js';
import { createWorkflow } from '../../ir/workflow.js';
import type { SourceFile } from '../types.js';
import type { ExpandedList, JsonObject, SpecParameters } from './expand.js';
import type { Locator } from './locate.js';
import { display } from './parameters.js';
import type { Resolved, ResolvedJob } from './resolve.js';

const STAGE = 'frontend:torc';
const STEP_ID = /[A-Za-z0-9_.-]/;
const PLACEHOLDER = /\{[A-Za-z_][A-Za-z0-9_]*(:[^}]*)?\}/g;
/** Per-job fields with no place in the IR, kept as written. */
const KEPT_JOB_FIELDS = ['invocation_script', 'scheduler', 'failure_handler', 'priority', 'cancel_on_blocking_job_failure', 'supports_termination', 'stdio', 'label'];
/** Top-level fields with no place in the IR, kept as written. */
const KEPT_SPEC_FIELDS = ['user', 'project', 'metadata', 'actions', 'failure_handlers', 'access_groups', 'enable_ro_crate'];

interface Context {
  spec: JsonObject;
  loc: Locator;
  bag: DiagnosticBag;
  losses: Loss[];
  kept: Required<TorcKept>;
}

export function lowerSpec(spec: JsonObject, resolved: Resolved, jobs: ExpandedList, userData: JsonObject[], file: SourceFile, loc: Locator, bag: DiagnosticBag, params: Record<string, JsonValue>): Workflow {
  const wf = createWorkflow(spec.name as string, 'torc', [file.path]);
  if (typeof spec.description === 'string') wf.description = spec.description;
  const shared = (spec.parameters as JsonObject | null | undefined) ?? {};
  for (const [k, v] of Object.entries(shared)) wf.params[k] = params[k] ?? v;
  const cx: Context = { spec, loc, bag, losses: [], kept: { spec: {}, jobs: {}, files: {}, resources: {} } };

  const classes = resourceClasses(cx);
  if (classes.length > 0) wf.resourceClasses = classes;
  const deployment = deploymentOf(spec);
  if (deployment) wf.deployment = deployment;
  const known: Known = {
    classes: new Map(classes.map((c) => [c.id, c.resources])),
    retries: retriesByHandler(cx),
    schedulers: new Map((deployment?.targets ?? []).map((t) => [t.name, t])),
    env: (spec.env as Record<string, string> | null | undefined) ?? {},
    domains: new Map(),
  };

  const bySpec = new Map<number, ResolvedJob[]>();
  for (const j of resolved.jobs) {
    const index = j.item.path[1] as number;
    (bySpec.get(index) ?? bySpec.set(index, []).get(index)!).push(j);
  }
  const rawJobs = spec.jobs as JsonObject[];
  // A parameterized spec's step is named without its placeholders: `job_{i:03d}` is step `job`.
  const ids = uniqueNames([...bySpec.keys()].map((i) => [String(i), sanitize((rawJobs[i]!.name as string).replace(PLACEHOLDER, ''), STEP_ID)]), STEP_ID, 'job');
  for (const [index, list] of bySpec) {
    const { step, jobs: made } = lowerJobSpec(cx, known, ids.get(String(index))!, index, list, jobs.parameters.get(index));
    wf.steps.push(step);
    wf.jobs.push(...made);
  }
  wf.domains = [...known.domains.values()];
  wf.files = filesOf(cx, resolved);
  keepSpec(cx, userData);
  noteLosses(cx, resolved);
  wf.losses = cx.losses;
  const kept: TorcKept = {};
  for (const key of ['spec', 'jobs', 'files', 'resources'] as const) if (Object.keys(cx.kept[key]).length > 0) (kept as Record<string, unknown>)[key] = cx.kept[key];
  if (Object.keys(kept).length > 0) wf.provenance = { extra: { [KEPT_KEY]: kept as JsonValue } };
  return wf;
}

/** What every job spec is lowered against. */
interface Known {
  classes: Map<string, Resources>;
  /** Failure handler → retries, for handlers that retry any failure. */
  retries: Map<string, number>;
  schedulers: Map<string, DeploymentTarget>;
  /** The workflow's env, under every job's own. */
  env: Record<string, string>;
  domains: Map<string, Domain>;
}

/**
 * One job spec: a step, and the jobs Torc makes of it. What all its jobs share (resource class,
 * env, retries, placement) goes on the step; what differs, on each job (or kept for Torc).
 */
function lowerJobSpec(cx: Context, known: Known, id: string, index: number, list: ResolvedJob[], parameters: SpecParameters | undefined): { step: Step; jobs: Job[] } {
  const raw = (cx.spec.jobs as JsonObject[])[index]!;
  const step: Step = {
    id,
    name: raw.name as string,
    command: { kind: 'script', dialect: 'torc', text: raw.command as string },
    inputs: [],
    outputs: [],
    fanout: [],
    resources: {},
    environment: {},
    labels: [],
    span: cx.loc.at(['jobs', index]),
  };
  const binding = fanOut(step, parameters, list, known.domains);
  const same = <T>(f: (j: ResolvedJob) => T): T | undefined => {
    const first = JSON.stringify(f(list[0]!));
    return list.every((j) => JSON.stringify(f(j)) === first) ? f(list[0]!) : undefined;
  };
  const classOf = (j: ResolvedJob) => j.item.fields.resource_requirements as string | undefined;
  const envOf = (j: ResolvedJob) => ({ ...known.env, ...(j.item.fields.env as Record<string, string> | undefined) });
  const placementOf = (j: ResolvedJob): Placement | undefined => {
    const s = known.schedulers.get(j.item.fields.scheduler as string);
    if (!s) return undefined;
    const p: Placement = { provider: 'slurm' };
    for (const k of ['partition', 'account', 'qos'] as const) if (typeof s.settings[k] === 'string') p[k] = s.settings[k] as string;
    return p;
  };
  const stepClass = same(classOf);
  if (stepClass !== undefined && known.classes.has(stepClass)) {
    step.resourceClass = stepClass;
    step.resources = { ...known.classes.get(stepClass)! };
  }
  const env = same(envOf);
  if (env && Object.keys(env).length > 0) step.environment.env = env;
  const handler = same((j) => j.item.fields.failure_handler as string | undefined);
  const retries = handler === undefined ? undefined : known.retries.get(handler);
  if (retries !== undefined) step.retries = retries;
  const placement = same(placementOf);
  if (placement) step.placement = placement;

  const jobs = list.map((j, k) => {
    const job: Job = { id: j.name, step: id, binding: binding[k]!, inputs: j.inputs, outputs: j.outputs, after: j.after, command: { script: j.script } };
    const cls = classOf(j);
    if (stepClass === undefined && cls !== undefined && known.classes.has(cls)) {
      job.resourceClass = cls;
      job.resources = { ...known.classes.get(cls)! };
    }
    const p = placement ? undefined : placementOf(j);
    if (p) job.placement = p;
    keepJob(cx, j, env === undefined ? envOf(j) : undefined);
    return job;
  });
  return { step, jobs };
}

/**
 * The step's domains, one per parameter (a workflow-level parameter is one domain for every step
 * that uses it), or one for zipped parameters, whose values go together; and each job's binding.
 */
function fanOut(step: Step, parameters: SpecParameters | undefined, list: ResolvedJob[], domains: Map<string, Domain>): Record<string, string>[] {
  if (!parameters) return list.map(() => ({}));
  const domainOf = (name: string) => (parameters.shared.has(name) ? name : `${step.id}.${name}`);
  const ids = parameters.mode === 'zip' ? [`${step.id}.${parameters.names.join('+')}`] : parameters.names.map(domainOf);
  const bindings = list.map((j) => {
    const values = j.item.combo.map(([, v]) => display(v));
    return parameters.mode === 'zip' ? { [ids[0]!]: values.join(',') } : Object.fromEntries(ids.map((d, i) => [d, values[i]!]));
  });
  ids.forEach((d) => {
    const values = [...new Set(bindings.map((b) => b[d]!))];
    const known = domains.get(d);
    if (!known) domains.set(d, { id: d, values, origin: 'config', span: step.span! });
    else known.values = [...new Set([...(known.values ?? []), ...values])];
  });
  step.fanout = ids;
  return bindings;
}

function resourceClasses(cx: Context): ResourceClass[] {
  const list = (cx.spec.resource_requirements as JsonObject[] | null | undefined) ?? [];
  const out: ResourceClass[] = [];
  const seen = new Set<string>();
  list.forEach((rr, i) => {
    const name = rr.name as string;
    if (seen.has(name)) return;
    seen.add(name);
    const r: Resources = {};
    if ((rr.num_cpus as number) > 0) r.cpus = rr.num_cpus as number;
    const memory = parseMemory(rr.memory as string, 'torc');
    if ('value' in memory) r.memoryBytes = memory.value;
    else cx.bag.error('UNIT001', `resource requirement "${name}": ${memory.error}`, cx.loc.at(['resource_requirements', i, 'memory']), 'Torc writes memory as a number with k, m, g or t: 512m, 4g');
    if (typeof rr.num_gpus === 'number' && rr.num_gpus > 0) r.gpus = rr.num_gpus;
    if (typeof rr.runtime === 'string') {
      const t = parseDuration(rr.runtime, 'torc');
      if ('value' in t) r.walltimeSeconds = t.value;
      else cx.bag.error('UNIT002', `resource requirement "${name}": ${t.error}`, cx.loc.at(['resource_requirements', i, 'runtime']), 'Torc writes runtimes in ISO 8601: PT30M, PT2H, P1DT12H');
    }
    if (typeof rr.num_nodes === 'number' && rr.num_nodes !== 1) {
      cx.kept.resources[name] = { num_nodes: rr.num_nodes };
      cx.losses.push({ stage: STAGE, construct: `${rr.num_nodes} nodes per job (resource requirement "${name}")`, reason: 'the IR has no node count: kept for Torc output only', severity: 'warning', span: cx.loc.at(['resource_requirements', i, 'num_nodes']) });
    }
    out.push({ id: name, resources: r });
  });
  return out;
}

/** A handler that retries any failure is the IR's retries; one that picks exit codes is Torc's own. */
function retriesByHandler(cx: Context): Map<string, number> {
  const out = new Map<string, number>();
  ((cx.spec.failure_handlers as JsonObject[] | null | undefined) ?? []).forEach((h, i) => {
    const rules = h.rules as JsonObject[];
    const anyFailure = rules.find((r) => r.match_all_exit_codes === true);
    if (anyFailure) out.set(h.name as string, (anyFailure.max_retries as number | null | undefined) ?? 3);
    if (rules.some((r) => r.match_all_exit_codes !== true)) {
      cx.losses.push({ stage: STAGE, construct: `retries on chosen exit codes (failure handler "${String(h.name)}")`, reason: 'the IR retries on any failure or not at all: kept for Torc output only', severity: 'warning', span: cx.loc.at(['failure_handlers', i]) });
    }
  });
  return out;
}

function deploymentOf(spec: JsonObject): Deployment | undefined {
  const schedulers = (spec.slurm_schedulers as JsonObject[] | null | undefined) ?? [];
  const targets = schedulers.map((s, i) => {
    const settings: Record<string, JsonValue> = {};
    for (const [k, v] of Object.entries(s)) if (k !== 'name' && v !== null) settings[k] = v;
    return { name: typeof s.name === 'string' ? s.name : `scheduler_${i + 1}`, provider: 'slurm', settings };
  });
  const settings: Record<string, JsonValue> = {};
  for (const key of RUN_SETTINGS) if (spec[key] !== undefined && spec[key] !== null) settings[key] = spec[key]!;
  if (targets.length === 0 && Object.keys(settings).length === 0) return undefined;
  const d: Deployment = { targets, overlays: [] };
  if (Object.keys(settings).length > 0) d.settings = settings;
  return d;
}

function keepJob(cx: Context, j: ResolvedJob, env: Record<string, string> | undefined): void {
  const f = j.item.fields;
  const k: Record<string, JsonValue> = {};
  // The command with its references, when it is more than the script it runs.
  if (j.command !== j.script) k.command = j.command;
  for (const field of KEPT_JOB_FIELDS) if (f[field] !== undefined) k[field] = f[field]!;
  // User data named by regex is written back by name.
  if (j.listedUserIn.length > 0) k.input_user_data = j.listedUserIn;
  if (j.listedUserOut.length > 0) k.output_user_data = j.listedUserOut;
  if (env && Object.keys(env).length > 0) k.env = env;
  if (Object.keys(k).length > 0) cx.kept.jobs[j.name] = k;
}

function keepSpec(cx: Context, userData: JsonObject[]): void {
  for (const key of KEPT_SPEC_FIELDS) if (cx.spec[key] !== undefined && cx.spec[key] !== null) cx.kept.spec[key] = cx.spec[key]!;
  if (userData.length > 0) cx.kept.spec.user_data = userData;
}

function filesOf(cx: Context, resolved: Resolved): FileEntry[] {
  const written = new Set(resolved.jobs.flatMap((j) => j.outputs));
  const out: FileEntry[] = [];
  for (const [path, f] of resolved.files) {
    const entry: FileEntry = { id: path, kind: f.kind };
    if (!written.has(path)) entry.origin = 'declared';
    out.push(entry);
    const k: Record<string, JsonValue> = {};
    if (f.name !== path) k.name = f.name;
    for (const [key, value] of Object.entries(f.item.fields)) if (key !== 'name' && key !== 'path') k[key] = value;
    if (Object.keys(k).length > 0) cx.kept.files[path] = k;
  }
  return out;
}

function noteLosses(cx: Context, resolved: Resolved): void {
  const spec = cx.spec;
  const lost = (construct: string, reason: string, path: (string | number)[]) => cx.losses.push({ stage: STAGE, construct, reason, severity: 'info', span: cx.loc.at(path) });
  const actions = (spec.actions as JsonObject[] | null | undefined) ?? [];
  const commands = actions.filter((a) => a.action_type === 'run_commands').length;
  if (commands > 0) lost(`${count(commands, 'action')} running commands`, 'kept for Torc output only; other targets do not run them', ['actions']);
  if (resolved.userData.size > 0) lost(`${count(resolved.userData.size, 'user data record')}`, "data passed through Torc's server: kept for Torc output only (their edges are kept as ordering edges)", ['user_data']);
  const prioritized = resolved.jobs.filter((j) => j.item.fields.priority !== undefined).length;
  if (prioritized > 0) lost(`priorities of ${count(prioritized, 'job')}`, 'the IR has no job priority: kept for Torc output only', ['jobs']);
}
