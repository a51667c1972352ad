// What a Torc spec cannot hold. Torc runs each job's command as it is on the node a worker runs on,
// reads files where they are, and keeps no record of how a job ran elsewhere.

import { count } from '../../ir/text.js';
import type { Loss, Step, Workflow } from '../../ir/types.js';

const STAGE = 'backend:torc';

export function noteLosses(wf: Workflow, losses: Loss[]): void {
  const loss = (step: Step, construct: string, reason: string) => {
    const l: Loss = { stage: STAGE, construct: `${construct} (step "${step.name}")`, reason, severity: 'warning' };
    if (step.span) l.span = step.span;
    losses.push(l);
  };
  for (const s of wf.steps) {
    const e = s.environment;
    if (e.container) loss(s, `container ${e.container.image}`, 'Torc runs the command directly on the node; run the container in the command (apptainer exec ...)');
    if (e.mounts && Object.keys(e.mounts).length > 0) loss(s, 'container mounts', 'Torc runs no container to mount them into');
    if (e.conda) loss(s, 'conda environment', 'Torc runs the command as it is; activate the environment in the command or in an invocation script');
    if (e.modules && e.modules.length > 0) loss(s, `modules ${e.modules.join(', ')}`, 'Torc loads no modules; load them in the command or in an invocation script');
    if (s.when !== undefined) loss(s, `condition "${s.when}"`, 'Torc has no conditional jobs; the job always runs');
  }
  const clustered = (wf.clusters ?? []).length;
  if (clustered > 0) losses.push({ stage: STAGE, construct: `${count(clustered, 'cluster')} of jobs`, reason: 'Torc runs every job on its own; its workers take many short jobs per allocation anyway', severity: 'info' });
  const values = wf.files.filter((f) => f.kind === 'value').length;
  if (values > 0) losses.push({ stage: STAGE, construct: `${count(values, 'value')} passed between jobs`, reason: 'written as files; Torc user data would hold them, but the jobs would have to read them from the Torc server', severity: 'info' });
  const cleanup = wf.files.filter((f) => f.cleanup || f.temporary).length;
  if (cleanup > 0) losses.push({ stage: STAGE, construct: `cleanup of ${count(cleanup, 'intermediate file')}`, reason: 'Torc deletes no files; add an on_workflow_complete run_commands action to remove them', severity: 'info' });
  const observed = wf.jobs.filter((j) => j.observed).length;
  if (observed > 0) losses.push({ stage: STAGE, construct: `what ${count(observed, 'job')} did when they ran`, reason: 'a spec says what to run; Torc records runs in its own database', severity: 'info' });
}
