// Slurm for Torc: `slurm_schedulers` (what one allocation asks for), the `scheduler` of each job,
// and `schedule_nodes` actions that request the allocations, as `torc slurm generate` writes them.
//
// Schedulers come from the workflow's Slurm deployment targets (a Torc source's own schedulers,
// settings as written) and from placements (map-provider with `--site`): jobs placed on one
// partition with one account and QOS share a scheduler sized for the largest of them. Each
// scheduler is requested by one `on_jobs_ready` action per level of the job graph, since Torc fires
// the action once all the jobs it lists are ready: one action for jobs of several levels would wait
// for the last level, whose jobs wait for the first.

import { jobEdges, topoOrder } from '../../ir/graph.js';
import { SCHEDULER_FIELDS, type TorcKept } from '../../ir/formats/torc.js';
import type { DeploymentTarget, Job, JsonValue, Loss, Placement, Resources, Step, Workflow } from '../../ir/types.js';
import { formatDuration, formatMemory, parseDuration } from '../../ir/units.js';
import { count } from '../../ir/text.js';

const STAGE = 'backend:torc';

export interface TorcSlurm {
  schedulers: Record<string, JsonValue>[];
  /** Job id → scheduler name. */
  schedulerOf: Map<string, string>;
  actions: JsonValue[];
}

/** Other names sources give Torc's scheduler fields (Scalable, sketches of a site). */
const ALIASES: Record<string, (typeof SCHEDULER_FIELDS)[number]> = { queue: 'partition', memory: 'mem', time: 'walltime', tasks_per_node: 'ntasks_per_node' };
const INTEGER_FIELDS = new Set(['nodes', 'ntasks_per_node']);

interface Generated {
  entry: Record<string, JsonValue>;
  resources: Resources[];
}

export function torcSlurm(
  wf: Workflow,
  kept: TorcKept,
  jobName: Map<string, string>,
  resourcesOf: (job: Job) => Resources,
  losses: Loss[],
): TorcSlurm {
  const defaultAccount = slurmDefaultAccount(wf);
  const schedulers: Record<string, JsonValue>[] = [];
  const names = new Set<string>();
  const byPlacement = new Map<string, string>();
  const placementKey = (partition: unknown, account: unknown, qos: unknown) => JSON.stringify([partition ?? null, account ?? null, qos ?? null]);
  for (const target of wf.deployment?.targets ?? []) {
    if (target.provider !== 'slurm') {
      losses.push({ stage: STAGE, construct: `deployment target "${target.name}" (${target.provider})`, reason: 'Torc requests allocations from Slurm only; run it elsewhere with `torc run` or remote workers', severity: 'warning' });
      continue;
    }
    const entry = schedulerOfTarget(target, defaultAccount, losses);
    if (!entry) continue;
    schedulers.push(entry);
    names.add(target.name);
    const key = placementKey(entry.partition, entry.account, entry.qos);
    if (!byPlacement.has(key)) byPlacement.set(key, target.name);
  }
  // A Torc source's schedulers run what its jobs name, requested by its own actions (or by hand:
  // `torc slurm schedule-nodes`). Other sources' Slurm targets run every job that has no other place.
  const fromTorc = wf.source.format === 'torc';
  const firstTarget = fromTorc ? undefined : (schedulers[0]?.name as string | undefined);
  const requestedByUs = new Set(fromTorc ? [] : names);

  const steps = new Map<string, Step>(wf.steps.map((s) => [s.id, s]));
  const generated = new Map<string, Generated>();
  const noAccount = new Set<string>();
  const schedulerOf = new Map<string, string>();
  for (const job of wf.jobs) {
    const own = kept.jobs?.[jobName.get(job.id)!]?.scheduler;
    if (typeof own === 'string' && names.has(own)) {
      schedulerOf.set(job.id, own);
      continue;
    }
    const placement: Placement | undefined = job.placement ?? steps.get(job.step)!.placement;
    if (placement?.provider === 'slurm') {
      const account = placement.account ?? defaultAccount;
      const key = placementKey(placement.partition, account, placement.qos);
      let name = byPlacement.get(key);
      if (name === undefined) {
        if (account === undefined) {
          noAccount.add(placement.partition ?? 'the default partition');
          continue;
        }
        name = uniqueName(`${placement.partition ?? 'slurm'}_scheduler`, names);
        const entry: Record<string, JsonValue> = { name, account, nodes: 1 };
        if (placement.partition !== undefined) entry.partition = placement.partition;
        if (placement.qos !== undefined) entry.qos = placement.qos;
        generated.set(name, { entry, resources: [] });
        requestedByUs.add(name);
        schedulers.push(entry);
        byPlacement.set(key, name);
      }
      generated.get(name)?.resources.push(resourcesOf(job));
      schedulerOf.set(job.id, name);
    } else if (firstTarget !== undefined) schedulerOf.set(job.id, firstTarget);
  }
  for (const g of generated.values()) sizeAllocation(g);
  for (const partition of noAccount) {
    losses.push({ stage: STAGE, construct: `Slurm placement on ${partition}`, reason: "a Torc Slurm scheduler needs an account: add `account:` to the site file's slurm section; the jobs run wherever Torc's workers run", severity: 'warning' });
  }
  return { schedulers, schedulerOf, actions: actionsFor(wf, kept, jobName, schedulerOf, requestedByUs, losses) };
}

