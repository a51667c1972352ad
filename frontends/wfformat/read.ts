// Reads a WfCommons WfFormat trace, any version from 1.0 to 1.5, into one normalised shape.
//
// 1.5 splits each task into `specification` (structure) and `execution` (observations).
// 1.3/1.4 have a flat `workflow.tasks` with per-task `files: [{name, sizeInBytes, link}]` and `wms`.
// 1.0-1.2 call tasks `jobs` and use `runtime`, `size`, `makespan`, `bytesRead`, `memory`.

import type { DiagnosticBag } from '../../ir/diagnostics.js';
import type { JsonValue, Machine, Observed, Provenance } from '../../ir/types.js';
import type { JsonPath } from '../../ir/workflow.js';
import type { JsonDocument } from '../common/json.js';
import { JsonReader, type JsonObject } from '../common/json-read.js';

export interface TraceTask {
  id: string;
  name: string;
  /** Task type, when the trace records it (1.4 `category`). */
  category?: string;
  parents: string[];
  children: string[];
  inputFiles: string[];
  outputFiles: string[];
  command?: { program?: string; arguments?: string[] };
  observed: Observed;
  path: JsonPath;
}

export interface Trace {
  name: string;
  description?: string;
  schemaVersion: string;
  provenance: Provenance;
  tasks: TraceTask[];
  /** Declared files and their sizes, in document order. */
  files: { id: string; sizeBytes: number }[];
}

const KNOWN_VERSIONS = ['1.0', '1.1', '1.2', '1.3', '1.4', '1.5', '1.6'];
const KNOWN_TOP = new Set(['name', 'description', 'createdAt', 'schemaVersion', 'author', 'wms', 'runtimeSystem', 'workflow']);
const KNOWN_WORKFLOW = new Set(['specification', 'execution', 'tasks', 'jobs', 'makespanInSeconds', 'makespan', 'executedAt', 'machines']);

export function readTrace(doc: JsonDocument, bag: DiagnosticBag): Trace | undefined {
  const r = new JsonReader(doc, bag, 'WFF001');
  const top = r.object(doc.value, []);
  if (!top) return undefined;
  const name = r.string(top.name, ['name']);
  const version = r.string(top.schemaVersion, ['schemaVersion']);
  const workflow = r.object(top.workflow, ['workflow']);
  if (name === undefined || version === undefined || !workflow) return undefined;
  if (!KNOWN_VERSIONS.includes(version)) {
    bag.warning('WFF002', `schemaVersion "${version}" is not one wfc knows (1.0-1.6)`, doc.locate(['schemaVersion']));
  }
  const provenance = readProvenance(top, workflow, r);
  const trace: Trace = { name, schemaVersion: version, provenance, tasks: [], files: [] };
  const description = r.string(top.description, ['description'], false);
  if (description !== undefined) trace.description = description;

  if ('specification' in workflow) readSpecification(workflow, r, trace);
  else readFlat(workflow, r, trace);
  return trace;
}

function readProvenance(top: JsonObject, workflow: JsonObject, r: JsonReader): Provenance {
  const p: Provenance = {};
  const createdAt = r.string(top.createdAt, ['createdAt'], false);
  if (createdAt !== undefined) p.createdAt = createdAt;
  const author = r.object(top.author, ['author'], false);
  if (author) {
    p.author = { name: r.string(author.name, ['author', 'name']) ?? '', email: r.string(author.email, ['author', 'email']) ?? '' };
    const institution = r.string(author.institution, ['author', 'institution'], false);
    const country = r.string(author.country, ['author', 'country'], false);
    if (institution !== undefined) p.author.institution = institution;
    if (country !== undefined) p.author.country = country;
  }
  const key = 'runtimeSystem' in top ? 'runtimeSystem' : 'wms';
  const system = r.object(top[key], [key], false);
  if (system) {
    p.runtimeSystem = { name: r.string(system.name, [key, 'name']) ?? '', version: r.string(system.version, [key, 'version']) ?? '' };
    const url = r.string(system.url, [key, 'url'], false);
    if (url !== undefined) p.runtimeSystem.url = url;
  }
  const extra: Record<string, JsonValue> = {};
  for (const [k, v] of Object.entries(top)) if (!KNOWN_TOP.has(k)) extra[k] = v as JsonValue;
  for (const [k, v] of Object.entries(workflow)) if (!KNOWN_WORKFLOW.has(k)) extra[`workflow.${k}`] = v as JsonValue;
  if (Object.keys(extra).length > 0) p.extra = extra;
  return p;
}

