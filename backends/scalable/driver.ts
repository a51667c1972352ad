// workflow.py: the Dask driver. Its job table (commands, files, dependencies, component per job)
// is data, embedded as JSON in a raw string that Python's json module reads; the code around it is
// the template's. Pretty-printed JSON never holds `"""` (after a closing quote comes `,`, `:` or a
// line break), so the raw string cannot end early.

import { jobEdges, jobOrder } from '../../ir/graph.js';
import { locatedInput } from '../../ir/inputs.js';
import { DRIVER_MARK, TABLE_CLOSE, TABLE_OPEN, type DriverFile, type DriverJob, type DriverTable } from '../../ir/formats/scalable.js';
import { toStableJson } from '../../ir/serialize.js';
import type { DeploymentTarget, Workflow } from '../../ir/types.js';
import { render } from '../common/render.js';
import type { Component, ComponentPlan } from './components.js';
import { TEMPLATES } from './templates.gen.js';

export function driverTable(wf: Workflow, plan: ComponentPlan, tasks: Map<string, string>): DriverTable {
  const after = new Map<string, string[]>(wf.jobs.map((j) => [j.id, []]));
  for (const e of jobEdges(wf)) after.get(e.to)?.push(e.from);
  const order = jobOrder(wf);
  const byId = new Map(wf.jobs.map((j) => [j.id, j]));
  const ordered = 'order' in order ? order.order.map((id) => byId.get(id)!) : wf.jobs;
  const retries = new Map(wf.steps.map((s) => [s.id, s.retries ?? 0]));
  const jobs = ordered.map((j): DriverJob => {
    const out: DriverJob = { id: j.id, task: tasks.get(j.step) ?? j.step, component: plan.ofJob.get(j.id)!, inputs: j.inputs, outputs: j.outputs, after: after.get(j.id)! };
    if (j.command) out.command = j.command;
    const r = retries.get(j.step) ?? 0;
    if (r > 0) out.retries = r;
    if (j.name !== undefined) out.name = j.name;
    if (Object.keys(j.binding).length > 0) out.binding = j.binding;
    return out;
  });
  // A raw input the workflow declares (rather than one seen on disk) is `declared` in the table, so
  // that the workflow read back from it still knows where the file comes from.
  const located = locatedInput(wf);
  const files = wf.files.map((f): DriverFile => {
    const out: DriverFile = { id: f.id };
    if (f.kind !== 'file') out.kind = f.kind;
    if (f.origin) out.origin = f.origin;
    else if (f.role === 'input' && located(f)) out.origin = 'declared';
    if (f.temporary) out.temporary = true;
    if (f.protected) out.protected = true;
    if (f.cleanup) out.cleanup = true;
    if (f.sizeBytes !== undefined) out.size = f.sizeBytes;
    return out;
  });
  return {
    driver: 1,
    workflow: wf.name,
    cluster: localCluster(wf.deployment?.targets.find((t) => t.provider === 'local'), plan.components),
    components: Object.fromEntries(plan.components.map((c) => [c.name, componentRuntime(c)])),
    jobs,
    files,
  };
}

/** What the driver itself applies of a component: its environment variables and time limit. */
function componentRuntime(c: Component): DriverTable['components'][string] {
  const out: DriverTable['components'][string] = {};
  if (c.environment.env && Object.keys(c.environment.env).length > 0) out.env = { ...c.environment.env };
  if (c.resources.walltimeSeconds !== undefined) out.walltime = c.resources.walltimeSeconds;
  return out;
}

/** Scalable's local provider: one worker per component unless `max_workers` says, one thread each, no processes. */
function localCluster(target: DeploymentTarget | undefined, components: Component[]): DriverTable['cluster'] {
  const s = target?.settings ?? {};
  const whole = (v: unknown, fallback: number) => (Number.isInteger(v) && (v as number) >= 1 ? (v as number) : fallback);
  return {
    n_workers: whole(s.max_workers, Math.max(1, components.length)),
    threads_per_worker: whole(s.threads_per_worker, 1),
    processes: s.processes === true,
  };
}

export function driverScript(table: DriverTable): string {
  return render(TEMPLATES['workflow.py'], {
    title: pythonString(table.workflow),
    mark: DRIVER_MARK,
    open: TABLE_OPEN,
    close: TABLE_CLOSE,
    table: toStableJson(table).trimEnd(),
  });
}

/**
 * A Python string literal of `s`, ASCII only: characters outside ASCII as \u or \U escapes (Python
 * does not join surrogate pairs written as two \u escapes), so that it is safe in comments too.
 */
export function pythonString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code < 0x7f) out += ch;
    else if (code <= 0xffff) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += `\\U${code.toString(16).padStart(8, '0')}`;
  }
  return `${out}"`;
}
