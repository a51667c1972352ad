// The runtime's record of a pipeline → IR. Each process call is a step named by its fully
// qualified name; each known task a job with its rendered script (run in its own task directory,
// inputs linked in by name, as Nextflow stages them), resources and files. Steps whose tasks depend
// on the run keep a symbolic fan-out and an entry in the loss ledger.

import { uniqueIds } from '../../ir/ids.js';
import type { Container, Environment, FileEntry, Job, JsonValue, Placement, Port, Resources, Step, Workflow } from '../../ir/types.js';
import { createWorkflow } from '../../ir/workflow.js';
import type * as A from './ast.js';
import { setting, type LoadedConfig } from './config.js';
import { parseDurationValue, parseMemoryUnit } from './interp.js';
import { stripIndent } from './methods.js';
import type { NextflowRuntime, StepRecord, Task } from './runtime.js';
import { Closure, Duration, GMap, MemoryUnit, str, toJson, type Value } from './values.js';

export interface LowerInput {
  rt: NextflowRuntime;
  config: LoadedConfig;
  name: string;
  sources: string[];
  exists(path: string): boolean;
}

export function lowerNextflow({ rt, config, name, sources, exists }: LowerInput): Workflow {
  const wf = createWorkflow(name, 'nextflow', sources);
  wf.params = toJson(rt.params) as Record<string, JsonValue>;
  const engine = rt.containerEngine();
  const env = setting(config.settings, 'env');
  const executor = str(setting(config.settings, 'process.executor') ?? setting(config.settings, 'executor.name') ?? 'local');
  const files = new Map<string, FileEntry>();
  const produced = new Set<string>();
  const rawJobIds: string[] = [];
  const taskKey = (r: StepRecord, t: Task) => `${r.id}#${t.index}`;
  for (const r of rt.steps) for (const t of r.tasks ?? []) rawJobIds.push(`${r.id}_${t.index + 1}`);
  const jobIds = uniqueIds(rawJobIds, /[A-Za-z0-9_.-]/, 'job');
  const jobOf = new Map<string, string>();
  for (const r of rt.steps) for (const t of r.tasks ?? []) jobOf.set(taskKey(r, t), jobIds.get(`${r.id}_${t.index + 1}`)!);

  for (const r of rt.steps) {
    const resources = resourcesOf(r.directives, r.retried, config);
    const step: Step = {
      id: r.id,
      name: r.fqn,
      inputs: r.inputs.map((p): Port => ({ name: p.name, kind: p.kind, cardinality: 'one', ...(p.sources.length > 0 ? { from: p.sources } : {}) })),
      outputs: r.outputs.map((p): Port => ({ name: p.name, kind: p.kind, cardinality: p.many ? 'many' : 'one', ...(p.pattern !== undefined ? { pattern: p.pattern } : {}) })),
      fanout: [],
      resources,
      environment: environmentOf(r.directives, engine, env),
      labels: [...r.labels],
      span: r.span,
    };
    const template = scriptTemplate(r);
    if (template !== undefined) step.command = { kind: 'script', dialect: 'nextflow', text: template };
    const retries = retriesOf(r.directives);
    if (retries !== undefined) step.retries = retries;
    const placement = placementOf(r.directives, executor);
    if (placement) step.placement = placement;
    if (r.def.when) step.when = 'when: guard (evaluated per task)';
    wf.steps.push(step);
    for (const [k, v] of r.directives) {
      if (k === 'clusterOptions' && v !== null) rt.loss(`clusterOptions '${str(v)}' of ${r.fqn}`, 'passed through to no target; add it to the site file (--site) where it matters', r.span, 'info');
    }
    if (r.tasks === undefined) {
      const domain = `${r.id}_tasks`;
      wf.domains.push({ id: domain, origin: 'config', span: r.span });
      step.fanout = [domain];
      rt.loss(`tasks of ${r.fqn}`, `their number depends on the run: ${r.unknownBecause ?? 'inputs unknown'}; the step stays symbolic`, r.span);
      continue;
    }
    for (const t of r.tasks) {
      const job: Job = {
        id: jobOf.get(taskKey(r, t))!,
        step: r.id,
        name: `${r.fqn} (${t.tag ?? t.index + 1})`,
        binding: {},
        inputs: dedupe(t.inputs.map((f) => f.path)),
        outputs: dedupe(t.outputs.map((f) => f.path)),
        after: [],
      };
      if (t.script !== undefined) job.command = { script: t.script };
      const own = resourcesOf(t.directives, t.retried, config);
      if (JSON.stringify(own) !== JSON.stringify(resources)) job.resources = own;
      wf.jobs.push(job);
      for (const f of t.outputs) {
        produced.add(f.path);
        files.set(f.path, { id: f.path, kind: 'file' });
        if (f.glob) rt.loss(`output pattern ${f.name} of ${r.fqn}`, 'names the files the task makes only at run time; the engine sees the pattern as one file', r.span, 'info');
      }
      for (const f of t.inputs) if (!files.has(f.path)) files.set(f.path, { id: f.path, kind: 'file' });
    }
  }
  for (const f of files.values()) {
    if (!produced.has(f.id)) f.origin = exists(f.id) ? 'disk' : 'declared';
  }
  wf.files = [...files.values()];
  const outputs = new Map<string, { step: string; port: string }>();
  for (const s of rt.published) if ('step' in s) outputs.set(`${s.step}\u0000${s.port}`, s);
  wf.outputs = [...outputs.values()];
  wf.losses = rt.losses;
  return wf;
}

