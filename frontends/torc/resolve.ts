// Names into things, as Torc resolves them when it creates a workflow: file and user-data
// references in commands, the files, datasets and user data jobs list (exactly or by regex), the
// jobs they depend on, their resource requirements, failure handlers and schedulers. Then the
// edges: Torc orders a job after the producers of what it reads and after what it depends on.

import type { DiagnosticBag } from '../../ir/diagnostics.js';
import { effectiveCommand, referencesIn, resolveFileReferences } from '../../ir/formats/torc.js';
import { describeCycle, topoOrder } from '../../ir/graph.js';
import type { JsonPath } from '../../ir/workflow.js';
import type { Expanded, JsonObject } from './expand.js';
import type { Locator } from './locate.js';
import { didYouMean } from './suggest.js';

export interface TorcFile {
  name: string;
  path: string;
  kind: 'file' | 'dir';
  item: Expanded;
}

export interface ResolvedJob {
  name: string;
  item: Expanded;
  /** The command as written, parameters put in. */
  command: string;
  /** What runs: the invocation script and the command, with file references replaced by paths. */
  script: string;
  /** File (and dataset) paths, in the order the spec names them. */
  inputs: string[];
  outputs: string[];
  userIn: string[];
  userOut: string[];
  /** The user data it lists (by name or regex) rather than refers to in its command. */
  listedUserIn: string[];
  listedUserOut: string[];
  /** Jobs it waits for that what it reads does not imply: depends_on, and producers of user data it reads. */
  after: string[];
}

export interface Resolved {
  jobs: ResolvedJob[];
  /** By path: what becomes the IR's files. The first name given a path is its name. */
  files: Map<string, TorcFile>;
  userData: Set<string>;
}

interface Tables {
  files: Map<string, TorcFile>;
  datasets: Map<string, TorcFile>;
  userData: Set<string>;
  jobs: Set<string>;
  resources: Set<string>;
  handlers: Set<string>;
  schedulers: Set<string>;
}

