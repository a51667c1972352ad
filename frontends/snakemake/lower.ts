// Snakemake DAG → IR. Each rule with jobs becomes a step, each job a job with its rendered shell
// command (as Snakemake would run it: `set -euo pipefail;` first), its resources, and its files.

import type { DiagnosticBag } from '../../ir/diagnostics.js';
import { uniqueIds } from '../../ir/ids.js';
import type { Environment, FileEntry, Job, JsonValue, Loss, Resources, Step, Workflow } from '../../ir/types.js';
import { parseDuration, parseMemory } from '../../ir/units.js';
import { createWorkflow } from '../../ir/workflow.js';
import type { Dag, DagBuilder, SmkJob } from './dag.js';
import { Namedlist, wildcardsObject } from './objects.js';
import { formatString, type FieldRenderer } from './python/methods.js';
import { toJs } from './python/modules.js';
import { formatSpec, iterate, str } from './python/ops.js';
import { PyBuiltin, PyError, PyFunction, PyList, PySet, PyTuple, type PyValue } from './python/values.js';
import { applyWildcards } from './patterns.js';
import { flattenItems, type LoadedWorkflow, type Rule } from './workflow.js';

const STAGE = 'frontend:snakemake';

/** Python's shlex.quote, which Snakemake's `{x:q}` uses. */
export function shlexQuote(s: string): string {
  if (s === '') return "''";
  if (!/[^\w@%+=:,./-]/.test(s)) return s;
  return `'${s.replace(/'/g, `'"'"'`)}'`;
}

const isSequence = (v: PyValue) => v instanceof PyList || v instanceof PyTuple || v instanceof PySet || v instanceof Namedlist;

/** Snakemake's SequenceFormatter with QuotedFormatter: lists join with spaces, `:q` quotes. */
const shellRenderer: FieldRenderer = (value, conversion, spec) => {
  const quote = spec.endsWith('q');
  const inner = quote ? spec.slice(0, -1) : spec;
  const one = (v: PyValue) => {
    const text = conversion === 'r' ? formatSpec(JSON.stringify(str(v)), inner) : formatSpec(v, inner);
    return quote ? shlexQuote(text) : text;
  };
  if (value instanceof Namedlist && value.typeName === 'Wildcards') {
    return [...value.names.keys()].sort().map((k) => `${k}=${str(value.named(k)!)}`).join(',');
  }
  if (isSequence(value)) return iterate(value).map(one).join(' ');
  return one(value);
};

export interface LowerContext {
  wf: LoadedWorkflow;
  dag: Dag;
  builder: DagBuilder;
  /** Files the frontend read, for the IR's source info. */
  sources: string[];
  name: string;
  bag: DiagnosticBag;
}