const dedupe = (xs: string[]) => [...new Set(xs)];

/** The script as written (with `${...}` placeholders), for the step-level command. */
function scriptTemplate(r: StepRecord): string | undefined {
  const body = r.def.body;
  if (!body || body.kind === 'exec') return undefined;
  const last = body.stmts[body.stmts.length - 1];
  if (!last || last.k !== 'expr') return undefined;
  const e: A.Expr = last.e;
  const text = e.k === 'gstr' ? e.raw : e.k === 'lit' && typeof e.v === 'string' ? e.v : undefined;
  return text === undefined ? undefined : stripIndent(text).replace(/^\n+/, '').replace(/\s+$/, '\n');
}

function memoryOf(v: Value | undefined): number | undefined {
  if (v instanceof MemoryUnit) return v.bytes;
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return parseMemoryUnit(v)?.bytes;
  return undefined;
}

function secondsOf(v: Value | undefined): number | undefined {
  if (v instanceof Duration) return Math.round(v.millis / 1000);
  if (typeof v === 'number') return Math.round(v / 1000);
  if (typeof v === 'string') {
    const d = parseDurationValue(v);
    return d ? Math.round(d.millis / 1000) : undefined;
  }
  return undefined;
}

/** Nextflow directives into the IR's resources, capped by `resourceLimits`. */
function resourcesOf(d: Map<string, Value>, retried: Map<string, Value>, config: LoadedConfig): Resources {
  const r: Resources = {};
  const cpus = d.get('cpus');
  if (cpus !== undefined && cpus !== null && Number(str(cpus)) > 0) r.cpus = Number(str(cpus));
  const mem = memoryOf(d.get('memory'));
  if (mem !== undefined) r.memoryBytes = mem;
  const disk = memoryOf(d.get('disk'));
  if (disk !== undefined) r.diskBytes = disk;
  const time = secondsOf(d.get('time'));
  if (time !== undefined) r.walltimeSeconds = time;
  const acc = d.get('accelerator');
  const accList = Array.isArray(acc) ? acc : acc === undefined || acc === null ? [] : [acc];
  if (accList.length > 0) {
    const count = accList.find((x) => typeof x === 'number');
    const opts = accList.find((x): x is GMap => x instanceof GMap);
    const n = Number(count ?? opts?.get('request') ?? opts?.get('limit') ?? 1);
    if (n > 0) r.gpus = n;
    const type = opts?.get('type');
    if (type !== undefined && type !== null) r.gpuType = str(type);
  }
  const limits = d.get('resourceLimits') ?? setting(config.settings, 'process.resourceLimits');
  if (limits instanceof GMap) {
    const maxCpus = limits.get('cpus');
    if (typeof maxCpus === 'number' && r.cpus !== undefined) r.cpus = Math.min(r.cpus, maxCpus);
    const maxMem = memoryOf(limits.get('memory'));
    if (maxMem !== undefined && r.memoryBytes !== undefined) r.memoryBytes = Math.min(r.memoryBytes, maxMem);
    const maxTime = secondsOf(limits.get('time'));
    if (maxTime !== undefined && r.walltimeSeconds !== undefined) r.walltimeSeconds = Math.min(r.walltimeSeconds, maxTime);
  }
  const scaling: { memory?: number; walltime?: number } = {};
  const mem2 = memoryOf(retried.get('memory'));
  if (mem !== undefined && mem2 !== undefined && mem > 0 && mem2 > mem) scaling.memory = +(mem2 / mem).toFixed(3);
  const time2 = secondsOf(retried.get('time'));
  if (time !== undefined && time2 !== undefined && time > 0 && time2 > time) scaling.walltime = +(time2 / time).toFixed(3);
  if (scaling.memory !== undefined || scaling.walltime !== undefined) r.retryScaling = scaling;
  return r;
}

function environmentOf(d: Map<string, Value>, engine: string | null, env: Value | undefined): Environment {
  const e: Environment = {};
  const image = d.get('container');
  if (typeof image === 'string' && image.trim() !== '') {
    const c: Container = { image: image.trim() };
    if (engine === 'singularity' || engine === 'apptainer' || engine === 'podman' || engine === 'docker') c.runtime = engine;
    e.container = c;
  }
  const conda = d.get('conda');
  if (typeof conda === 'string' && conda.trim() !== '') e.conda = conda.trim();
  const modules = d.get('module');
  if (typeof modules === 'string' && modules !== '') e.modules = modules.split(':');
  if (env instanceof GMap && env.size > 0) e.env = Object.fromEntries([...env].map(([k, v]) => [str(k), str(v)]));
  return e;
}

function retriesOf(d: Map<string, Value>): number | undefined {
  const strategy = d.get('errorStrategy');
  const retry = strategy === 'retry' || (strategy instanceof Closure && JSON.stringify(strategy.node, (k, v: unknown) => (k === 'pos' ? undefined : v)).includes('"retry"'));
  if (!retry) return undefined;
  const max = d.get('maxRetries');
  return typeof max === 'number' ? max : 1;
}

function placementOf(d: Map<string, Value>, executor: string): Placement | undefined {
  const queue = d.get('queue');
  const exec = str(d.get('executor') ?? executor);
  if (exec !== 'slurm' || typeof queue !== 'string') return undefined;
  return { provider: 'slurm', partition: queue };
}
