// lint: the review checklist, as compile-time checks with stable codes.
//
// Needs: nothing. Keeps: everything (it only reports). Checks ids and references, cycles, jobs that
// read what they write, files with several producers, and steps that have nothing to run.

import { DiagnosticBag } from '../ir/diagnostics.js';
import { describeCycle, fileProducers, jobOrder, stepEdges, topoOrder } from '../ir/graph.js';
import type { Span } from '../ir/types.js';
import { checkReferences } from '../ir/workflow.js';
import type { Pass } from './pass.js';

/** Reports at most this many findings of one kind; a broken trace should not print a million lines. */
const MAX_PER_CHECK = 20;

export const lintPass: Pass = {
  name: 'lint',
  description: 'ids, references, cycles, read-write conflicts, producers, commands',
  requires: [],
  provides: ['checked'],
  run(wf) {
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

    const limited = (code: 'LINT003' | 'LINT004', findings: { message: string; span?: Span }[]) => {
      for (const f of findings.slice(0, MAX_PER_CHECK)) bag.error(code, f.message, f.span);
      if (findings.length > MAX_PER_CHECK) bag.error(code, `... and ${findings.length - MAX_PER_CHECK} more like it`);
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
    }
    return { workflow: wf, diagnostics: bag.items };
  },
};