export function lowerDag(ctx: LowerContext): Workflow {
  const { wf, dag, builder } = ctx;
  const out = createWorkflow(ctx.name, 'snakemake', ctx.sources);
  out.params = toJs(wf.config) as Record<string, JsonValue>;
  const losses: Loss[] = [];
  const lost = new Set<string>();
  const loss = (construct: string, reason: string, rule?: Rule, severity: Loss['severity'] = 'warning') => {
    const key = `${construct}\u0000${reason}`;
    if (lost.has(key)) return;
    lost.add(key);
    const l: Loss = { stage: STAGE, construct, reason, severity };
    if (rule) l.span = rule.span;
    losses.push(l);
  };
  for (const n of wf.notes) {
    const l: Loss = { stage: STAGE, construct: n.construct, reason: n.reason, severity: 'info' };
    if (n.span) l.span = n.span;
    losses.push(l);
  }

  const rawIds = dag.jobs.map(rawJobId);
  const jobIds = uniqueIds(rawIds, /[A-Za-z0-9_.-]/, 'job');
  const files = new Map<string, FileEntry>();
  const addFile = (id: string, kind: FileEntry['kind'], flags: ReadonlySet<string> = NO_FLAGS) => {
    let entry = files.get(id);
    if (!entry) files.set(id, (entry = { id, kind }));
    if (kind === 'dir') entry.kind = 'dir';
    if (flags.size === 0) return;
    if (flags.has('temp')) entry.temporary = true;
    if (flags.has('protected')) entry.protected = true;
  };
  const byRule = new Map<Rule, { job: SmkJob; rawId: string; resources: Resources; command: string | undefined }[]>();

  for (const [index, job] of dag.jobs.entries()) {
    const rule = job.rule;
    const evaluated = evaluateJob(job, builder);
    const resources = evaluated.resources;
    let command: string | undefined;
    if (rule.shell !== undefined) {
      try {
        command = renderShell(rule, job, evaluated);
      } catch (e) {
        if (!(e instanceof PyError)) throw e;
        ctx.bag.error('SMK005', `shell command of rule ${rule.name}: ${e.type}: ${e.message} (wildcards: ${[...job.wildcards].map(([k, v]) => `${k}=${v}`).join(', ')})`, rule.span, 'placeholders in shell commands: {input}, {output}, {params.x}, {wildcards.x}, {threads}, {resources.x}, {log}, and config');
        continue;
      }
    } else if (rule.script !== undefined) loss(`script: ${rule.script} (rule ${rule.name})`, 'runs with Snakemake\'s script runtime (the `snakemake` object); the step has no command outside Snakemake', rule);
    else if (rule.run !== undefined) loss(`run: block of rule ${rule.name}`, 'is Python executed inside Snakemake; the step has no command outside Snakemake', rule);
    else if (rule.wrapper !== undefined) loss(`wrapper: ${rule.wrapper} (rule ${rule.name})`, 'is fetched and run by Snakemake; the step has no command outside Snakemake', rule);
    else if (rule.notebook !== undefined) loss(`notebook: ${rule.notebook} (rule ${rule.name})`, 'runs with Snakemake\'s notebook runtime', rule);
    if (job.pendingCheckpoints.length > 0) {
      loss(`inputs of rule ${rule.name}`, `depend on the output of checkpoint ${job.pendingCheckpoints.join(', ')}, known only after it runs; kept symbolic (the checkpoint's outputs stand in)`, rule);
    }
    for (const f of job.inputFiles) addFile(f, 'file');
    for (let i = 0; i < job.outputFiles.length; i++) {
      const f = job.outputFiles[i]!;
      const flags = job.outputFlags[i]!;
      addFile(f, flags.has('directory') ? 'dir' : 'file', flags);
      for (const special of ['pipe', 'service']) {
        if (flags.has(special)) loss(`${special}() output ${f} of rule ${rule.name}`, `needs its producer and consumer to run at the same time; written as a plain file`, rule);
      }
    }
    for (const f of evaluated.logs) addFile(f, 'file');
    let list = byRule.get(rule);
    if (!list) byRule.set(rule, (list = []));
    list.push({ job, rawId: rawIds[index]!, resources, command });
  }

  for (const [rule, jobs] of byRule) {
    const step: Step = {
      id: rule.name,
      name: rule.name,
      inputs: [],
      outputs: [],
      fanout: [],
      resources: commonResources(jobs.map((j) => j.resources)),
      environment: environmentOf(rule, wf, (construct, reason) => loss(construct, reason, rule)),
      labels: [],
      span: rule.span,
    };
    if (rule.shell !== undefined) step.command = { kind: 'script', dialect: 'snakemake', text: rule.shell };
    if (rule.retries !== undefined) step.retries = rule.retries;
    if (rule.localrule) step.labels.push('local');
    if (rule.checkpoint) step.labels.push('checkpoint');
    if (rule.group !== undefined && rule.group !== null && typeof rule.group === 'string') step.labels.push(`group:${rule.group}`);
    out.steps.push(step);
    for (const { job, rawId, resources, command } of jobs) {
      const binding: Record<string, string> = {};
      for (const [k, v] of job.wildcards) binding[k] = v;
      const ir: Job = {
        id: jobIds.get(rawId)!,
        step: rule.name,
        binding,
        inputs: job.inputFiles,
        outputs: job.outputFiles,
        after: [],
      };
      if (command !== undefined) ir.command = { script: command };
      if (!sameResources(resources, step.resources)) ir.resources = resources;
      out.jobs.push(ir);
    }
  }
  // Inputs no job writes were on disk when the DAG was built: Snakemake (and so wfc) checked.
  const written = new Set<string>();
  for (const job of dag.jobs) for (const f of job.outputFiles) written.add(f);
  for (const job of dag.jobs) {
    for (const f of job.inputFiles) {
      const entry = files.get(f);
      if (entry && !written.has(f)) entry.origin = 'disk';
    }
  }
  out.files = [...files.values()];
  out.losses = losses;
  return out;
}