export function resolveSpec(
  spec: JsonObject,
  jobs: Expanded[],
  files: Expanded[],
  userData: Expanded[],
  loc: Locator,
  bag: DiagnosticBag,
): Resolved {
  const reported = new Set<string>();
  /** One report per place in the spec, however many jobs a parameterized spec makes of it. */
  const once = (key: string, report: () => void) => {
    if (reported.has(key)) return;
    reported.add(key);
    report();
  };
  const t = tables(spec, jobs, files, userData, loc, bag);
  const rawJobs = (spec.jobs as JsonObject[]) ?? [];
  const fileNames = new Set(t.files.keys());
  const datasetNames = new Set(t.datasets.keys());
  const resolved: ResolvedJob[] = [];
  for (const item of jobs) {
    const f = item.fields;
    const name = f.name as string;
    const path = item.path;
    const index = path[1] as number;
    const command = f.command as string;
    const j: ResolvedJob = { name, item, command, script: '', inputs: [], outputs: [], userIn: [], userOut: [], listedUserIn: [], listedUserOut: [], after: [] };
    // Jobs that gather thousands of files: membership by set, order by list.
    const members = new Map<string[], Set<string>>();
    const add = (list: string[], x: string) => {
      const seen = members.get(list) ?? members.set(list, new Set()).get(list)!;
      if (!seen.has(x)) {
        seen.add(x);
        list.push(x);
      }
    };
    // References in the command: the template's own text is what the position points at.
    const template = referencesIn(String(rawJobs[index]?.command ?? ''));
    referencesIn(command).forEach((ref, k) => {
      const written = template[k] ?? ref;
      const where = () => loc.within([...path, 'command'], written.text);
      if (ref.kind === 'files') {
        const file = t.files.get(ref.name);
        if (file) add(ref.side === 'input' ? j.inputs : j.outputs, file.path);
        else once(`${index}|ref|${k}`, () => bag.error('TRC002', `job "${name}" refers to file "${ref.name}", which the spec does not declare`, where(), didYouMean(ref.name, t.files.keys(), 'declare it under `files:` with a name and a path')));
      } else if (t.userData.has(ref.name)) add(ref.side === 'input' ? j.userIn : j.userOut, ref.name);
      else once(`${index}|ref|${k}`, () => bag.error('TRC002', `job "${name}" refers to user data "${ref.name}", which the spec does not declare`, where(), didYouMean(ref.name, t.userData, 'declare it under `user_data:`')));
    });
    const listed = (field: string, table: ReadonlySet<string>, what: string, hint: string, use: (x: string) => void, self?: string) => {
      const exact = (f[field] as string[] | undefined) ?? [];
      exact.forEach((x, i) => {
        if (table.has(x)) use(x);
        else once(`${index}|${field}|${i}`, () => bag.error(codeFor(what), `job "${name}" names ${what} "${x}" in ${field}, which the spec does not have`, loc.at([...path, field, i]), didYouMean(x, table, hint)));
      });
      const regexField = regexFieldOf(field);
      const patterns = (f[regexField] as string[] | undefined) ?? [];
      patterns.forEach((p, i) => {
        const re = compile(p);
        const at = () => loc.at([...path, regexField, i]);
        if (!re) return once(`${index}|${regexField}|${i}`, () => bag.error('TRC011', `"${p}" in ${regexField} of job "${name}" is not a regular expression`, at()));
        const matched = [...table].filter((x) => x !== self && re.test(x));
        if (matched.length === 0) once(`${index}|${regexField}|${i}`, () => bag.error('TRC011', `"${p}" in ${regexField} of job "${name}" matches no ${what}`, at(), `regexes match ${what} names after parameters are expanded`));
        matched.forEach(use);
      });
    };
    const fileHint = 'declare it under `files:` with a name and a path';
    listed('input_files', fileNames, 'file', fileHint, (x) => add(j.inputs, t.files.get(x)!.path));
    listed('output_files', fileNames, 'file', fileHint, (x) => add(j.outputs, t.files.get(x)!.path));
    listed('input_datasets', datasetNames, 'dataset', 'declare it under `datasets:`', (x) => add(j.inputs, t.datasets.get(x)!.path));
    listed('output_datasets', datasetNames, 'dataset', 'declare it under `datasets:`', (x) => add(j.outputs, t.datasets.get(x)!.path));
    listed('input_user_data', t.userData, 'user data', 'declare it under `user_data:`', (x) => (add(j.userIn, x), add(j.listedUserIn, x)));
    listed('output_user_data', t.userData, 'user data', 'declare it under `user_data:`', (x) => (add(j.userOut, x), add(j.listedUserOut, x)));
    listed('depends_on', t.jobs, 'job', 'depends_on names jobs as they are after parameters are expanded', (x) => add(j.after, x), name);
    const named = (field: string, table: Set<string>, what: string, hint: string) => {
      const x = f[field];
      if (typeof x === 'string' && !table.has(x)) {
        once(`${index}|${field}`, () => bag.error(codeFor(what), `job "${name}" uses ${what} "${x}", which the spec does not define`, loc.at([...path, field]), didYouMean(x, table, hint)));
      }
    };
    named('resource_requirements', t.resources, 'resource requirement', 'define it under `resource_requirements:`');
    named('failure_handler', t.handlers, 'failure handler', 'define it under `failure_handlers:`');
    named('scheduler', t.schedulers, 'scheduler', 'define it under `slurm_schedulers:`');
    const pathOf = (n: string) => t.files.get(n)?.path;
    j.script = effectiveCommand(resolveFileReferences(command, pathOf), typeof f.invocation_script === 'string' ? f.invocation_script : undefined);
    resolved.push(j);
  }
  checkActions(spec, t, loc, bag);
  orderJobs(resolved, loc, bag);
  return { jobs: resolved, files: byPath(t), userData: t.userData };
}

function codeFor(what: string): 'TRC002' | 'TRC003' | 'TRC004' | 'TRC008' {
  if (what === 'job') return 'TRC003';
  if (what === 'resource requirement') return 'TRC004';
  if (what === 'failure handler' || what === 'scheduler') return 'TRC008';
  return 'TRC002';
}

function regexFieldOf(field: string): string {
  if (field === 'depends_on') return 'depends_on_regexes';
  if (field.endsWith('_files')) return field.replace(/_files$/, '_file_regexes');
  return `${field}_regexes`;
}

/** Torc's regexes search (they need not match the whole name). */
function compile(pattern: string): RegExp | undefined {
  try {
    return new RegExp(pattern, 'u');
  } catch {
    return undefined;
  }
}

