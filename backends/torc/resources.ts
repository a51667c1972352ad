// resource_requirements: one entry per resource class (lift-resources names them; a class the
// source named keeps its name), and for each job the entry that holds what it asks for. Torc wants
// whole CPUs and GPUs, memory with a k/m/g/t suffix and ISO-8601 runtimes; a job that asks for
// nothing gets no entry, and Torc's defaults (1 CPU, 1 MB).

import type { TorcKept } from '../../ir/formats/torc.js';
import type { Job, JsonValue, Loss, ResourceClass, Resources, Step, Workflow } from '../../ir/types.js';
import { formatDuration, formatMemory } from '../../ir/units.js';

const STAGE = 'backend:torc';
const KEYS = ['cpus', 'memoryBytes', 'diskBytes', 'gpus', 'gpuType', 'walltimeSeconds', 'retryScaling'] as const;
const KiB = 1024;

export interface TorcResources {
  entries: Record<string, JsonValue>[];
  /** The entry a job runs with, if any. */
  classOf(job: Job): string | undefined;
}

function keyOf(r: Resources): string {
  return JSON.stringify(KEYS.map((k) => r[k] ?? null));
}

function isEmpty(r: Resources): boolean {
  return KEYS.every((k) => r[k] === undefined);
}

export function torcResources(wf: Workflow, kept: TorcKept, losses: Loss[]): TorcResources {
  const classes: ResourceClass[] = [...(wf.resourceClasses ?? [])];
  const byName = new Map(classes.map((c) => [c.id, c.resources]));
  const byKey = new Map<string, string>();
  for (const c of classes) if (!byKey.has(keyOf(c.resources))) byKey.set(keyOf(c.resources), c.id);
  let made = 0;
  /** The class `preferred` when it holds exactly `r`, else any that does, else a new one. */
  const classFor = (r: Resources, preferred: string | undefined): string | undefined => {
    if (isEmpty(r)) return undefined;
    const key = keyOf(r);
    if (preferred !== undefined && byName.has(preferred) && keyOf(byName.get(preferred)!) === key) return preferred;
    const found = byKey.get(key);
    if (found !== undefined) return found;
    let id: string;
    do id = `resources_${++made}`;
    while (byName.has(id));
    classes.push({ id, resources: r });
    byName.set(id, r);
    byKey.set(key, id);
    return id;
  };
  const steps = new Map<string, Step>(wf.steps.map((s) => [s.id, s]));
  const stepClass = new Map<string, string | undefined>();
  const classOf = new Map<string, string | undefined>();
  for (const job of wf.jobs) {
    const step = steps.get(job.step)!;
    if (!stepClass.has(step.id)) stepClass.set(step.id, classFor(step.resources, step.resourceClass));
    // A job's own resources override its step's, key by key.
    classOf.set(job.id, job.resources ? classFor({ ...step.resources, ...job.resources }, job.resourceClass) : stepClass.get(step.id));
  }
  const entries = classes.map((c) => entryOf(c, kept, losses));
  return { entries, classOf: (job) => classOf.get(job.id) };
}

function entryOf(c: ResourceClass, kept: TorcKept, losses: Loss[]): Record<string, JsonValue> {
  const r = c.resources;
  const nodes = kept.resources?.[c.id]?.num_nodes;
  const entry: Record<string, JsonValue> = {
    name: c.id,
    num_cpus: Math.max(1, Math.ceil(r.cpus ?? 1)),
    num_gpus: Math.ceil(r.gpus ?? 0),
    num_nodes: typeof nodes === 'number' ? nodes : 1,
    // Torc's own default for a job that names no requirements is 1 MB.
    memory: formatMemory(Math.ceil((r.memoryBytes ?? 1024 * KiB) / KiB) * KiB, 'torc'),
  };
  if (r.walltimeSeconds !== undefined) entry.runtime = formatDuration(r.walltimeSeconds, 'torc');
  const lost = (construct: string, reason: string) => losses.push({ stage: STAGE, construct: `${construct} (resource requirement "${c.id}")`, reason, severity: 'warning' });
  if (r.diskBytes !== undefined) lost(`${formatMemory(r.diskBytes, 'generic')} of local disk`, 'Torc resource requirements have no disk; give it through the Slurm scheduler (`tmp`)');
  if (r.gpuType !== undefined) lost(`GPU type ${r.gpuType}`, 'Torc counts GPUs without a type; a Slurm scheduler can ask for the type in `gres`');
  if (r.retryScaling) lost('resources growing on retry', 'Torc retries a job with the same resource requirement');
  return entry;
}
