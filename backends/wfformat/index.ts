// The WfFormat backend: WfCommons WfFormat 1.5. The specification (tasks, files, edges) is always
// written; execution records only when every job has an observed runtime (the schema requires it).
// What WfFormat has no place for (requests, containers, commands without a run) goes to the ledger.

import { DiagnosticBag } from '../../ir/diagnostics.js';
import { jobEdges } from '../../ir/graph.js';
import { taskTypeOf } from '../../ir/formats/wfformat.js';
import { uniqueIds } from '../../ir/ids.js';
import { toStableJson } from '../../ir/serialize.js';
import { count } from '../../ir/text.js';
import type { Job, JsonValue, Loss, Machine, Workflow } from '../../ir/types.js';
import type { EmitFunction } from '../types.js';

const STAGE = 'backend:wfformat';
export const WFFORMAT_FILE = 'workflow.wfformat.json';

/** Characters WfFormat 1.5 allows in task ids and in file ids. */
const TASK_ID = /[0-9a-zA-Z_.#-]/;
const FILE_ID = /[0-9a-zA-Z_.\/:#-]/;

export const emitWfFormat: EmitFunction = (wf) => {
  const bag = new DiagnosticBag();
  const losses: Loss[] = [];
  const taskId = uniqueIds(wf.jobs.map((j) => j.id), TASK_ID, 'task');
  const fileId = uniqueIds(wf.files.map((f) => f.id), FILE_ID, 'file');
  const renamed = [...taskId, ...fileId].filter(([a, b]) => a !== b).length;
  if (renamed > 0) bag.info('WFB001', `${count(renamed, 'id')} use characters WfFormat does not allow and were renamed`);

  const parents = new Map<string, string[]>(wf.jobs.map((j) => [j.id, []]));
  const children = new Map<string, string[]>(wf.jobs.map((j) => [j.id, []]));
  for (const e of jobEdges(wf)) {
    parents.get(e.to)!.push(taskId.get(e.from)!);
    children.get(e.from)!.push(taskId.get(e.to)!);
  }
  const stepName = new Map(wf.steps.map((s) => [s.id, s.name]));
  const tasks = wf.jobs.map((j) => ({
    name: j.name ?? stepName.get(j.step) ?? j.step,
    id: taskId.get(j.id)!,
    parents: parents.get(j.id)!,
    children: children.get(j.id)!,
    inputFiles: j.inputs.map((f) => fileId.get(f)!),
    outputFiles: j.outputs.map((f) => fileId.get(f)!),
  }));
  const unsized = wf.files.filter((f) => f.sizeBytes === undefined).length;
  if (unsized > 0) losses.push({ stage: STAGE, construct: `size of ${count(unsized, 'file')}`, reason: 'not known; WfFormat requires one, written as 0', severity: 'info' });
  const files = wf.files.map((f) => ({ id: fileId.get(f.id)!, sizeInBytes: f.sizeBytes ?? 0 }));

  const doc: Record<string, JsonValue> = { name: wf.name, schemaVersion: '1.5' };
  const p = wf.provenance;
  if (wf.description !== undefined) doc.description = wf.description;
  if (p?.createdAt !== undefined) doc.createdAt = p.createdAt;
  if (p?.author) doc.author = { ...p.author };
  if (p?.runtimeSystem) doc.runtimeSystem = { ...p.runtimeSystem };
  const workflow: Record<string, JsonValue> = { specification: { tasks, files } };
  const execution = executionOf(wf, taskId, losses);
  if (execution) workflow.execution = execution;
  for (const [key, value] of Object.entries(p?.extra ?? {})) {
    // Other frontends keep what only their own format holds under their format's name (`torc`).
    if (key === wf.source.format && key !== 'wfformat') continue;
    if (key.startsWith('workflow.')) workflow[key.slice('workflow.'.length)] = value;
    else doc[key] = value;
  }
  doc.workflow = workflow;
  noteLosses(wf, losses);
  const untyped = tasks.filter((t, i) => taskTypeOf({ id: t.id, name: t.name, ...programOf(wf.jobs[i]!) }) !== (stepName.get(wf.jobs[i]!.step) ?? '')).length;
  if (untyped > 0) {
    losses.push({ stage: STAGE, construct: `task type of ${count(untyped, 'task')}`, reason: 'WfFormat 1.5 has no task type; readers guess it from task names and programs, and will guess differently', severity: 'info' });
  }
  return { files: new Map([[WFFORMAT_FILE, { text: toStableJson(doc) }]]), diagnostics: bag.items, losses };
};

/** Execution records, when the workflow is a record of a run: the schema needs every runtime. */
function executionOf(wf: Workflow, taskId: Map<string, string>, losses: Loss[]): JsonValue | undefined {
  const p = wf.provenance;
  const observed = wf.jobs.filter((j) => j.observed?.runtimeSeconds !== undefined);
  if (observed.length === 0) {
    const commands = wf.jobs.filter((j) => j.command).length;
    if (commands > 0) losses.push({ stage: STAGE, construct: `commands of ${count(commands, 'job')}`, reason: 'WfFormat keeps commands only in execution records, and this workflow has not run', severity: 'warning' });
    return undefined;
  }
  if (observed.length < wf.jobs.length || p?.makespanSeconds === undefined || p.executedAt === undefined) {
    losses.push({ stage: STAGE, construct: 'execution records', reason: 'incomplete (a runtime, the makespan or the start time is missing); WfFormat requires them all', severity: 'warning' });
    return undefined;
  }
  const execution: Record<string, JsonValue> = {
    makespanInSeconds: p.makespanSeconds,
    executedAt: p.executedAt,
    tasks: wf.jobs.map((j) => taskRecord(j, taskId.get(j.id)!)),
  };
  if (p.machines) execution.machines = p.machines.map(machineRecord);
  return execution;
}

function programOf(job: Job): { program?: string } {
  if (!job.command) return {};
  return { program: 'argv' in job.command ? job.command.argv[0]! : job.command.script };
}

function taskRecord(job: Job, id: string): JsonValue {
  const o = job.observed!;
  const r: Record<string, JsonValue> = { id, runtimeInSeconds: o.runtimeSeconds! };
  const copy: [keyof typeof o, string][] = [
    ['executedAt', 'executedAt'],
    ['coreCount', 'coreCount'],
    ['avgCPU', 'avgCPU'],
    ['readBytes', 'readBytes'],
    ['writtenBytes', 'writtenBytes'],
    ['memoryBytes', 'memoryInBytes'],
    ['energyKWh', 'energyInKWh'],
    ['avgPowerW', 'avgPowerInW'],
    ['priority', 'priority'],
  ];
  for (const [from, to] of copy) if (o[from] !== undefined) r[to] = o[from] as JsonValue;
  if (o.machines) r.machines = [...o.machines];
  if (job.command) {
    r.command = 'argv' in job.command
      ? { program: job.command.argv[0]!, arguments: job.command.argv.slice(1) }
      : { program: job.command.script, arguments: [] };
  }
  return r;
}

function machineRecord(m: Machine): JsonValue {
  const r: Record<string, JsonValue> = { nodeName: m.nodeName };
  if (m.system !== undefined) r.system = m.system;
  if (m.architecture !== undefined) r.architecture = m.architecture;
  if (m.release !== undefined) r.release = m.release;
  if (m.memoryBytes !== undefined) r.memoryInBytes = m.memoryBytes;
  if (m.cpu) {
    const cpu: Record<string, JsonValue> = {};
    if (m.cpu.coreCount !== undefined) cpu.coreCount = m.cpu.coreCount;
    if (m.cpu.speedMHz !== undefined) cpu.speedInMHz = m.cpu.speedMHz;
    if (m.cpu.vendor !== undefined) cpu.vendor = m.cpu.vendor;
    r.cpu = cpu;
  }
  return r;
}

/** Requests and environments: WfFormat records what ran, not what to ask for. */
function noteLosses(wf: Workflow, losses: Loss[]): void {
  const requesting = wf.steps.filter((s) => Object.keys(s.resources).length > 0).length;
  if (requesting > 0) losses.push({ stage: STAGE, construct: `resource requests of ${count(requesting, 'step')}`, reason: 'WfFormat has no resource requests', severity: 'warning' });
  const environments = wf.steps.filter((s) => Object.keys(s.environment).length > 0).length;
  if (environments > 0) losses.push({ stage: STAGE, construct: `environments of ${count(environments, 'step')}`, reason: 'WfFormat has no containers, conda files or modules', severity: 'warning' });
  const retrying = wf.steps.filter((s) => s.retries !== undefined).length;
  if (retrying > 0) losses.push({ stage: STAGE, construct: `retries of ${count(retrying, 'step')}`, reason: 'WfFormat has no retries', severity: 'warning' });
}