/** Run-level observations: in `execution` (1.5) or directly in `workflow` (1.0-1.4). */
function readRun(run: JsonObject, path: JsonPath, r: JsonReader, p: Provenance, legacy: boolean): void {
  const makespanKey = 'makespanInSeconds' in run || !legacy ? 'makespanInSeconds' : 'makespan';
  const makespan = r.number(run[makespanKey], [...path, makespanKey], false);
  if (makespan !== undefined) p.makespanSeconds = makespan;
  const executedAt = r.string(run.executedAt, [...path, 'executedAt'], false);
  if (executedAt !== undefined) p.executedAt = executedAt;
  const machines = r.array(run.machines, [...path, 'machines'], false);
  if (machines) {
    p.machines = machines.flatMap((m, i) => {
      const mp = [...path, 'machines', i];
      const o = r.object(m, mp);
      const nodeName = o && r.string(o.nodeName, [...mp, 'nodeName']);
      if (!o || nodeName === undefined) return [];
      const machine: Machine = { nodeName };
      for (const k of ['system', 'architecture', 'release'] as const) {
        const v = r.string(o[k], [...mp, k], false);
        if (v !== undefined) machine[k] = v;
      }
      const memory = r.number(o.memoryInBytes ?? o.memory, [...mp, 'memoryInBytes'], false);
      if (memory !== undefined) machine.memoryBytes = memory;
      const cpu = r.object(o.cpu, [...mp, 'cpu'], false);
      if (cpu) {
        machine.cpu = {};
        const count = r.number(cpu.coreCount ?? cpu.count, [...mp, 'cpu', 'coreCount'], false);
        const speed = r.number(cpu.speedInMHz ?? cpu.speed, [...mp, 'cpu', 'speedInMHz'], false);
        const vendor = r.string(cpu.vendor, [...mp, 'cpu', 'vendor'], false);
        if (count !== undefined) machine.cpu.coreCount = count;
        if (speed !== undefined) machine.cpu.speedMHz = speed;
        if (vendor !== undefined) machine.cpu.vendor = vendor;
      }
      return [machine];
    });
  }
}

/** WfFormat 1.5: `workflow.specification` and `workflow.execution`. */
function readSpecification(workflow: JsonObject, r: JsonReader, trace: Trace): void {
  const spec = r.object(workflow.specification, ['workflow', 'specification']);
  if (!spec) return;
  const tasks = r.array(spec.tasks, ['workflow', 'specification', 'tasks']) ?? [];
  tasks.forEach((t, i) => {
    const path = ['workflow', 'specification', 'tasks', i];
    const o = r.object(t, path);
    if (!o) return;
    const id = r.string(o.id, [...path, 'id']);
    const name = r.string(o.name, [...path, 'name']);
    if (id === undefined || name === undefined) return;
    trace.tasks.push({
      id,
      name,
      parents: r.strings(o.parents, [...path, 'parents'], false) ?? [],
      children: r.strings(o.children, [...path, 'children'], false) ?? [],
      inputFiles: r.strings(o.inputFiles, [...path, 'inputFiles'], false) ?? [],
      outputFiles: r.strings(o.outputFiles, [...path, 'outputFiles'], false) ?? [],
      observed: {},
      path,
    });
  });
  const files = r.array(spec.files, ['workflow', 'specification', 'files'], false) ?? [];
  files.forEach((f, i) => {
    const path = ['workflow', 'specification', 'files', i];
    const o = r.object(f, path);
    const id = o && r.string(o.id, [...path, 'id']);
    const size = o && r.number(o.sizeInBytes, [...path, 'sizeInBytes']);
    if (id !== undefined && size !== undefined) trace.files.push({ id, sizeBytes: size });
  });

  const execution = r.object(workflow.execution, ['workflow', 'execution'], false);
  if (!execution) return;
  readRun(execution, ['workflow', 'execution'], r, trace.provenance, false);
  const byId = new Map(trace.tasks.map((t) => [t.id, t]));
  const records = r.array(execution.tasks, ['workflow', 'execution', 'tasks'], false) ?? [];
  records.forEach((e, i) => {
    const path = ['workflow', 'execution', 'tasks', i];
    const o = r.object(e, path);
    const id = o && r.string(o.id, [...path, 'id']);
    if (!o || id === undefined) return;
    const task = byId.get(id);
    if (!task) {
      r.bag.warning('WFF007', `execution record for task "${id}", which the specification does not have`, r.doc.locate(path));
      return;
    }
    readObservations(o, path, r, task, false);
  });
}

