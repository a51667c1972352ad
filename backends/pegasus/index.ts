// The Pegasus backend: workflow.yml, the three catalogs, pegasus.properties, a wrapper per
// transformation in bin/, and plan.sh to plan and submit. Needs concrete jobs.

import { DiagnosticBag } from '../../ir/diagnostics.js';
import { jobEdges } from '../../ir/graph.js';
import { toStableYaml } from '../../ir/serialize.js';
import type { Job, Loss, Workflow } from '../../ir/types.js';
import { render } from '../common/render.js';
import { TEMPLATES } from './templates.gen.js';
import type { EmitFunction, VirtualTree } from '../types.js';
import { buildReplicas, buildTransformations } from './catalogs.js';
import { buildSites } from './sites.js';
import { checkPlannable } from './check.js';
import { dispatchCases, launchOf, shellLine, type Launch } from './launch.js';
import { pegasusNames } from './names.js';
import { buildWorkflow } from './workflow.js';

/** Pegasus's names for how files move: a shared filesystem is `sharedfs`; a PVC is shared too. */
const DATA_CONFIGURATION: Record<NonNullable<Workflow['staging']>['mode'], string> = {
  shared: 'sharedfs',
  pvc: 'sharedfs',
  condorio: 'condorio',
  nonsharedfs: 'nonsharedfs',
};

export const emitPegasus: EmitFunction = (wf) => {
  const bag = new DiagnosticBag();
  const losses: Loss[] = [];
  const names = pegasusNames(wf);
  const jobsOf = new Map<string, Job[]>(wf.steps.map((s) => [s.id, []]));
  for (const job of wf.jobs) jobsOf.get(job.step)!.push(job);
  const launches = new Map<string, Launch>(wf.steps.map((s) => [s.id, launchOf(s, jobsOf.get(s.id)!)]));

  const workflow = buildWorkflow(wf, names, launches, jobEdges(wf));
  const tc = buildTransformations(wf, names, losses);
  const rc = buildReplicas(wf, names);
  checkPlannable(workflow, tc, rc, bag);

  const files: VirtualTree = new Map();
  files.set('workflow.yml', { text: toStableYaml(workflow) });
  files.set('transformations.yml', { text: toStableYaml(tc) });
  files.set('replicas.yml', { text: toStableYaml(rc) });
  const sites = buildSites(wf, losses);
  files.set('sites.yml', { text: toStableYaml(sites.catalog) });
  const mode = wf.staging?.mode ?? 'condorio';
  const context = { workflow: names.workflow, dataConfiguration: DATA_CONFIGURATION[mode], clustered: (wf.clusters ?? []).length > 0, site: sites.execution };
  for (const f of wf.files) {
    if (f.kind === 'dir' && (f.stageIn || f.stageOut)) {
      losses.push({ stage: 'backend:pegasus', construct: `directory ${f.id}`, reason: 'Pegasus transfers files, not directories: the directory is staged as one file; archive it (tar) in the job that makes it', severity: 'warning' });
    }
  }
  files.set('pegasus.properties', { text: render(TEMPLATES['pegasus.properties'], context) });
  files.set('plan.sh', { text: render(TEMPLATES['plan.sh'], context), executable: true });
  for (const step of wf.steps) {
    const transformation = names.transformation.get(step.id)!;
    const launch = launches.get(step.id)!;
    const text =
      launch.kind === 'program'
        ? render(TEMPLATES['wrapper.sh'], { ...context, transformation, program: launch.program })
        : render(TEMPLATES['dispatch.sh'], {
            ...context,
            transformation,
            cases: dispatchCases(jobsOf.get(step.id)!.map((j) => ({ id: names.job.get(j.id)!, command: shellLine(j, step) }))),
          });
    files.set(`bin/${transformation}`, { text, executable: true });
  }
  return { files, diagnostics: bag.items, losses };
};
