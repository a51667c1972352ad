// The Slurm backend: submit.sh, which submits the workflow as job arrays chained with
// `--dependency=afterok`, and per array a batch script in steps/ with its task list. Jobs run on a
// shared filesystem from the directory submit.sh is started in. See units.ts for how jobs become
// arrays, and the templates for what runs where.

import { fileProducers } from '../../ir/graph.js';
import { shqLine } from '../../ir/shell.js';
import type { Job, Loss, Step, Workflow } from '../../ir/types.js';
import { render } from '../common/render.js';
import type { EmitFunction, VirtualTree } from '../types.js';
import { sbatchLines } from './sbatch.js';
import { TEMPLATES } from './templates.gen.js';
import { planUnits, type SlurmUnit } from './units.js';

const STAGE = 'backend:slurm';
/** Slurm's default MaxArraySize is 1001: indices 0 to 1000. */
const DEFAULT_MAX_ARRAY = 1000;

export const emitSlurm: EmitFunction = (wf, options = {}) => {
  const losses: Loss[] = [];
  const runnable = runnableOf(wf);
  const units = planUnits(runnable, options.slurm?.maxArraySize ?? DEFAULT_MAX_ARRAY);
  const files: VirtualTree = new Map();
  const workflow = wf.name;

  const table = submitTasks(runnable, units);
  files.set('submit.tasks', { text: table.text });
  for (const unit of units) {
    files.set(`steps/${unit.name}.tasks`, { text: unit.tasks.map((t) => t.jobs.map((j) => jobWords(j, unit)).join(' ')).join('\n') + '\n' });
    files.set(`steps/${unit.name}.sh`, { text: stepScript(unit, workflow, losses), executable: true });
  }
  const cleanup = wf.files.filter((f) => f.cleanup);
  if (cleanup.length > 0) {
    files.set('cleanup.files', { text: cleanup.map((f) => `${shqLine(f.id)}\n`).join('') });
    files.set('steps/cleanup.sh', { text: render(TEMPLATES['cleanup.sh'], { workflow, name: 'cleanup' }), executable: true });
  }
  const throttle = options.slurm?.arrayThrottle;
  files.set('submit.sh', {
    text: render(TEMPLATES['submit.sh'], {
      workflow,
      units: units.map((u) => u.name),
      aligned: table.aligned.map(([u, v]) => `${u}:${v}`).join(' '),
      throttle: throttle ? `%${throttle}` : '',
      cleanup: cleanup.length > 0,
    }),
    executable: true,
  });
  noteLosses(wf, losses);
  return { files, diagnostics: [], losses };
};

/**
 * The jobs worth a Slurm job: a job that runs nothing and writes nothing only names targets
 * (Snakemake's `rule all`), unless another job waits for it by name.
 */
function runnableOf(wf: Workflow): Workflow {
  const waitedFor = new Set(wf.jobs.flatMap((j) => j.after));
  const jobs = wf.jobs.filter((j) => j.command || j.outputs.length > 0 || waitedFor.has(j.id));
  if (jobs.length === wf.jobs.length) return wf;
  const kept = new Set(jobs.map((j) => j.id));
  const clusters = wf.clusters?.map((c) => ({ ...c, jobs: c.jobs.filter((j) => kept.has(j)) })).filter((c) => c.jobs.length > 0);
  const out: Workflow = { ...wf, jobs };
  if (clusters) out.clusters = clusters;
  return out;
}

/**
 * What submit.sh reads to decide what to submit: one line per array task, units in order. Unit
 * number, array index, a label for messages, the tasks it waits for (count, then global task
 * numbers), and the outputs whose absence means it must run (temporary files excepted: they are
 * gone after a successful run by design). Also the pairs of units (u, v) whose tasks line up: task
 * i of u waits for nothing of v but task i, so u can wait task by task (`aftercorr`) and a failed
 * task holds back only its own successors.
 */
