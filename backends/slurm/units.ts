// How jobs become Slurm submissions. A unit is one `sbatch --array`: the jobs of one step at one
// level of the graph with the same resources and placement, one array task per job (or per
// horizontal cluster of jobs), split at the site's largest array. A label cluster (a group) is a
// unit of its own with one task that runs its jobs in dependency order.
//
// Levels are taken in the graph where each group is one node (acyclic: the cluster pass sees to
// it), so jobs of one unit never depend on each other and units depend only on units of lower
// levels: submitting units level by level always names submitted jobs in `--dependency`.

import { jobEdges, topoOrder } from '../../ir/graph.js';
import { uniqueIds } from '../../ir/ids.js';
import type { Job, Placement, Resources, Step, Workflow } from '../../ir/types.js';

export interface SlurmTask {
  /** In the workflow's (topological) job order. */
  jobs: Job[];
}

export interface SlurmUnit {
  /** File-name-safe and unique: `steps/<name>.sh`. */
  name: string;
  kind: 'array' | 'group';
  steps: Step[];
  level: number;
  tasks: SlurmTask[];
  /** What one array task asks for (clusters: the longest job's time times the jobs it runs). */
  resources: Resources;
  placement?: Placement;
}

const NAME = /[A-Za-z0-9_.-]/;

