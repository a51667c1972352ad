// A checked manifest → IR. Components become resource classes (and the environment of the steps
// that use them), tasks become steps, targets and overlays the workflow's deployment. A manifest
// holds no commands and no dependencies: those come only from a driver wfc wrote (driver.ts).

import { CACHE_LABEL, isObject } from '../../ir/formats/scalable.js';
import { uniqueIds } from '../../ir/ids.js';
import type { Container, Deployment, Environment, JsonValue, Loss, Overlay, Port, ResourceClass, Resources, Step, Workflow } from '../../ir/types.js';
import { parseDaskBytes } from '../../ir/units.js';
import { createWorkflow } from '../../ir/workflow.js';
import type { JsonDocument } from '../common/json.js';
import type { SourceFile } from '../types.js';
import type { ComponentModel, Manifest } from './check.js';

const STAGE = 'frontend:scalable';
const STEP_ID_CHARS = /[A-Za-z0-9_.-]/;
const RUNTIMES: readonly string[] = ['docker', 'singularity', 'apptainer', 'podman'];

export interface Lowered {
  workflow: Workflow;
  /** Step id of each task. */
  stepOf: Map<string, string>;
}

/** `walltime` gives each component's time limit, which only a wfc driver records. */
export function lowerManifest(m: Manifest, file: SourceFile, doc: JsonDocument, walltime: Map<string, number>): Lowered {
  const wf = createWorkflow(m.project.name, 'scalable', [file.path]);
  const lose = (construct: string, reason: string, path: (string | number)[], severity: Loss['severity'] = 'warning') =>
    wf.losses.push({ stage: STAGE, construct, reason, severity, span: doc.locate(path) });

  const resourcesOf = new Map<string, Resources>();
  const classes: ResourceClass[] = [];
  for (const c of m.components.values()) {
    const r: Resources = { cpus: c.cpus };
    if (c.memoryBytes !== undefined) r.memoryBytes = c.memoryBytes;
    const limit = walltime.get(c.name);
    if (limit !== undefined) r.walltimeSeconds = limit;
    resourcesOf.set(c.name, r);
    classes.push({ id: c.name, resources: r });
    if (c.preloadScript !== undefined) lose(`preload_script of component "${c.name}"`, 'a Dask worker preload has no place in the IR', [...c.path, 'preload_script']);
    if (c.runtime !== undefined && !RUNTIMES.includes(c.runtime)) lose(`runtime "${c.runtime}" of component "${c.name}"`, `the IR knows the container runtimes ${RUNTIMES.join(', ')}`, [...c.path, 'runtime']);
    else if (c.runtime !== undefined && c.image === undefined) lose(`runtime "${c.runtime}" of component "${c.name}"`, 'the IR keeps a runtime with a container image, and the component has none', [...c.path, 'runtime']);
  }
  wf.resourceClasses = classes;

  const ids = uniqueIds(m.tasks.map((t) => t.name), STEP_ID_CHARS, 'task');
  const stepOf = new Map<string, string>();
  const used = new Set<string>();
  wf.steps = m.tasks.map((t): Step => {
    const component = m.components.get(t.component)!;
    used.add(component.name);
    const id = ids.get(t.name)!;
    stepOf.set(t.name, id);
    // A declared output has a type but no path (Scalable keeps it in its artifact store): wfc names it task/output.
    const outputs = Object.entries(t.outputs).map(([name, kind]): Port => {
      const at = [...t.path, 'outputs', name];
      if (kind !== 'dir') lose(`output "${name}: ${kind}" of task "${t.name}"`, 'read as a file; wfc writes back only directory outputs', at, 'info');
      return { name, kind: kind === 'dir' ? 'dir' : 'file', cardinality: 'one', pattern: `${literal(t.name)}/${literal(name)}` };
    });
    const step: Step = {
      id,
      name: t.name,
      inputs: [],
      outputs,
      fanout: [],
      resources: { ...resourcesOf.get(component.name)! },
      environment: environmentOf(component),
      labels: [...component.tags, ...(t.cache ? [CACHE_LABEL] : [])],
      resourceClass: component.name,
      span: doc.locate(t.path),
    };
    return step;
  });
  for (const c of m.components.values()) {
    const unused = [c.image !== undefined && 'image', Object.keys(c.env).length > 0 && 'env', Object.keys(c.mounts).length > 0 && 'mounts', c.tags.length > 0 && 'tags'].filter(Boolean);
    if (!used.has(c.name) && unused.length > 0) lose(`${unused.join(', ')} of component "${c.name}"`, 'no task uses the component; the IR keeps environments on steps, and only its resources are kept', c.path, 'info');
  }
  wf.deployment = deploymentOf(m, resourcesOf);
  wf.targets = [...new Set(m.targets.map((t) => t.provider))];
  return { workflow: wf, stepOf };
}