const NO_FLAGS: ReadonlySet<string> = new Set();

function rawJobId(job: SmkJob): string {
  const values = [...job.wildcards.values()];
  return values.length === 0 ? job.rule.name : `${job.rule.name}_${values.join('_')}`;
}

interface Evaluated {
  params: Namedlist;
  threads: number;
  resources: Resources;
  resourceValues: Map<string, PyValue>;
  log: Namedlist;
  logs: string[];
}

/** Per-job values Snakemake computes when it schedules a job: params, threads, resources, log. */
function evaluateJob(job: SmkJob, builder: DagBuilder): Evaluated {
  const rule = job.rule;
  const w = job.wildcards;
  const fill = (v: PyValue): PyValue => (typeof v === 'string' ? applyWildcards(v, w, true) : v);
  const log = rule.log.length === 0 ? NO_ITEMS : Namedlist.fromPairs(rule.log.map((i) => [i.name, flattenItems(i.value).map((v) => applyWildcards(str(v), w))]));
  let fixed = fixedResources.get(rule);
  if (fixed === undefined) {
    const varies = (rule.threads !== undefined && callable(rule.threads)) || [...rule.resources.values()].some(callable);
    fixed = varies ? null : resourcesOf(rule, builder, job);
    fixedResources.set(rule, fixed);
  }
  const { threads, resourceValues, resources } = fixed ?? resourcesOf(rule, builder, job);
  const params = rule.params.length === 0 ? NO_ITEMS : Namedlist.fromPairs(
    rule.params.map((i) => {
      const v = callable(i.value) ? builder.callWithWildcards(i.value, w, { input: job.input, output: job.output, threads, resources: resourceNamespace(resourceValues), log }) : i.value;
      return [i.name, [v instanceof PyList || v instanceof PyTuple ? new PyList(iterate(v).map(fill)) : fill(v)]];
    }),
  );
  return { params, threads, resources, resourceValues, log, logs: log.items.map((x) => str(x)) };
}

type JobResources = Pick<Evaluated, 'threads' | 'resources' | 'resourceValues'>;

/** Rules whose threads and resources are plain values: the same for every job, computed once. */
const fixedResources = new WeakMap<Rule, JobResources | null>();

function resourcesOf(rule: Rule, builder: DagBuilder, job: SmkJob): JobResources {
  const w = job.wildcards;
  const threadsRaw = rule.threads === undefined || rule.threads === null ? 1 : callable(rule.threads) ? builder.callWithWildcards(rule.threads, w, { input: job.input, output: job.output }) : rule.threads;
  const threads = Math.max(1, Math.trunc(Number(str(threadsRaw))) || 1);
  const resourceValues = new Map<string, PyValue>();
  for (const [k, v] of rule.resources) {
    resourceValues.set(k, callable(v) ? builder.callWithWildcards(v, w, { input: job.input, output: job.output, threads, attempt: 1 }) : v);
  }
  return { threads, resourceValues, resources: toResources(resourceValues, threads) };
}

/** Shared by jobs whose rule has no params or log: nothing changes a Namedlist once built. */
const NO_ITEMS = new Namedlist([]);

function callable(v: PyValue): v is PyFunction | PyBuiltin {
  return v instanceof PyFunction || v instanceof PyBuiltin;
}

function resourceNamespace(values: Map<string, PyValue>): Namedlist {
  return Namedlist.fromPairs([...values].map(([k, v]) => [k, [v]]), 'Resources');
}