function uniqueName(base: string, taken: Set<string>): string {
  let name = base;
  for (let n = 2; taken.has(name); n++) name = `${base}_${n}`;
  taken.add(name);
  return name;
}

/** An account from the workflow's `slurm_defaults`, which Torc applies to every scheduler. */
function slurmDefaultAccount(wf: Workflow): string | undefined {
  const defaults = wf.deployment?.settings?.slurm_defaults;
  if (defaults === null || typeof defaults !== 'object' || Array.isArray(defaults)) return undefined;
  const account = defaults.account;
  return typeof account === 'string' ? account : undefined;
}

/** A deployment target's settings as a scheduler: Torc's own fields, and the usual other names for them. */
function schedulerOfTarget(target: DeploymentTarget, defaultAccount: string | undefined, losses: Loss[]): Record<string, JsonValue> | undefined {
  const entry: Record<string, JsonValue> = { name: target.name };
  for (const [key, value] of Object.entries(target.settings)) {
    const field = (SCHEDULER_FIELDS as readonly string[]).includes(key) ? key : ALIASES[key];
    const converted = field === undefined ? undefined : fieldValue(field, value);
    if (field === undefined || converted === undefined) {
      losses.push({ stage: STAGE, construct: `setting ${key} of Slurm target "${target.name}"`, reason: field === undefined ? 'a Torc Slurm scheduler has no such field' : `${JSON.stringify(value)} is not a value Torc takes for ${field}`, severity: 'warning' });
      continue;
    }
    if (entry[field] === undefined) entry[field] = converted;
  }
  if (entry.account === undefined && defaultAccount !== undefined) entry.account = defaultAccount;
  if (entry.account === undefined) {
    losses.push({ stage: STAGE, construct: `Slurm target "${target.name}"`, reason: 'a Torc Slurm scheduler needs an account, and the target names none', severity: 'warning' });
    return undefined;
  }
  return entry;
}

function fieldValue(field: string, value: JsonValue): JsonValue | undefined {
  if (field === 'serialize_allocations') return typeof value === 'boolean' ? value : undefined;
  if (INTEGER_FIELDS.has(field)) {
    const n = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
    return typeof n === 'number' && Number.isInteger(n) && n >= 1 ? n : undefined;
  }
  if (field === 'walltime' && typeof value === 'number') {
    const seconds = parseDuration(value, 'slurm');
    return 'value' in seconds ? formatDuration(seconds.value, 'slurm') : undefined;
  }
  if (typeof value === 'string') return value;
  return typeof value === 'number' ? String(value) : undefined;
}

/**
 * An allocation holds the largest job it runs: the most memory and GPUs, and the longest runtime
 * (Torc's default, one hour, when no job says).
 */
