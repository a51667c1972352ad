// Which DAG tasks the workflow becomes, and what each waits for.
//
// One task per job; one per cluster of jobs (they run one after another in one pod); and one per
// step whose jobs are not known because its fan-out is bound only at run time (a domain with no
// items, sized later through a parameter): that task loops over the domain's items in Argo.
// Edges come from the job graph (file producers and `after`), and for tasks of a step without
// jobs from the step graph.

import { jobEdges, stepEdges } from '../../ir/graph.js';
import type { Domain, Job, Placement, Resources, Step, Workflow } from '../../ir/types.js';

export interface Task {
  /** `job:<id>`, `cluster:<id>` or `step:<id>`: unique, and what names are derived from. */
  key: string;
  /** The name it would like (a job's id, a cluster's id, a step's name). */
  wanted: string;
  /** The steps whose jobs it runs; the first one's environment is the pod's. */
  steps: Step[];
  /** Jobs in the order they run (the workflow's topological order); empty for a step-level task. */
  jobs: Job[];
  /** For a step-level task: the domains it loops over, outermost first. */
  loops: Domain[];
  resources: Resources;
  placement?: Placement;
  retries?: number;
  /** Keys of the tasks it waits for, sorted. */
  after: string[];
}

export function planTasks(wf: Workflow): Task[] {
  const steps = new Map(wf.steps.map((s) => [s.id, s]));
  const domains = new Map(wf.domains.map((d) => [d.id, d]));
  const jobs = runnableJobs(wf);
  const clusterOf = new Map<string, string>();
  for (const c of wf.clusters ?? []) for (const j of c.jobs) clusterOf.set(j, c.id);

  const tasks = new Map<string, Task>();
  const taskOfJob = new Map<string, Task>();
  for (const job of jobs) {
    const cluster = clusterOf.get(job.id);
    const key = cluster === undefined ? `job:${job.id}` : `cluster:${cluster}`;
    let task = tasks.get(key);
    if (!task) {
      task = { key, wanted: cluster ?? job.id, steps: [], jobs: [], loops: [], resources: {}, after: [] };
      tasks.set(key, task);
    }
    const step = steps.get(job.step)!;
    if (!task.steps.includes(step)) task.steps.push(step);
    task.jobs.push(job);
    taskOfJob.set(job.id, task);
  }
  for (const task of tasks.values()) {
    task.resources = combined(task.jobs.map((j) => ({ ...steps.get(j.step)!.resources, ...j.resources })));
    const placement = task.jobs[0]!.placement ?? task.steps[0]!.placement;
    if (placement) task.placement = placement;
    const retries = Math.max(0, ...task.steps.map((s) => s.retries ?? 0));
    if (retries > 0) task.retries = retries;
  }

  const stepLevel = stepLevelSteps(wf, new Set(jobs.map((j) => j.step)), domains);
  for (const step of stepLevel) {
    const task: Task = { key: `step:${step.id}`, wanted: step.name, steps: [step], jobs: [], loops: step.fanout.map((d) => domains.get(d) ?? { id: d, origin: 'ir' }), resources: step.resources, after: [] };
    if (step.placement) task.placement = step.placement;
    if (step.retries !== undefined && step.retries > 0) task.retries = step.retries;
    tasks.set(task.key, task);
  }

  const after = new Map<Task, Set<string>>();
  const wait = (from: Task, to: Task) => {
    if (from === to) return;
    let set = after.get(to);
    if (!set) after.set(to, (set = new Set()));
    set.add(from.key);
  };
  for (const e of jobEdges(wf)) {
    const from = taskOfJob.get(e.from);
    const to = taskOfJob.get(e.to);
    if (from && to) wait(from, to);
  }
  if (stepLevel.length > 0) {
    const tasksOfStep = new Map<string, Task[]>();
    for (const t of tasks.values()) for (const s of t.steps) (tasksOfStep.get(s.id) ?? tasksOfStep.set(s.id, []).get(s.id)!).push(t);
    const symbolic = new Set(stepLevel.map((s) => s.id));
    for (const e of stepEdges(wf)) {
      if (!symbolic.has(e.from) && !symbolic.has(e.to)) continue;
      for (const from of tasksOfStep.get(e.from) ?? []) for (const to of tasksOfStep.get(e.to) ?? []) wait(from, to);
    }
  }
  for (const [task, keys] of after) task.after = [...keys].sort();
  return [...tasks.values()];
}

/**
 * The jobs worth a pod: a job that runs nothing and writes nothing only names targets (Snakemake's
 * `rule all`), unless another job waits for it by name.
 */
function runnableJobs(wf: Workflow): Job[] {
  const waitedFor = new Set(wf.jobs.flatMap((j) => j.after));
  return wf.jobs.filter((j) => j.command || j.outputs.length > 0 || waitedFor.has(j.id));
}

/**
 * Steps that run as one looping task: in a workflow not expanded at all, every step that does
 * something; in an expanded one, steps without jobs whose fan-out has a domain with no items (the
 * others have no jobs because nothing asks for them).
 */
function stepLevelSteps(wf: Workflow, withJobs: Set<string>, domains: Map<string, Domain>): Step[] {
  const doesSomething = (s: Step) => s.command !== undefined || s.outputs.length > 0;
  if (wf.jobs.length === 0) return wf.steps.filter(doesSomething);
  return wf.steps.filter((s) => !withJobs.has(s.id) && doesSomething(s) && s.fanout.some((d) => domains.get(d)?.values === undefined));
}

/** What a pod running these jobs one after another needs: the most any one asks, and their times summed. */
function combined(all: Resources[]): Resources {
  if (all.length === 1) return all[0]!;
  const out: Resources = {};
  for (const k of ['cpus', 'memoryBytes', 'diskBytes', 'gpus'] as const) {
    const values = all.map((r) => r[k]).filter((v): v is number => v !== undefined);
    if (values.length > 0) out[k] = Math.max(...values);
  }
  const gpuType = all.find((r) => r.gpuType !== undefined)?.gpuType;
  if (gpuType !== undefined) out.gpuType = gpuType;
  if (all.every((r) => r.walltimeSeconds !== undefined)) out.walltimeSeconds = all.reduce((s, r) => s + r.walltimeSeconds!, 0);
  return out;
}