/** Snakemake's resources into the IR's model: mem_mb / mem / mem_gb, disk_mb / disk, runtime, gpus. */
function toResources(values: Map<string, PyValue>, threads: number): Resources {
  const r: Resources = { cpus: threads };
  const num = (v: PyValue) => Number(str(v));
  for (const [k, v] of values) {
    const s = str(v);
    switch (k) {
      case 'mem_mb':
        r.memoryBytes = num(v) * 1e6;
        break;
      case 'mem_mib':
        r.memoryBytes = num(v) * 1024 ** 2;
        break;
      case 'mem_gb':
        r.memoryBytes = num(v) * 1e9;
        break;
      case 'mem': {
        const p = parseMemory(s, 'snakemake');
        if ('value' in p) r.memoryBytes = p.value;
        break;
      }
      case 'disk_mb':
        r.diskBytes = num(v) * 1e6;
        break;
      case 'disk': {
        const p = parseMemory(s, 'snakemake');
        if ('value' in p) r.diskBytes = p.value;
        break;
      }
      case 'runtime':
      case 'time_min': {
        const p = parseDuration(typeof v === 'number' ? v : s, 'snakemake');
        if ('value' in p) r.walltimeSeconds = p.value;
        break;
      }
      case 'gpu':
      case 'gpus':
      case 'nvidia_gpu':
        r.gpus = num(v);
        break;
      case 'gpu_model':
        r.gpuType = s;
        break;
    }
  }
  return r;
}

/** What every job of a rule asks for alike; jobs that differ carry their own full set. */
function commonResources(all: Resources[]): Resources {
  if (all.every((r) => r === all[0])) return all[0]!;
  const first = (all[0] ?? {}) as Record<string, unknown>;
  const common: Record<string, unknown> = {};
  for (const k in first) {
    if (all.every((r) => sameValue((r as Record<string, unknown>)[k], first[k]))) common[k] = first[k];
  }
  return common as Resources;
}

function sameResources(a: Resources, b: Resources): boolean {
  if (a === b) return true;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let n = 0;
  for (const k in x) {
    if (!sameValue(x[k], y[k])) return false;
    n++;
  }
  for (const _ in y) n--;
  return n === 0;
}

/** Resource values are numbers and strings, and one small object (retry scaling). */
function sameValue(a: unknown, b: unknown): boolean {
  return a === b || (typeof a === 'object' && typeof b === 'object' && JSON.stringify(a) === JSON.stringify(b));
}

function environmentOf(rule: Rule, wf: LoadedWorkflow, loss: (construct: string, reason: string) => void): Environment {
  const env: Environment = {};
  const container = rule.container ?? wf.globalContainer ?? null;
  if (typeof container === 'string' && container !== '') env.container = { image: container.replace(/^docker:\/\//, '') };
  else if (container !== null && container !== undefined) loss(`container of rule ${rule.name}`, 'is computed per job; not kept');
  if (typeof rule.conda === 'string') env.conda = rule.conda;
  else if (rule.conda !== undefined && rule.conda !== null) loss(`conda of rule ${rule.name}`, 'is computed per job; not kept');
  if (rule.envmodules.length > 0) env.modules = rule.envmodules;
  return env;
}

/** The shell command as Snakemake formats and runs it. */
function renderShell(rule: Rule, job: SmkJob, e: Evaluated): string {
  // The job's own names, then the Snakefile's globals (config, ...), as Snakemake's shell() sees
  // them; built when the command names them, since most commands use only a few.
  const names = {
    get(name: string): PyValue | undefined {
      switch (name) {
        case 'input':
          return job.input;
        case 'output':
          return job.output;
        case 'params':
          return e.params;
        case 'wildcards':
          return wildcardsObject(job.wildcards);
        case 'threads':
          return e.threads;
        case 'resources':
          return resourceNamespace(new Map([['_cores', e.threads], ['_nodes', 1], ...e.resourceValues]));
        case 'log':
          return e.log;
        case 'rule':
          return rule.name;
        case 'jobid':
          return 0;
      }
      return rule.globals.vars.get(name);
    },
  };
  const cmd = formatString(rule.shell!, [], names, shellRenderer).trim();
  return `${mkdirFor(job.outputFiles, e.logs)}set -euo pipefail; ${cmd}`;
}

/** Snakemake creates the directories of outputs and logs before it runs a job. */
function mkdirFor(outputs: readonly string[], logs: readonly string[]): string {
  const dirs = new Set<string>();
  for (const list of [outputs, logs]) {
    for (const f of list) {
      const d = f.slice(0, Math.max(0, f.lastIndexOf('/')));
      if (d !== '' && d !== '.') dirs.add(d);
    }
  }
  if (dirs.size === 0) return '';
  return `mkdir -p ${[...dirs].sort().map(shlexQuote).join(' ')}; `;
}
