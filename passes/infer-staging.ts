// infer-staging: what every file is to the workflow, and what the engine must do with it.
//
// Needs: concrete jobs. Keeps: every job and file; sets `role`, `stageIn`, `stageOut` and `cleanup`
// on files and the workflow's staging mode for the target. A raw input (no job writes it) is staged
// in and must be located (seen on disk or in a trace, declared, or named by absolute path or URL):
// otherwise it is an error here, with the file and the jobs that read it, instead of the engine's
// "cannot determine a location to transfer input file" at run time. A final output (no job with a
// command reads it, or a target such as Snakemake's `rule all` asks for it, or it is protected, or
// the source itself stages it out, as a Pegasus `stageOut: true`) is staged out. On a shared
// filesystem only temporary files are cleaned up; where the engine moves files, every intermediate
// is. Directories are files of kind `dir` and get the same treatment.

import { DiagnosticBag } from '../ir/diagnostics.js';
import { fileProducers } from '../ir/graph.js';
import { isRemote, locatedInput } from '../ir/inputs.js';
import type { FileEntry, Job, Workflow } from '../ir/types.js';
import type { Pass } from './pass.js';

/** Reports at most this many unlocated inputs; the rest are counted. */
const MAX_REPORTED = 20;

export const inferStagingPass: Pass = {
  name: 'infer-staging',
  description: 'files as raw inputs, intermediates or final outputs; stage-in, stage-out, cleanup; unlocated inputs',
  requires: ['concrete'],
  provides: ['staging'],
  keepsGraph: true,
  perTarget: true,
  run(wf, ctx) {
    const bag = new DiagnosticBag();
    const mode = ctx?.staging ?? wf.staging?.mode ?? 'shared';
    const producers = fileProducers(wf);
    // A job with no command and no outputs only names targets (Snakemake's `rule all`).
    const isTarget = (j: Job) => !j.command && j.outputs.length === 0;
    const readByWork = new Set<string>();
    const requested = new Set<string>();
    const readers = new Map<string, string[]>();
    for (const job of wf.jobs) {
      const target = isTarget(job);
      for (const f of job.inputs) {
        (target ? requested : readByWork).add(f);
        if (!producers.has(f)) {
          const list = readers.get(f);
          if (list) list.push(job.id);
          else readers.set(f, [job.id]);
        }
      }
    }
    const located = locatedInput(wf);
    const unlocated: string[] = [];
    const remote: string[] = [];
    const counts = { input: 0, intermediate: 0, output: 0, cleanup: 0 };
    const files = wf.files.map((f): FileEntry => {
      let role: NonNullable<FileEntry['role']>;
      if (!producers.has(f.id)) {
        role = 'input';
        if (readers.has(f.id) && !located(f)) unlocated.push(f.id);
        if (mode === 'shared' && isRemote(f.id)) remote.push(f.id);
      } else if (!readByWork.has(f.id) || requested.has(f.id) || f.protected || f.stageOut === true) role = 'output';
      else role = 'intermediate';
      const cleanup = role === 'intermediate' && !f.protected && (f.temporary === true || mode !== 'shared');
      counts[role]++;
      if (cleanup) counts.cleanup++;
      return staged(f, role, cleanup);
    });
    for (const id of unlocated.slice(0, MAX_REPORTED)) {
      const jobs = readers.get(id)!;
      bag.error('STG001', `"${id}" is read by ${jobs.length === 1 ? `job "${jobs[0]}"` : `${jobs.length} jobs ("${jobs[0]}", ...)`}, but no job writes it and nothing says where it is`);
    }
    if (unlocated.length > MAX_REPORTED) bag.error('STG001', `... and ${unlocated.length - MAX_REPORTED} more inputs like it`);
    for (const id of remote.slice(0, MAX_REPORTED)) bag.warning('STG002', `"${id}" is remote, and ${ctx?.target || 'the target'} runs jobs on a shared filesystem without stage-in`);
    const out: Workflow = { ...wf, files, staging: { mode } };
    return {
      workflow: out,
      diagnostics: bag.items,
      changes: [
        `${counts.input} raw inputs, ${counts.intermediate} intermediates (${counts.cleanup} cleaned up), ${counts.output} final outputs`,
        `transfer mode: ${mode}`,
      ],
    };
  },
};

function staged(f: FileEntry, role: NonNullable<FileEntry['role']>, cleanup: boolean): FileEntry {
  const stageIn = role === 'input';
  const stageOut = role === 'output';
  if (f.role === role && (f.stageIn ?? false) === stageIn && (f.stageOut ?? false) === stageOut && (f.cleanup ?? false) === cleanup) return f;
  const out: FileEntry = { ...f, role };
  delete out.stageIn;
  delete out.stageOut;
  delete out.cleanup;
  if (stageIn) out.stageIn = true;
  if (stageOut) out.stageOut = true;
  if (cleanup) out.cleanup = true;
  return out;
}
