// Resource classes → Scalable components. A component is a resource profile and a container
// profile at once, so a class whose steps run in different environments (image, env, mounts)
// becomes one component per environment: the first keeps the class's name, the others are numbered.
// Steps without resources run on a component named `default`.

import { compareIds } from '../../ir/graph.js';
import { CACHE_LABEL } from '../../ir/formats/scalable.js';
import type { Environment, JsonValue, Loss, Resources, Step, Workflow } from '../../ir/types.js';
import { formatDaskBytes } from '../../ir/units.js';

export interface Component {
  name: string;
  /** The resource class it stands for ('' for steps without resources). */
  resourceClass: string;
  resources: Resources;
  environment: Environment;
  tags: string[];
}

export interface ComponentPlan {
  components: Component[];
  /** Component of each step (its task's component). */
  ofStep: Map<string, string>;
  /** Component of each job. */
  ofJob: Map<string, string>;
  /** Components made from each resource class, for overlay deltas. */
  ofClass: Map<string, string[]>;
}

const STAGE = 'backend:scalable';

export function planComponents(wf: Workflow, losses: Loss[]): ComponentPlan {
  const classes = new Map((wf.resourceClasses ?? []).map((c) => [c.id, c.resources]));
  const taken = new Set(classes.keys());
  const defaultName = fresh('default', taken);
  const variants = new Map<string, { key: string; name: string; steps: Step[] }[]>();
  const stepById = new Map(wf.steps.map((s) => [s.id, s]));

  /** The component of class `cls` for a step's environment; made on first use. */
  const use = (cls: string, step: Step): string => {
    const key = JSON.stringify(environmentKey(step.environment));
    let list = variants.get(cls);
    if (!list) variants.set(cls, (list = []));
    let v = list.find((x) => x.key === key);
    if (!v) {
      const base = cls === '' ? defaultName : cls;
      v = { key, name: list.length === 0 ? base : fresh(`${base}-${list.length + 1}`, taken), steps: [] };
      taken.add(v.name);
      list.push(v);
    }
    if (!v.steps.includes(step)) v.steps.push(step);
    return v.name;
  };

  const ofStep = new Map<string, string>();
  for (const s of wf.steps) ofStep.set(s.id, use(s.resourceClass ?? '', s));
  const ofJob = new Map<string, string>();
  for (const j of wf.jobs) {
    const step = stepById.get(j.step);
    if (!step) continue;
    ofJob.set(j.id, j.resourceClass !== undefined ? use(j.resourceClass, step) : ofStep.get(step.id)!);
  }

  const components: Component[] = [];
  const ofClass = new Map<string, string[]>();
  for (const [cls, list] of variants) {
    for (const v of list) {
      const first = v.steps[0]!;
      components.push({ name: v.name, resourceClass: cls, resources: classes.get(cls) ?? {}, environment: first.environment, tags: commonTags(v.name, v.steps, losses) });
    }
    ofClass.set(cls, list.map((v) => v.name));
  }
  // Classes the source named but no step uses are still part of what it declared.
  for (const [cls, resources] of classes) {
    if (variants.has(cls)) continue;
    components.push({ name: cls, resourceClass: cls, resources, environment: {}, tags: [] });
    ofClass.set(cls, [cls]);
  }
  components.sort((a, b) => compareIds(a.name, b.name));
  return { components, ofStep, ofJob, ofClass };
}

/** The manifest's entry for a component, with what it cannot hold in the ledger. */
export function componentEntry(c: Component, losses: Loss[]): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  const r = c.resources;
  const lose = (construct: string, reason: string) => losses.push({ stage: STAGE, construct: `${construct} of component "${c.name}"`, reason, severity: 'warning' });
  // Scalable takes whole CPUs only (default 1); wfc always writes them, so that a manifest read back says the same.
  const cpus = r.cpus ?? 1;
  out.cpus = Math.max(1, Math.ceil(cpus));
  if (out.cpus !== cpus) lose(`${cpus} CPUs`, `Scalable takes whole CPUs: ${out.cpus} requested`);
  if (r.memoryBytes !== undefined) {
    if (r.memoryBytes > 0) out.memory = formatDaskBytes(r.memoryBytes);
    else lose('memory of 0 bytes', 'Scalable needs a positive amount; left to the worker default');
  }
  if (r.gpus !== undefined) lose(`${r.gpus} GPUs${r.gpuType ? ` (${r.gpuType})` : ''}`, 'a component has no GPU request');
  if (r.diskBytes !== undefined) lose('disk request', 'a component has no disk request');
  if (r.retryScaling) lose('resources growing on retry', 'a retry runs on the same component');
  const env = c.environment;
  if (env.container) {
    out.image = env.container.image;
    if (env.container.runtime) out.runtime = env.container.runtime;
  }
  if (env.env && Object.keys(env.env).length > 0) out.env = { ...env.env };
  if (env.mounts && Object.keys(env.mounts).length > 0) out.mounts = { ...env.mounts };
  if (c.tags.length > 0) out.tags = c.tags;
  return out;
}

function environmentKey(e: Environment): JsonValue {
  return [e.container?.image ?? null, e.container?.runtime ?? null, sortedPairs(e.env), sortedPairs(e.mounts)];
}

function sortedPairs(r: Record<string, string> | undefined): JsonValue {
  return Object.entries(r ?? {}).sort(([a], [b]) => compareIds(a, b));
}

/** Tags are the labels every step of the component has; the rest have no place. */
function commonTags(component: string, steps: Step[], losses: Loss[]): string[] {
  const labelsOf = (s: Step) => s.labels.filter((l) => l !== CACHE_LABEL);
  const [first, ...rest] = steps;
  const tags = labelsOf(first!).filter((l) => rest.every((s) => s.labels.includes(l)));
  for (const s of steps) {
    const left = labelsOf(s).filter((l) => !tags.includes(l));
    if (left.length > 0) {
      losses.push({
        stage: STAGE,
        construct: `labels ${left.map((l) => `"${l}"`).join(', ')} of step "${s.name}"`,
        reason: `tags belong to component "${component}", and its other steps do not have them`,
        severity: 'info',
      });
    }
  }
  return [...new Set(tags)];
}

function fresh(name: string, taken: Set<string>): string {
  if (!taken.has(name)) return name;
  for (let n = 2; ; n++) if (!taken.has(`${name}-${n}`)) return `${name}-${n}`;
}
