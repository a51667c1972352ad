// lift-resources: every step's resources from wherever they were given, then shared requirements
// hoisted into named classes.
//
// Needs: nothing. Keeps: every job and file; changes only resources. Order, weakest first:
// `--defaults` defaults, then the defaults of each of the step's labels (in label order), then the
// step's own directives (what the frontend found), then `--defaults` entries for the step by name.
// A label that disagrees with the step's own directive is reported (LIFT001): the directive wins.
// Every distinct set of resources (of steps, and of jobs that carry their own) becomes a class
// named after its values, e.g. `c4-m16G-t2h`: Scalable components and Torc resource requirements.

import { DiagnosticBag } from '../ir/diagnostics.js';
import { compareIds } from '../ir/graph.js';
import { sanitize } from '../ir/ids.js';
import type { ResourceClass, Resources, Step, Workflow } from '../ir/types.js';
import { formatDuration } from '../ir/units.js';
import type { ResourceDefaults } from './context.js';
import type { Pass } from './pass.js';

const KEYS = ['cpus', 'memoryBytes', 'diskBytes', 'gpus', 'gpuType', 'walltimeSeconds', 'retryScaling'] as const;
type Key = (typeof KEYS)[number];

export const liftResourcesPass: Pass = {
  name: 'lift-resources',
  description: 'resources from directives, labels and --defaults onto steps; shared ones into named classes',
  requires: [],
  provides: ['resources'],
  keepsGraph: true,
  run(wf, ctx) {
    const bag = new DiagnosticBag();
    const d = ctx?.defaults;
    let fromDefaults = 0;
    const steps = wf.steps.map((step) => {
      const resources = resolve(step, d, bag);
      if (!same(resources, step.resources)) fromDefaults++;
      return same(resources, step.resources) ? step : { ...step, resources };
    });
    const overrides = stepOverrides(wf, d);
    const jobs = wf.jobs.map((job) => {
      const extra = overrides.get(job.step);
      if (!job.resources || !extra) return job;
      return { ...job, resources: { ...job.resources, ...extra } };
    });
    const { classes, stepClass, jobClass } = hoist(steps, jobs, wf.resourceClasses ?? []);
    const out: Workflow = {
      ...wf,
      steps: steps.map((s) => withClass(s, stepClass.get(s.id))),
      jobs: jobs.map((j) => withClass(j, jobClass.get(j.id))),
    };
    if (classes.length > 0) out.resourceClasses = classes;
    else delete out.resourceClasses;
    const changes = [
      `${fromDefaults} of ${wf.steps.length} steps given resources from --defaults or labels`,
      `${classes.length} resource classes: ${classes.map((c) => c.id).join(', ') || 'none'}`,
    ];
    return { workflow: out, diagnostics: bag.items, changes };
  },
};

/** A step's resources: defaults < labels < its own < `--defaults` by step name. */
function resolve(step: Step, d: ResourceDefaults | undefined, bag: DiagnosticBag): Resources {
  if (!d) return step.resources;
  const fromLabels: Resources = {};
  const labelOf = new Map<Key, string>();
  for (const label of step.labels) {
    const r = d.labels?.[label];
    if (!r) continue;
    Object.assign(fromLabels, r);
    for (const k of KEYS) if (r[k] !== undefined) labelOf.set(k, label);
  }
  for (const k of KEYS) {
    const own = step.resources[k];
    const label = fromLabels[k];
    if (own !== undefined && label !== undefined && !sameValue(own, label)) {
      bag.warning('LIFT001', `step "${step.name}": label "${labelOf.get(k)}" (${d.file}) asks for ${show(k, label)}, the step itself for ${show(k, own)}; ${show(k, own)} is used`, step.span);
    }
  }
  const byName = d.steps?.[step.name] ?? d.steps?.[step.id];
  return clean({ ...d.defaults, ...fromLabels, ...step.resources, ...byName });
}

function stepOverrides(wf: Workflow, d: ResourceDefaults | undefined): Map<string, Resources> {
  const out = new Map<string, Resources>();
  if (!d?.steps) return out;
  for (const s of wf.steps) {
    const r = d.steps[s.name] ?? d.steps[s.id];
    if (r) out.set(s.id, r);
  }
  return out;
}

/**
 * One class per distinct non-empty set of resources, named after its values, except that a class
 * the source named (a Scalable component, a Torc resource_requirements entry) keeps its name, and
 * its steps stay in it while their resources still equal the class's. Named classes no step uses
 * are kept: they are part of what the source declared.
 */