function submitTasks(wf: Workflow, units: SlurmUnit[]): { text: string; aligned: [number, number][] } {
  const where = new Map<string, { unit: number; index: number; global: number }>();
  let n = 0;
  units.forEach((u, ui) => u.tasks.forEach((t, i) => {
    for (const j of t.jobs) where.set(j.id, { unit: ui, index: i, global: n });
    n++;
  }));
  const producers = fileProducers(wf);
  const temporary = new Set(wf.files.filter((f) => f.cleanup).map((f) => f.id));
  const lines: string[] = [];
  /** unit → upstream unit → still aligned? */
  const alignment = new Map<number, Map<number, boolean>>();
  n = 0;
  units.forEach((u, ui) => {
    const align = new Map<number, boolean>();
    alignment.set(ui, align);
    u.tasks.forEach((t, i) => {
      const ups = new Map<number, { unit: number; index: number }>();
      const outs = new Set<string>();
      const add = (jobId: string) => {
        const w = where.get(jobId);
        if (w && w.global !== n) ups.set(w.global, w);
      };
      for (const j of t.jobs) {
        for (const f of j.inputs) for (const p of producers.get(f) ?? []) add(p);
        for (const a of j.after) add(a);
        for (const f of j.outputs) if (!temporary.has(f)) outs.add(f);
      }
      for (const w of ups.values()) align.set(w.unit, (align.get(w.unit) ?? true) && w.index === i);
      const label = t.jobs.length === 1 ? `job ${t.jobs[0]!.id}` : `jobs ${t.jobs[0]!.id} and ${t.jobs.length - 1} more`;
      const upList = [...ups.keys()].sort((a, b) => a - b);
      lines.push([ui, i, shqLine(label), upList.length, ...upList, ...[...outs].map(shqLine)].join(' '));
      n++;
    });
  });
  const aligned: [number, number][] = [];
  for (const [u, ups] of alignment) for (const [v, ok] of ups) if (ok) aligned.push([u, v]);
  return { text: lines.length > 0 ? `${lines.join('\n')}\n` : '', aligned: aligned.sort((a, b) => a[0] - b[0] || a[1] - b[1]) };
}

/** One job in a task list: id, retries, inputs, outputs, command; every word quoted. */
function jobWords(job: Job, unit: SlurmUnit): string {
  const step = unit.steps.find((s) => s.id === job.step)!;
  const words = [shqLine(job.id), String(step.retries ?? 0), String(job.inputs.length), ...job.inputs.map(shqLine), String(job.outputs.length), ...job.outputs.map(shqLine)];
  if (!job.command) words.push('none');
  else if ('argv' in job.command) words.push('argv', String(job.command.argv.length), ...job.command.argv.map(shqLine));
  else words.push('script', shqLine(job.command.script));
  return words.join(' ');
}

function stepScript(unit: SlurmUnit, workflow: string, losses: Loss[]): string {
  const exports = new Map<string, string>();
  const modules: string[] = [];
  const images = new Set<string>();
  for (const s of unit.steps) {
    for (const [name, value] of Object.entries(s.environment.env ?? {})) if (!exports.has(name)) exports.set(name, value);
    for (const m of s.environment.modules ?? []) if (!modules.includes(m)) modules.push(m);
    if (s.environment.container) images.add(imageUrl(s.environment.container.image));
  }
  if (images.size > 1) losses.push({ stage: STAGE, construct: `containers of group ${unit.name}`, reason: 'a group runs in one container; the first is used', severity: 'warning' });
  const [container] = images;
  const description = unit.kind === 'group' ? `Group ${unit.name} (steps ${unit.steps.map((s) => s.name).join(', ')})` : `Step "${unit.steps[0]!.name}"`;
  return render(TEMPLATES['step.sh'], {
    sbatch: sbatchLines(unit),
    description,
    workflow,
    exports: [...exports].map(([name, value]) => ({ name, value })),
    modules,
    container: container ?? '',
  });
}

/** Apptainer and Singularity take `docker://image` for registry images, paths for local ones. */
function imageUrl(image: string): string {
  return image.startsWith('/') || /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(image) ? image : `docker://${image}`;
}

function noteLosses(wf: Workflow, losses: Loss[]): void {
  const loss = (step: Step, construct: string, reason: string) => {
    const l: Loss = { stage: STAGE, construct: `${construct} (step "${step.name}")`, reason, severity: 'warning' };
    if (step.span) l.span = step.span;
    losses.push(l);
  };
  for (const s of wf.steps) {
    if (s.environment.conda) loss(s, 'conda environment', 'Slurm runs the command as it is; activate the environment in the command or use a container');
    if (s.environment.container) loss(s, `container ${s.environment.container.image}`, 'runs through apptainer or singularity where the node has one, and directly on the node where not');
    if (s.when !== undefined) loss(s, `condition "${s.when}"`, 'Slurm has no conditional jobs; the step always runs');
    if (s.resources.retryScaling) loss(s, 'resources growing on retry', 'a retry runs within the same Slurm job, with the same resources');
  }
}
