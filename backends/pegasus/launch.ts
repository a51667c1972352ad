// How each step's jobs start. A step whose jobs all run one program gets a wrapper that execs it
// with the job's arguments (the usual Pegasus shape). Otherwise the wrapper dispatches on the job id
// to that job's own command: scripts rendered per job (Snakemake, traces of Nextflow) land here.

import { shJoin, shq } from '../../ir/shell.js';
import type { Job, Step } from '../../ir/types.js';

export type Launch = { kind: 'program'; program: string } | { kind: 'dispatch' };

/** A job without a command does nothing (a Snakemake target rule, say): it runs `true`. */
export function argvOf(job: Job, _step: Step): string[] | undefined {
  if (!job.command) return ['true'];
  return 'argv' in job.command ? job.command.argv : undefined;
}

export function launchOf(step: Step, jobs: readonly Job[]): Launch {
  const programs = new Set<string>();
  for (const job of jobs) {
    const argv = argvOf(job, step);
    if (!argv) return { kind: 'dispatch' };
    programs.add(argv[0]!);
  }
  const [program] = programs;
  return programs.size === 1 ? { kind: 'program', program: program! } : { kind: 'dispatch' };
}

/** The job's command as one line of shell, for a dispatching wrapper. */
export function shellLine(job: Job, step: Step): string {
  const argv = argvOf(job, step);
  if (argv) return shJoin(argv);
  return `bash -c ${shq((job.command as { script: string }).script)}`;
}

/**
 * The `case` branches of a dispatching wrapper, one per job. Written here rather than as a loop in
 * the template: a step can have tens of thousands of jobs, and a template loop costs ten times more.
 */
export function dispatchCases(jobs: readonly { id: string; command: string }[]): string {
  let out = '';
  for (const job of jobs) out += `  ${shq(job.id)})\n    exec ${job.command}\n    ;;\n`;
  return out.slice(0, -1);
}
