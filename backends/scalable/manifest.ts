// scalable.yaml as data: project, targets, components, tasks, overlays. Targets and overlays come
// from the workflow's deployment when its source had one, written back as the source wrote them;
// otherwise the manifest has one `local` target.

import { CACHE_LABEL, optionProblem, isObject } from '../../ir/formats/scalable.js';
import type { Deployment, JsonValue, Loss, Overlay, Resources, Step, Workflow } from '../../ir/types.js';
import { formatDaskBytes } from '../../ir/units.js';
import { componentEntry, type ComponentPlan } from './components.js';

const STAGE = 'backend:scalable';

type Doc = Record<string, JsonValue>;

/** Task names: the steps' own names when they are distinct, else their ids. */
export function taskNames(steps: readonly Step[]): Map<string, string> {
  const names = steps.map((s) => s.name);
  const usable = names.every((n) => n.trim() !== '') && new Set(names).size === names.length;
  return new Map(steps.map((s) => [s.id, usable ? s.name : s.id]));
}

export function buildManifest(wf: Workflow, plan: ComponentPlan, tasks: Map<string, string>, losses: Loss[]): Doc {
  const lose = (construct: string, reason: string, severity: Loss['severity'] = 'warning') => losses.push({ stage: STAGE, construct, reason, severity });
  const deployment = wf.deployment;
  const doc: Doc = { version: 1, project: project(wf, deployment, lose) };
  const overlayNames = new Set(deployment?.overlays.map((o) => o.name) ?? []);
  doc.targets = deployment && deployment.targets.length > 0 ? targets(deployment, overlayNames, lose) : { local: { provider: 'local' } };

  const components: Doc = {};
  for (const c of plan.components) components[c.name] = componentEntry(c, losses);
  doc.components = components;

  const taskDoc: Doc = {};
  for (const s of wf.steps) {
    const task: Doc = { component: plan.ofStep.get(s.id)! };
    if (s.labels.includes(CACHE_LABEL)) task.cache = true;
    const dirs = s.outputs.filter((p) => p.kind === 'dir');
    if (dirs.length > 0) task.outputs = Object.fromEntries(dirs.map((p) => [p.name, 'dir']));
    taskDoc[tasks.get(s.id)!] = task;
  }
  doc.tasks = taskDoc;

  if (deployment && deployment.overlays.length > 0) {
    const overlays: Doc = {};
    for (const o of deployment.overlays) overlays[o.name] = overlay(o, plan, lose);
    doc.overlays = overlays;
  }
  return doc;
}

type Lose = (construct: string, reason: string, severity?: Loss['severity']) => void;

function project(wf: Workflow, deployment: Deployment | undefined, lose: Lose): Doc {
  const name = wf.name.trim() === '' ? 'workflow' : wf.name;
  const out: Doc = { name };
  for (const [key, value] of Object.entries(deployment?.settings ?? {})) {
    if ((key === 'default_storage' || key === 'local_cache') && typeof value === 'string') out[key] = value;
    else lose(`project setting ${key}`, 'a Scalable project has only name, default_storage and local_cache (strings)');
  }
  return out;
}

function targets(deployment: Deployment, overlays: Set<string>, lose: Lose): Doc {
  const out: Doc = {};
  for (const t of deployment.targets) {
    if (t.name in out) {
      lose(`target "${t.name}" (${t.provider})`, 'a second target of the same name; the first is kept');
      continue;
    }
    const entry: Doc = { provider: t.provider };
    for (const [key, value] of Object.entries(t.settings)) {
      if (key === 'provider' || key === 'overlay') continue;
      const problem = optionProblem(t.provider, key, value);
      if (problem) lose(`setting ${key} of target "${t.name}"`, `Scalable's ${t.provider} provider rejects it: ${problem}`);
      else entry[key] = value;
    }
    if (t.overlay !== undefined) {
      if (overlays.has(t.overlay)) entry.overlay = t.overlay;
      else lose(`overlay "${t.overlay}" of target "${t.name}"`, 'no such overlay');
    }
    out[t.name] = entry;
  }
  return out;
}

function overlay(o: Overlay, plan: ComponentPlan, lose: Lose): Doc {
  const out: Doc = {};
  const components: Record<string, Doc> = {};
  for (const [cls, r] of Object.entries(o.resources)) {
    const delta = resourceDelta(r, `overlay "${o.name}", class "${cls}"`, lose);
    if (Object.keys(delta).length === 0) continue;
    for (const name of plan.ofClass.get(cls) ?? [cls]) components[name] = { ...delta };
  }
  const targets: Record<string, Doc> = {};
  for (const [name, settings] of Object.entries(o.targets)) targets[name] = { ...settings };
  for (const [path, value] of Object.entries(o.extra ?? {})) {
    const [top, name, key] = splitPath(path);
    if (name === undefined) out[top] = value;
    else if (key === undefined) setIn(out, [top, name], value);
    else if (top === 'components') (components[name] ??= {})[key] = value;
    else if (top === 'targets') (targets[name] ??= {})[key] = value;
    else setIn(out, [top, name, key], value);
  }
  if (Object.keys(components).length > 0) out.components = components;
  if (Object.keys(targets).length > 0) out.targets = targets;
  return out;
}

function resourceDelta(r: Resources, where: string, lose: Lose): Doc {
  const out: Doc = {};
  if (r.cpus !== undefined) {
    out.cpus = Math.max(1, Math.ceil(r.cpus));
    if (out.cpus !== r.cpus) lose(`${r.cpus} CPUs in ${where}`, `Scalable takes whole CPUs: ${out.cpus} requested`);
  }
  if (r.memoryBytes !== undefined && r.memoryBytes > 0) out.memory = formatDaskBytes(r.memoryBytes);
  const other = (['diskBytes', 'gpus', 'gpuType', 'walltimeSeconds', 'retryScaling'] as const).filter((k) => r[k] !== undefined);
  if (other.length > 0) lose(`${other.join(', ')} in ${where}`, 'an overlay changes only what a component holds: cpus and memory');
  return out;
}

/**
 * `components.gcam.image` → [components, gcam, image]. Names may hold dots; the first segment is
 * the section and, for components, tasks and targets, the last one the key.
 */
function splitPath(path: string): [string, string?, string?] {
  const first = path.indexOf('.');
  if (first < 0) return [path];
  const top = path.slice(0, first);
  const rest = path.slice(first + 1);
  if (top === 'project') return [top, rest];
  const last = rest.lastIndexOf('.');
  return last < 0 ? [top, rest] : [top, rest.slice(0, last), rest.slice(last + 1)];
}

function setIn(doc: Doc, path: string[], value: JsonValue): void {
  let at = doc;
  for (const key of path.slice(0, -1)) {
    const next = at[key];
    if (!isObject(next)) at[key] = {};
    at = at[key] as Doc;
  }
  at[path[path.length - 1]!] = value;
}
