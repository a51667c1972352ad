// The Torc backend: one workflow spec, `workflow.yaml`, as `torc create` / `torc run` read it.
// Jobs with their commands (file arguments as `${files.input.X}` / `${files.output.X}` where that is
// safe, explicit `input_files` / `output_files` otherwise), `depends_on` for ordering edges files do
// not imply, `files` and `datasets` (directories), named `resource_requirements`, failure handlers
// for retries, and Slurm schedulers with the actions that request them (see slurm.ts). What a Torc
// source said that the IR has no field for comes back from where the reader kept it.

import { keptOf, RUN_SETTINGS, referencesIn, type TorcKept } from '../../ir/formats/torc.js';
import { toStableYaml } from '../../ir/serialize.js';
import { count } from '../../ir/text.js';
import type { FileEntry, Job, JsonValue, Loss, Resources, Step, Workflow } from '../../ir/types.js';
import type { EmitFunction } from '../types.js';
import { torcCommand } from './command.js';
import { failureHandlers } from './failures.js';
import { noteLosses } from './losses.js';
import { torcNames, type TorcNames } from './names.js';
import { torcResources } from './resources.js';
import { torcSlurm } from './slurm.js';

export const TORC_FILE = 'workflow.yaml';
const STAGE = 'backend:torc';

/** Top-level fields the writer builds itself; others a Torc source kept are written back as they were. */
const BUILT = new Set(['name', 'description', 'jobs', 'files', 'datasets', 'resource_requirements', 'failure_handlers', 'slurm_schedulers', 'actions', 'parameters', 'variables', 'env', ...RUN_SETTINGS]);
/** Per-job fields a Torc source kept that are written back as they were. */
const KEPT_JOB_FIELDS = ['priority', 'cancel_on_blocking_job_failure', 'supports_termination', 'stdio', 'label', 'input_user_data', 'output_user_data'];