export function planUnits(wf: Workflow, maxArraySize: number): SlurmUnit[] {
  const steps = new Map(wf.steps.map((s) => [s.id, s]));
  const groupOf = new Map<string, string>();
  const inCluster = new Map<string, string>();
  for (const c of wf.clusters ?? []) {
    for (const j of c.jobs) {
      if (c.kind === 'label') groupOf.set(j, c.id);
      else inCluster.set(j, c.id);
    }
  }
  const level = contractedLevels(wf, groupOf);

  const groups = new Map<string, Job[]>();
  const keyed = new Map<string, { step: Step; level: number; resources: Resources; placement?: Placement; signature: string; jobs: Job[] }>();
  for (const job of wf.jobs) {
    const group = groupOf.get(job.id);
    if (group !== undefined) {
      const list = groups.get(group);
      if (list) list.push(job);
      else groups.set(group, [job]);
      continue;
    }
    const step = steps.get(job.step)!;
    const resources = { ...step.resources, ...job.resources };
    const placement = job.placement ?? step.placement;
    const signature = JSON.stringify([sorted(resources), placement ? sorted(placement) : null]);
    const l = level.get(job.id)!;
    const key = `${step.id}\u0000${l}\u0000${signature}`;
    let g = keyed.get(key);
    if (!g) {
      g = { step, level: l, resources, signature, jobs: [] };
      if (placement) g.placement = placement;
      keyed.set(key, g);
    }
    g.jobs.push(job);
  }

  const drafts: (Omit<SlurmUnit, 'name'> & { base: string })[] = [];
  // Name suffixes only where needed: a level when the step spans several, a number when one level
  // holds several resource sets, a part when the array is split.
  const levelsOf = new Map<string, Set<number>>();
  const setsAt = new Map<string, string[]>();
  for (const g of keyed.values()) {
    (levelsOf.get(g.step.id) ?? levelsOf.set(g.step.id, new Set()).get(g.step.id)!).add(g.level);
    const at = `${g.step.id}\u0000${g.level}`;
    (setsAt.get(at) ?? setsAt.set(at, []).get(at)!).push(g.signature);
  }
  for (const g of keyed.values()) {
    let base = g.step.id;
    if (levelsOf.get(g.step.id)!.size > 1) base += `_l${g.level}`;
    const sets = [...new Set(setsAt.get(`${g.step.id}\u0000${g.level}`)!)].sort();
    if (sets.length > 1) base += `_r${sets.indexOf(g.signature) + 1}`;
    const tasks = tasksOf(g.jobs, inCluster);
    const perTask = Math.max(...tasks.map((t) => t.jobs.length));
    const resources = perTask > 1 && g.resources.walltimeSeconds !== undefined ? { ...g.resources, walltimeSeconds: g.resources.walltimeSeconds * perTask } : g.resources;
    const parts = Math.ceil(tasks.length / maxArraySize);
    for (let p = 0; p < parts; p++) {
      const draft: Omit<SlurmUnit, 'name'> & { base: string } = {
        base: parts > 1 ? `${base}_part${p + 1}` : base,
        kind: 'array',
        steps: [g.step],
        level: g.level,
        tasks: tasks.slice(p * maxArraySize, (p + 1) * maxArraySize),
        resources,
      };
      if (g.placement) draft.placement = g.placement;
      drafts.push(draft);
    }
  }
  for (const [id, jobs] of groups) {
    const members = [...new Set(jobs.map((j) => j.step))].map((s) => steps.get(s)!);
    const draft: Omit<SlurmUnit, 'name'> & { base: string } = {
      base: id,
      kind: 'group',
      steps: members,
      level: level.get(jobs[0]!.id)!,
      tasks: [{ jobs }],
      resources: groupResources(jobs.map((j) => ({ ...steps.get(j.step)!.resources, ...j.resources }))),
    };
    const placement = jobs[0]!.placement ?? steps.get(jobs[0]!.step)!.placement;
    if (placement) draft.placement = placement;
    drafts.push(draft);
  }
  const names = uniqueIds(drafts.map((d) => d.base), NAME, 'step');
  return drafts
    .map(({ base, ...d }) => ({ name: names.get(base)!, ...d }))
    .sort((a, b) => a.level - b.level || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** One task per job, except jobs of one horizontal cluster, which share one. */
function tasksOf(jobs: Job[], inCluster: Map<string, string>): SlurmTask[] {
  const tasks: SlurmTask[] = [];
  const byCluster = new Map<string, SlurmTask>();
  for (const job of jobs) {
    const c = inCluster.get(job.id);
    if (c === undefined) {
      tasks.push({ jobs: [job] });
      continue;
    }
    const task = byCluster.get(c);
    if (task) task.jobs.push(job);
    else {
      const t = { jobs: [job] };
      byCluster.set(c, t);
      tasks.push(t);
    }
  }
  return tasks;
}

/** Longest path from a source, in the graph where each group is one node. */
function contractedLevels(wf: Workflow, groupOf: Map<string, string>): Map<string, number> {
  const node = (job: string) => {
    const g = groupOf.get(job);
    return g === undefined ? job : `\u0000${g}`;
  };
  const nodes = [...new Set(wf.jobs.map((j) => node(j.id)))];
  const edges = jobEdges(wf)
    .map((e) => ({ from: node(e.from), to: node(e.to) }))
    .filter((e) => e.from !== e.to);
  const preds = new Map<string, string[]>();
  for (const e of edges) (preds.get(e.to) ?? preds.set(e.to, []).get(e.to)!).push(e.from);
  const topo = topoOrder(nodes, edges);
  // Lint and the cluster pass rule out cycles; order by id if one slipped through.
  const order = 'order' in topo ? topo.order : [...nodes].sort();
  const level = new Map<string, number>();
  for (const n of order) {
    let l = 0;
    for (const p of preds.get(n) ?? []) l = Math.max(l, (level.get(p) ?? 0) + 1);
    level.set(n, l);
  }
  return new Map(wf.jobs.map((j) => [j.id, level.get(node(j.id))!]));
}

/** A group runs its jobs one after another: the most any one needs, and the sum of their times. */
function groupResources(all: Resources[]): Resources {
  const out: Resources = {};
  const max = (k: 'cpus' | 'memoryBytes' | 'diskBytes' | 'gpus') => {
    const values = all.map((r) => r[k]).filter((v): v is number => v !== undefined);
    if (values.length > 0) out[k] = Math.max(...values);
  };
  max('cpus');
  max('memoryBytes');
  max('diskBytes');
  max('gpus');
  const gpuType = all.find((r) => r.gpuType !== undefined)?.gpuType;
  if (gpuType !== undefined) out.gpuType = gpuType;
  if (all.every((r) => r.walltimeSeconds !== undefined)) out.walltimeSeconds = all.reduce((s, r) => s + r.walltimeSeconds!, 0);
  return out;
}

function sorted(o: object): [string, unknown][] {
  return Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1));
}