function environmentOf(c: ComponentModel): Environment {
  const env: Environment = {};
  if (c.image !== undefined) {
    const container: Container = { image: c.image };
    if (c.runtime !== undefined && RUNTIMES.includes(c.runtime)) container.runtime = c.runtime as Container['runtime'] & string;
    env.container = container;
  }
  if (Object.keys(c.env).length > 0) env.env = { ...c.env };
  if (Object.keys(c.mounts).length > 0) env.mounts = { ...c.mounts };
  return env;
}

function deploymentOf(m: Manifest, resourcesOf: Map<string, Resources>): Deployment {
  const deployment: Deployment = {
    targets: m.targets.map((t) => ({ name: t.name, provider: t.provider, ...(t.overlay !== undefined ? { overlay: t.overlay } : {}), settings: t.settings })),
    overlays: m.overlays.map((o) => overlayOf(o.name, o.value, resourcesOf)),
  };
  const settings: Record<string, JsonValue> = {};
  if (m.project.default_storage !== undefined) settings.default_storage = m.project.default_storage;
  if (m.project.local_cache !== undefined) settings.local_cache = m.project.local_cache;
  if (Object.keys(settings).length > 0) deployment.settings = settings;
  return deployment;
}

/**
 * An overlay's changes: CPUs and memory of existing components as resource changes of their class,
 * target settings per target, and everything else by dotted path, as written.
 */
function overlayOf(name: string, value: Record<string, unknown>, resourcesOf: Map<string, Resources>): Overlay {
  const overlay: Overlay = { name, resources: {}, targets: {} };
  const extra: Record<string, JsonValue> = {};
  for (const [section, entries] of Object.entries(value)) {
    if (!isObject(entries) || section === 'project') {
      if (isObject(entries)) for (const [k, v] of Object.entries(entries)) extra[`${section}.${k}`] = v as JsonValue;
      else extra[section] = entries as JsonValue;
      continue;
    }
    for (const [entry, delta] of Object.entries(entries)) {
      if (!isObject(delta)) {
        extra[`${section}.${entry}`] = delta as JsonValue;
        continue;
      }
      if (section === 'targets') {
        overlay.targets[entry] = delta as Record<string, JsonValue>;
        continue;
      }
      const r: Resources = {};
      for (const [key, v] of Object.entries(delta)) {
        if (section === 'components' && resourcesOf.has(entry) && key === 'cpus' && Number.isInteger(v) && (v as number) >= 1) r.cpus = v as number;
        else if (section === 'components' && resourcesOf.has(entry) && key === 'memory' && typeof v === 'string' && positiveBytes(v) !== undefined) r.memoryBytes = positiveBytes(v)!;
        else extra[`${section}.${entry}.${key}`] = v as JsonValue;
      }
      if (Object.keys(r).length > 0) overlay.resources[entry] = r;
    }
  }
  if (Object.keys(extra).length > 0) overlay.extra = extra;
  return overlay;
}

function positiveBytes(text: string): number | undefined {
  const p = parseDaskBytes(text);
  return 'value' in p && p.value > 0 ? p.value : undefined;
}

/** Text as a file name pattern that stands for itself: braces doubled. */
function literal(text: string): string {
  return text.replace(/[{}]/g, (b) => b + b);
}