export const emitTorc: EmitFunction = (wf) => {
  const losses: Loss[] = [];
  const kept = keptOf(wf);
  const names = torcNames(wf, kept);
  const steps = new Map<string, Step>(wf.steps.map((s) => [s.id, s]));
  const resourcesOf = (job: Job): Resources => ({ ...steps.get(job.step)!.resources, ...job.resources });
  const resources = torcResources(wf, kept, losses);
  const slurm = torcSlurm(wf, kept, names.job, resourcesOf, losses);
  const failures = failureHandlers(wf, kept, names.job);
  const kinds = new Map(wf.files.map((f) => [f.id, f.kind]));
  const userDataPreds = userDataPredecessors(wf, kept, names);
  let wrapped = 0;

  const jobs = wf.jobs.map((job) => {
    const name = names.job.get(job.id)!;
    const keptJob = kept.jobs?.[name];
    const c = torcCommand(job, names.file, keptJob);
    if (c.wrapped) wrapped++;
    const entry: Record<string, JsonValue> = { name, command: c.command };
    if (c.invocationScript !== undefined) entry.invocation_script = c.invocationScript;
    const listed = (ids: string[], referenced: Set<string>, dirs: boolean) =>
      ids.filter((f) => (kinds.get(f) === 'dir') === dirs && !referenced.has(f)).map((f) => names.file.get(f)!);
    const lists: [string, string[]][] = [
      ['input_files', listed(job.inputs, c.referenced.input, false)],
      ['output_files', listed(job.outputs, c.referenced.output, false)],
      ['input_datasets', listed(job.inputs, new Set(), true)],
      ['output_datasets', listed(job.outputs, new Set(), true)],
    ];
    for (const [key, list] of lists) if (list.length > 0) entry[key] = list;
    const implied = userDataPreds.get(job.id);
    const after = job.after.filter((a) => !implied?.has(a)).map((a) => names.job.get(a)!);
    if (after.length > 0) entry.depends_on = after;
    const requirement = resources.classOf(job);
    if (requirement !== undefined) entry.resource_requirements = requirement;
    const scheduler = slurm.schedulerOf.get(job.id);
    if (scheduler !== undefined) entry.scheduler = scheduler;
    const handler = failures.handlerOf(job);
    if (handler !== undefined) entry.failure_handler = handler;
    const env = keptJob?.env ?? steps.get(job.step)!.environment.env;
    if (env && Object.keys(env).length > 0) entry.env = env;
    for (const key of KEPT_JOB_FIELDS) if (keptJob?.[key] !== undefined) entry[key] = keptJob[key]!;
    return entry;
  });

  const doc: Record<string, JsonValue> = { name: wf.name, jobs };
  if (wf.description !== undefined) doc.description = wf.description;
  const files = wf.files.filter((f) => f.kind !== 'dir').map((f) => fileEntry(f, names, kept));
  const datasets = wf.files.filter((f) => f.kind === 'dir').map((f) => fileEntry(f, names, kept));
  if (files.length > 0) doc.files = files;
  if (datasets.length > 0) doc.datasets = datasets;
  if (resources.entries.length > 0) doc.resource_requirements = resources.entries;
  if (failures.entries.length > 0) doc.failure_handlers = failures.entries;
  if (slurm.schedulers.length > 0) doc.slurm_schedulers = slurm.schedulers;
  if (slurm.actions.length > 0) doc.actions = slurm.actions;
  for (const [key, value] of Object.entries(kept.spec ?? {})) if (!BUILT.has(key)) doc[key] = value;
  for (const [key, value] of Object.entries(wf.deployment?.settings ?? {})) {
    if ((RUN_SETTINGS as readonly string[]).includes(key)) doc[key] = value;
    else losses.push({ stage: STAGE, construct: `project setting ${key}`, reason: 'a Torc spec has no such setting', severity: 'warning' });
  }
  if (wrapped > 0) losses.push({ stage: STAGE, construct: `commands of ${count(wrapped, 'job')}`, reason: "they contain Torc's `${files...}` / `${user_data...}` syntax, which Torc would replace: they run through `bash -c` with that text quoted", severity: 'info' });
  noteLosses(wf, losses);
  return { files: new Map([[TORC_FILE, { text: toStableYaml(doc) }]]), diagnostics: [], losses };
};

function fileEntry(f: FileEntry, names: TorcNames, kept: TorcKept): Record<string, JsonValue> {
  const entry: Record<string, JsonValue> = { ...kept.files?.[f.id], name: names.file.get(f.id)!, path: f.id };
  return entry;
}

/**
 * Edges Torc derives from user data a job reads and another writes (kept from a Torc source, or
 * referenced in commands): the IR has them as ordering edges, the spec says them through the user
 * data, so they need no `depends_on`.
 */
function userDataPredecessors(wf: Workflow, kept: TorcKept, names: TorcNames): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  if (!kept.jobs) return out;
  const producers = new Map<string, string[]>();
  const reads = new Map<string, string[]>();
  for (const job of wf.jobs) {
    const k = kept.jobs[names.job.get(job.id)!];
    const text = job.command && 'script' in job.command ? job.command.script : '';
    const refs = referencesIn(text).filter((r) => r.kind === 'user_data');
    const list = (v: JsonValue | undefined) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
    const ins = [...list(k?.input_user_data), ...refs.filter((r) => r.side === 'input').map((r) => r.name)];
    const outs = [...list(k?.output_user_data), ...refs.filter((r) => r.side === 'output').map((r) => r.name)];
    if (ins.length > 0) reads.set(job.id, ins);
    for (const u of outs) (producers.get(u) ?? producers.set(u, []).get(u)!).push(job.id);
  }
  for (const [job, ins] of reads) {
    const preds = new Set(ins.flatMap((u) => producers.get(u) ?? []).filter((p) => p !== job));
    if (preds.size > 0) out.set(job, preds);
  }
  return out;
}