/** WfFormat 1.0-1.4: tasks (or jobs) with their files and observations inline. */
function readFlat(workflow: JsonObject, r: JsonReader, trace: Trace): void {
  readRun(workflow, ['workflow'], r, trace.provenance, true);
  const key = 'tasks' in workflow ? 'tasks' : 'jobs';
  const tasks = r.array(workflow[key], ['workflow', key]) ?? [];
  const sizes = new Map<string, number>();
  tasks.forEach((t, i) => {
    const path = ['workflow', key, i];
    const o = r.object(t, path);
    if (!o) return;
    const name = r.string(o.name, [...path, 'name']);
    if (name === undefined) return;
    const id = r.string(o.id, [...path, 'id'], false) ?? name;
    const task: TraceTask = {
      id,
      name,
      parents: r.strings(o.parents, [...path, 'parents'], false) ?? [],
      children: r.strings(o.children, [...path, 'children'], false) ?? [],
      inputFiles: [],
      outputFiles: [],
      observed: {},
      path,
    };
    const category = r.string(o.category, [...path, 'category'], false);
    if (category !== undefined) task.category = category;
    const files = r.array(o.files, [...path, 'files'], false) ?? [];
    files.forEach((f, k) => {
      const fp = [...path, 'files', k];
      const fo = r.object(f, fp);
      const fname = fo && r.string(fo.name, [...fp, 'name']);
      const link = fo && r.string(fo.link, [...fp, 'link']);
      if (!fo || fname === undefined || link === undefined) return;
      if (link === 'input') task.inputFiles.push(fname);
      else if (link === 'output') task.outputFiles.push(fname);
      else r.bag.error('WFF001', `${fp.join('.')}.link should be "input" or "output", not "${link}"`, r.doc.locate([...fp, 'link']));
      const size = r.number(fo.sizeInBytes ?? fo.size, [...fp, 'sizeInBytes'], false);
      if (size !== undefined && !sizes.has(fname)) sizes.set(fname, size);
    });
    readObservations(o, path, r, task, true);
    trace.tasks.push(task);
  });
  trace.files = [...sizes].map(([id, sizeBytes]) => ({ id, sizeBytes }));
}

function readObservations(o: JsonObject, path: JsonPath, r: JsonReader, task: TraceTask, legacy: boolean): void {
  const obs = task.observed;
  const numberField = (keys: string[], set: (v: number) => void) => {
    const key = keys.find((k) => k in o);
    if (key === undefined) return;
    const v = r.number(o[key], [...path, key]);
    if (v !== undefined) set(v);
  };
  numberField(['runtimeInSeconds', 'runtime'], (v) => (obs.runtimeSeconds = v));
  numberField(legacy ? ['cores', 'coreCount'] : ['coreCount'], (v) => (obs.coreCount = v));
  numberField(['avgCPU'], (v) => (obs.avgCPU = v));
  numberField(['readBytes', 'bytesRead'], (v) => (obs.readBytes = v));
  numberField(['writtenBytes', 'bytesWritten'], (v) => (obs.writtenBytes = v));
  numberField(['memoryInBytes', 'memory'], (v) => (obs.memoryBytes = v));
  numberField(['energyInKWh', 'energy'], (v) => (obs.energyKWh = v));
  numberField(['avgPowerInW', 'avgPower'], (v) => (obs.avgPowerW = v));
  numberField(['priority'], (v) => (obs.priority = v));
  const executedAt = r.string(o.executedAt, [...path, 'executedAt'], false);
  if (executedAt !== undefined) obs.executedAt = executedAt;
  const machines = legacy ? (typeof o.machine === 'string' ? [o.machine] : undefined) : r.strings(o.machines, [...path, 'machines'], false);
  if (machines) obs.machines = machines;
  const command = r.object(o.command, [...path, 'command'], false);
  if (command) {
    task.command = {};
    const program = r.string(command.program, [...path, 'command', 'program'], false);
    const args = r.strings(command.arguments, [...path, 'command', 'arguments'], false);
    if (program !== undefined) task.command.program = program;
    if (args !== undefined) task.command.arguments = args;
  }
}
