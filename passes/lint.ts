// lint: the review checklist, as compile-time checks with stable codes.
//
// Needs: nothing. Keeps: everything (it only reports). Checks ids and references, cycles, jobs that
// read what they write, files with several producers, steps that have nothing to run (or no
// container, for targets that need one), inputs nothing writes or declares, and commands that name
// files their job does not use.

import { DiagnosticBag } from '../ir/diagnostics.js';
import { describeCycle, fileProducers, jobOrder, stepEdges, topoOrder } from '../ir/graph.js';
import type { Span } from '../ir/types.js';
import { locatedInput } from '../ir/inputs.js';
import { checkReferences } from '../ir/workflow.js';
import type { Pass } from './pass.js';

/** Reports at most this many findings of one kind; a broken trace should not print a million lines. */
const MAX_PER_CHECK = 20;

export const lintPass: Pass = {
  name: 'lint',
  description: 'ids, references, cycles, read-write conflicts, producers, commands, environments, undeclared inputs',
  requires: [],
  provides: ['checked'],
  perTarget: true,
  run(wf, ctx) {
    const bag = new DiagnosticBag();
    const stepSpan = new Map(wf.steps.map((s) => [s.id, s.span]));
    // Only findings need a job's step: look it up then rather than index every job.
    const spanOfJob = (id: string): Span | undefined => stepSpan.get(wf.jobs.find((j) => j.id === id)?.step ?? '');
    checkReferences(wf, bag, () => undefined, { duplicate: 'LINT001', missing: 'LINT006' });
    if (bag.hasErrors) return { workflow: wf, diagnostics: bag.items };

    const steps = topoOrder(wf.steps.map((s) => s.id), stepEdges(wf));
    if ('cycle' in steps) {
      const names = new Map(wf.steps.map((s) => [s.id, s.name]));
      bag.error('LINT002', `the steps form a cycle: ${describeCycle(steps.cycle, (id) => names.get(id) ?? id)}`, stepSpan.get(steps.cycle[0]!));
    } else if (wf.jobs.length > 0) {
      const jobs = jobOrder(wf);
      if ('cycle' in jobs) bag.error('LINT002', `the jobs form a cycle: ${describeCycle(jobs.cycle)}`, spanOfJob(jobs.cycle[0]!));
    }

    const limited = (code: 'LINT003' | 'LINT004' | 'LINT005' | 'LINT009' | 'LINT010', findings: { message: string; span?: Span }[], severity: 'error' | 'warning' = 'error') => {
      const report = (message: string, span?: Span) => (severity === 'error' ? bag.error(code, message, span) : bag.warning(code, message, span));
      for (const f of findings.slice(0, MAX_PER_CHECK)) report(f.message, f.span);
      if (findings.length > MAX_PER_CHECK) report(`... and ${findings.length - MAX_PER_CHECK} more like it`);
    };
    const inPlace: { message: string; span?: Span }[] = [];
    for (const j of wf.jobs) {
      if (j.inputs.length === 0 || j.outputs.length === 0) continue;
      const outs = j.outputs.length > 8 ? new Set(j.outputs) : { has: (f: string) => j.outputs.includes(f) };
      for (const f of j.inputs) if (outs.has(f)) inPlace.push({ message: `job "${j.id}" reads and writes "${f}"`, span: stepSpan.get(j.step) });
    }
    limited('LINT003', inPlace);
    const shared = [...fileProducers(wf)]
      .filter(([, ps]) => ps.length > 1)
      .map(([f, ps]) => ({ message: `file "${f}" is written by ${ps.length} jobs: ${ps.slice(0, 5).join(', ')}${ps.length > 5 ? ', ...' : ''}`, span: spanOfJob(ps[0]!) }));
    limited('LINT004', shared);

    // A step that writes nothing and runs nothing only gathers (Snakemake's `rule all`): that is fine.
    const jobsWithCommand = new Set(wf.jobs.filter((j) => j.command).map((j) => j.step));
    const producing = new Set(wf.jobs.filter((j) => j.outputs.length > 0).map((j) => j.step));
    for (const s of wf.steps) {
      const writes = s.outputs.length > 0 || producing.has(s.id);
      if (!s.command && !jobsWithCommand.has(s.id) && writes) bag.warning('LINT007', `step "${s.name}" has no command`, s.span);
      if (ctx?.needsContainers && writes && !s.environment.container) bag.warning('LINT008', `step "${s.name}" has no container, and ${ctx.target} runs every step in one`, s.span);
    }

    // Inputs no job writes must come from somewhere (infer-staging makes this an error for targets that stage).
    const producers = fileProducers(wf);
    const located = locatedInput(wf);
    const unlocated = wf.files.filter((f) => !producers.has(f.id) && !located(f));
    if (unlocated.length > 0) {
      const read = new Set<string>();
      for (const j of wf.jobs) for (const f of j.inputs) read.add(f);
      limited(
        'LINT005',
        unlocated.filter((f) => read.has(f.id)).map((f) => ({ message: `"${f.id}" is read, but no job writes it and nothing declares it` })),
        'warning',
      );
    }

    // An argument that names a file of the workflow the job does not use: the engine will neither stage it nor wait for it.
    const known = new Set(wf.files.map((f) => f.id));
    const stray: { message: string; span?: Span }[] = [];
    for (const j of wf.jobs) {
      if (!j.command || !('argv' in j.command)) continue;
      const argv = j.command.argv;
      const uses = argv.length > 8 ? new Set([...j.inputs, ...j.outputs]) : { has: (f: string) => j.inputs.includes(f) || j.outputs.includes(f) };
      for (const arg of argv.slice(1)) {
        if (known.has(arg) && !uses.has(arg)) stray.push({ message: `job "${j.id}" names "${arg}" in its command, but neither reads nor writes it`, span: stepSpan.get(j.step) });
      }
    }
    limited('LINT009', stray, 'warning');

    // Jobs write inside the working area: a pod sees only its volume, and cleanup must never reach
    // the user's own files. Absolute outputs are records of a run (traces) more often than
    // intentions, so they are errors only where nothing outside the volume exists.
    const escaping: { message: string; span?: Span }[] = [];
    const absolute: { message: string; span?: Span }[] = [];
    const seen = new Set<string>();
    for (const j of wf.jobs) {
      for (const f of j.outputs) {
        if (seen.has(f)) continue;
        seen.add(f);
        const where = outsideWorkingArea(f);
        if (where === 'escapes') escaping.push({ message: `job "${j.id}" writes "${f}", which lies outside the working area`, span: stepSpan.get(j.step) });
        else if (where === 'absolute') absolute.push({ message: `job "${j.id}" writes to the absolute path "${f}"`, span: stepSpan.get(j.step) });
      }
    }
    limited('LINT010', escaping);
    limited('LINT010', absolute, ctx?.staging === 'pvc' ? 'error' : 'warning');
    return { workflow: wf, diagnostics: bag.items };
  },
};

/** Whether a relative path climbs out of the directory it is relative to (`a/../../x`), or is absolute. */
export function outsideWorkingArea(path: string): 'escapes' | 'absolute' | undefined {
  if (path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path)) return 'absolute';
  let depth = 0;
  for (const part of path.split(/[\\/]/)) {
    if (part === '..') depth--;
    else if (part !== '.' && part !== '') depth++;
    if (depth < 0) return 'escapes';
  }
  return undefined;
}