function sizeAllocation(g: Generated): void {
  const max = (k: 'memoryBytes' | 'gpus' | 'walltimeSeconds') => {
    const values = g.resources.map((r) => r[k]).filter((v): v is number => v !== undefined);
    return values.length > 0 ? Math.max(...values) : undefined;
  };
  const memory = max('memoryBytes');
  const gpus = max('gpus');
  const time = max('walltimeSeconds');
  if (memory !== undefined) g.entry.mem = formatMemory(memory, 'slurm');
  if (gpus) {
    const types = new Set(g.resources.filter((r) => r.gpus).map((r) => r.gpuType));
    const [type] = types;
    g.entry.gres = `gpu:${types.size === 1 && type !== undefined ? `${type}:` : ''}${gpus}`;
  }
  if (time !== undefined) g.entry.walltime = formatDuration(Math.max(60, time), 'slurm');
}

/**
 * The source's actions (their job lists kept to jobs that still exist), and one `on_jobs_ready`
 * action per level for each scheduler of ours that no kept action requests.
 */
function actionsFor(wf: Workflow, kept: TorcKept, jobName: Map<string, string>, schedulerOf: Map<string, string>, ours: Set<string>, losses: Loss[]): JsonValue[] {
  const existing = new Set(jobName.values());
  const actions: JsonValue[] = [];
  const requested = new Set<string>();
  const source = kept.spec?.actions;
  for (const a of Array.isArray(source) ? source : []) {
    if (a === null || typeof a !== 'object' || Array.isArray(a)) continue;
    const action = { ...a };
    if (Array.isArray(action.jobs)) {
      const jobs = action.jobs.filter((j) => typeof j === 'string' && existing.has(j));
      if (jobs.length < action.jobs.length) {
        losses.push({ stage: STAGE, construct: `action ${String(action.trigger_type)}/${String(action.action_type)}`, reason: `names ${count(action.jobs.length - jobs.length, 'job')} the workflow no longer has`, severity: 'warning' });
        if (jobs.length === 0 && action.job_name_regexes == null) continue;
      }
      action.jobs = jobs;
    }
    if (action.action_type === 'schedule_nodes' && typeof action.scheduler === 'string') requested.add(action.scheduler);
    actions.push(action);
  }
  const level = jobLevels(wf);
  const groups = new Map<string, Map<number, string[]>>();
  for (const job of wf.jobs) {
    const scheduler = schedulerOf.get(job.id);
    if (scheduler === undefined || requested.has(scheduler) || !ours.has(scheduler)) continue;
    const byLevel = groups.get(scheduler) ?? groups.set(scheduler, new Map()).get(scheduler)!;
    const l = level.get(job.id)!;
    (byLevel.get(l) ?? byLevel.set(l, []).get(l)!).push(jobName.get(job.id)!);
  }
  for (const [scheduler, byLevel] of groups) {
    for (const l of [...byLevel.keys()].sort((a, b) => a - b)) {
      actions.push({ action_type: 'schedule_nodes', jobs: byLevel.get(l)!, num_allocations: 1, scheduler, scheduler_type: 'slurm', trigger_type: 'on_jobs_ready' });
    }
  }
  return actions;
}

/** Longest path from a job with no predecessor. */
function jobLevels(wf: Workflow): Map<string, number> {
  const edges = jobEdges(wf);
  const preds = new Map<string, string[]>();
  for (const e of edges) (preds.get(e.to) ?? preds.set(e.to, []).get(e.to)!).push(e.from);
  const topo = topoOrder(wf.jobs.map((j) => j.id), edges);
  // Lint rules out cycles; should one slip through, every job is on level 0.
  const order = 'order' in topo ? topo.order : wf.jobs.map((j) => j.id);
  const level = new Map<string, number>();
  for (const id of order) {
    let l = 0;
    if ('order' in topo) for (const p of preds.get(id) ?? []) l = Math.max(l, level.get(p)! + 1);
    level.set(id, l);
  }
  return level;
}
