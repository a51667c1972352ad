// The Scalable backend: scalable.yaml (project, targets, components, tasks, overlays) and
// workflow.py, the Dask driver that runs the jobs with their commands and dependencies, which the
// manifest does not hold. Resource classes become components (the Dask resource tag of their jobs),
// steps become tasks. Jobs run on a shared filesystem from the directory the driver is started in.

import { count } from '../../ir/text.js';
import { DRIVER_FILE, MANIFEST_FILE } from '../../ir/formats/scalable.js';
import { toStableYaml } from '../../ir/serialize.js';
import type { Loss, Step, Workflow } from '../../ir/types.js';
import type { EmitFunction } from '../types.js';
import { planComponents, type ComponentPlan } from './components.js';
import { driverScript, driverTable } from './driver.js';
import { buildManifest, taskNames } from './manifest.js';

const STAGE = 'backend:scalable';

export const emitScalable: EmitFunction = (wf) => {
  const losses: Loss[] = [];
  const plan = planComponents(wf, losses);
  const tasks = taskNames(wf.steps);
  const manifest = buildManifest(wf, plan, tasks, losses);
  const files = new Map([
    [MANIFEST_FILE, { text: toStableYaml(manifest) }],
    [DRIVER_FILE, { text: driverScript(driverTable(wf, plan, tasks)), executable: true }],
  ]);
  noteLosses(wf, plan, losses);
  return { files, diagnostics: [], losses };
};

function noteLosses(wf: Workflow, plan: ComponentPlan, losses: Loss[]): void {
  const loss = (step: Step, construct: string, reason: string, severity: Loss['severity'] = 'warning') => {
    const l: Loss = { stage: STAGE, construct: `${construct} (step "${step.name}")`, reason, severity };
    if (step.span) l.span = step.span;
    losses.push(l);
  };
  for (const s of wf.steps) {
    if (s.environment.conda) loss(s, 'conda environment', 'a component holds a container image, not a conda environment; activate it in the command or use an image');
    if (s.environment.modules?.length) loss(s, 'environment modules', 'a component has no modules; load them in the command or use an image');
    if (s.environment.container) loss(s, `container ${s.environment.container.image}`, "Scalable starts the component's workers in it on Slurm, Kubernetes and clouds; a LocalCluster runs the command on the host", 'info');
    if (s.when !== undefined) loss(s, `condition "${s.when}"`, 'a task has no condition; the step always runs');
    if (s.placement) loss(s, `placement on ${s.placement.partition ?? s.placement.node ?? s.placement.provider}`, "a task runs wherever its component's workers are", 'info');
  }
  // Scalable starts workers for the components that tasks name; a job tagged with another waits for one.
  const named = new Set(plan.ofStep.values());
  const unnamed = new Map<string, number>();
  for (const j of wf.jobs) {
    const c = plan.ofJob.get(j.id)!;
    if (!named.has(c)) unnamed.set(c, (unnamed.get(c) ?? 0) + 1);
  }
  for (const [c, n] of unnamed) {
    losses.push({ stage: STAGE, construct: `component "${c}" of ${count(n, 'job')} with their own resources`, reason: 'no task names it, so Scalable plans no worker for it: start one, or those jobs wait', severity: 'warning' });
  }
  if ((wf.clusters ?? []).length > 0) {
    losses.push({ stage: STAGE, construct: `${count(wf.clusters!.length, 'cluster')} of jobs`, reason: 'Dask schedules every job as its own task', severity: 'info' });
  }
}