function hoist(steps: Step[], jobs: Workflow['jobs'], named: readonly ResourceClass[]) {
  const byKey = new Map<string, Resources>();
  const keyOf = (r: Resources) => JSON.stringify(KEYS.map((k) => r[k] ?? null));
  const namedKey = new Map(named.map((c) => [c.id, keyOf(c.resources)]));
  const keyFor = (r: Resources, cls: string | undefined) => {
    const k = keyOf(r);
    return cls !== undefined && namedKey.get(cls) === k ? `=${cls}` : k;
  };
  const idOf = new Map<string, string>();
  const taken = new Set<string>();
  for (const c of named) {
    byKey.set(`=${c.id}`, c.resources);
    idOf.set(`=${c.id}`, c.id);
    taken.add(c.id);
  }
  const stepKey = new Map<string, string>();
  const jobKey = new Map<string, string>();
  for (const s of steps) {
    if (isEmpty(s.resources)) continue;
    const k = keyFor(s.resources, s.resourceClass);
    if (!byKey.has(k)) byKey.set(k, s.resources);
    stepKey.set(s.id, k);
  }
  for (const j of jobs) {
    if (!j.resources || isEmpty(j.resources)) continue;
    const k = keyFor(j.resources, j.resourceClass);
    if (!byKey.has(k)) byKey.set(k, j.resources);
    jobKey.set(j.id, k);
  }
  // Clashing names (a GPU type with odd characters, say) are numbered in the order of their keys,
  // which depend only on the values.
  for (const k of [...byKey.keys()].sort()) {
    if (idOf.has(k)) continue;
    const base = sanitize(className(byKey.get(k)!)) || 'resources';
    let id = base;
    for (let n = 2; taken.has(id); n++) id = `${base}_${n}`;
    taken.add(id);
    idOf.set(k, id);
  }
  const classes = [...byKey].map(([k, resources]) => ({ id: idOf.get(k)!, resources })).sort((a, b) => compareIds(a.id, b.id));
  return {
    classes,
    stepClass: new Map([...stepKey].map(([s, k]) => [s, idOf.get(k)!])),
    jobClass: new Map([...jobKey].map(([j, k]) => [j, idOf.get(k)!])),
  };
}

/** `c4-m16G-t2h-g1`: CPUs, memory, time, GPUs (and type), disk. */
export function className(r: Resources): string {
  const parts: string[] = [];
  if (r.cpus !== undefined) parts.push(`c${r.cpus}`);
  if (r.memoryBytes !== undefined) parts.push(`m${bytesShort(r.memoryBytes)}`);
  if (r.walltimeSeconds !== undefined) parts.push(`t${formatDuration(r.walltimeSeconds, 'generic').replace(/ /g, '')}`);
  if (r.gpus !== undefined) parts.push(`g${r.gpus}${r.gpuType ? `${r.gpuType}` : ''}`);
  if (r.diskBytes !== undefined) parts.push(`d${bytesShort(r.diskBytes)}`);
  if (r.retryScaling) parts.push('retry');
  return parts.join('-') || 'resources';
}

function bytesShort(b: number): string {
  for (const [unit, f] of [['T', 2 ** 40], ['G', 2 ** 30], ['M', 2 ** 20], ['K', 2 ** 10]] as const) if (b >= f && b % f === 0) return `${b / f}${unit}`;
  return `${Math.ceil(b / 2 ** 20)}M`;
}

function withClass<T extends { resourceClass?: string }>(x: T, id: string | undefined): T {
  if (x.resourceClass === id) return x;
  const out = { ...x };
  if (id === undefined) delete out.resourceClass;
  else out.resourceClass = id;
  return out;
}

function show(k: Key, v: unknown): string {
  switch (k) {
    case 'memoryBytes':
    case 'diskBytes':
      return `${bytesShort(v as number)}B ${k === 'memoryBytes' ? 'memory' : 'disk'}`;
    case 'walltimeSeconds':
      return `${formatDuration(v as number, 'generic')} walltime`;
    case 'cpus':
      return `${String(v)} CPUs`;
    case 'gpus':
      return `${String(v)} GPUs`;
    default:
      return `${k} ${JSON.stringify(v)}`;
  }
}

/** Drops members that are undefined, so that equal resources compare equal. */
function clean(r: Resources): Resources {
  const out: Resources = {};
  for (const k of KEYS) if (r[k] !== undefined) (out as Record<string, unknown>)[k] = r[k];
  return out;
}

function isEmpty(r: Resources): boolean {
  return KEYS.every((k) => r[k] === undefined);
}

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

function same(a: Resources, b: Resources): boolean {
  return KEYS.every((k) => sameValue(a[k], b[k]));
}