function tables(spec: JsonObject, jobs: Expanded[], files: Expanded[], userData: Expanded[], loc: Locator, bag: DiagnosticBag): Tables {
  const unique = <T>(items: { key: string; value: T; path: JsonPath }[], what: string): Map<string, T> => {
    const out = new Map<string, T>();
    const first = new Map<string, JsonPath>();
    for (const { key, value, path } of items) {
      if (out.has(key)) {
        const was = first.get(key)!;
        bag.error('TRC007', `${what} "${key}" is defined twice`, loc.at(path), `the first is at ${loc.at(was).line}:${loc.at(was).column}; names must be unique after parameters are expanded`);
        continue;
      }
      out.set(key, value);
      first.set(key, path);
    }
    return out;
  };
  const fileTable = unique(
    files.map((item) => ({ key: item.fields.name as string, value: { name: item.fields.name as string, path: item.fields.path as string, kind: 'file' as const, item }, path: [...item.path, 'name'] })),
    'file',
  );
  const datasets = ((spec.datasets as JsonObject[] | null | undefined) ?? []).map((d, i): Expanded => ({ fields: d, path: ['datasets', i], combo: [] }));
  const datasetTable = unique(
    datasets.map((item) => ({ key: item.fields.name as string, value: { name: item.fields.name as string, path: item.fields.path as string, kind: 'dir' as const, item }, path: [...item.path, 'name'] })),
    'dataset',
  );
  const named = (key: string) => ((spec[key] as JsonObject[] | null | undefined) ?? []).map((x, i) => ({ key: x.name as string, value: true, path: [key, i, 'name'] as JsonPath })).filter((x) => typeof x.key === 'string');
  return {
    files: fileTable,
    datasets: datasetTable,
    userData: new Set(unique(userData.filter((u) => typeof u.fields.name === 'string').map((u) => ({ key: u.fields.name as string, value: true, path: [...u.path, 'name'] })), 'user data').keys()),
    jobs: new Set(unique(jobs.map((item) => ({ key: item.fields.name as string, value: true, path: [...item.path, 'name'] })), 'job').keys()),
    resources: new Set(unique(named('resource_requirements'), 'resource requirement').keys()),
    handlers: new Set(unique(named('failure_handlers'), 'failure handler').keys()),
    schedulers: new Set(unique(named('slurm_schedulers'), 'scheduler').keys()),
  };
}

/** Files and datasets by path: two names for one path are one file to the IR. */
function byPath(t: Tables): Map<string, TorcFile> {
  const out = new Map<string, TorcFile>();
  for (const f of [...t.files.values(), ...t.datasets.values()]) if (!out.has(f.path)) out.set(f.path, f);
  return out;
}

/** Actions name jobs and schedulers that must exist. */
function checkActions(spec: JsonObject, t: Tables, loc: Locator, bag: DiagnosticBag): void {
  ((spec.actions as JsonObject[] | null | undefined) ?? []).forEach((a, i) => {
    ((a.jobs as string[] | null | undefined) ?? []).forEach((x, k) => {
      if (!t.jobs.has(x)) bag.error('TRC003', `action ${i + 1} names job "${x}", which the spec does not have`, loc.at(['actions', i, 'jobs', k]), didYouMean(x, t.jobs, 'actions name jobs as they are after parameters are expanded'));
    });
    ((a.job_name_regexes as string[] | null | undefined) ?? []).forEach((p, k) => {
      if (!compile(p)) bag.error('TRC011', `"${p}" in job_name_regexes of action ${i + 1} is not a regular expression`, loc.at(['actions', i, 'job_name_regexes', k]));
    });
    if (typeof a.scheduler === 'string' && a.scheduler_type !== 'local' && !t.schedulers.has(a.scheduler)) {
      bag.error('TRC008', `action ${i + 1} schedules "${a.scheduler}", which the spec does not define`, loc.at(['actions', i, 'scheduler']), didYouMean(a.scheduler, t.schedulers, 'define it under `slurm_schedulers:`'));
    }
  });
}

/**
 * Torc's edges: producers of what a job reads, the jobs it depends on, and producers of user data
 * it reads. `after` keeps the edges files do not imply. A file has one producer; the jobs must
 * not form a cycle.
 */
function orderJobs(jobs: ResolvedJob[], loc: Locator, bag: DiagnosticBag): void {
  const producer = new Map<string, ResolvedJob>();
  for (const j of jobs) {
    for (const f of j.outputs) {
      const other = producer.get(f);
      if (other && other !== j) bag.error('TRC010', `"${f}" is written by both "${other.name}" and "${j.name}"`, loc.at([...j.item.path, 'name']), 'a file has one producer: give each job its own output file');
      else producer.set(f, j);
    }
  }
  const userProducers = new Map<string, string[]>();
  for (const j of jobs) for (const u of j.userOut) (userProducers.get(u) ?? userProducers.set(u, []).get(u)!).push(j.name);
  const edges: { from: string; to: string }[] = [];
  for (const j of jobs) {
    const implied = new Set(j.inputs.map((f) => producer.get(f)?.name).filter((n): n is string => n !== undefined && n !== j.name));
    for (const p of implied) edges.push({ from: p, to: j.name });
    for (const u of j.userIn) for (const p of userProducers.get(u) ?? []) if (p !== j.name && !j.after.includes(p)) j.after.push(p);
    j.after = j.after.filter((p) => p !== j.name && !implied.has(p));
    for (const p of j.after) edges.push({ from: p, to: j.name });
  }
  const topo = topoOrder(jobs.map((j) => j.name), edges);
  if ('cycle' in topo) {
    const first = jobs.find((j) => j.name === topo.cycle[0]);
    bag.error('TRC005', `the jobs form a cycle: ${describeCycle(topo.cycle)}`, first ? loc.at([...first.item.path, 'name']) : undefined);
  }
}

