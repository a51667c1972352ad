// The three catalogs, as the Pegasus 5 schemas define them: transformations (tc-5.0.yml), replicas
// (rc-5.0.yml) and sites (sc-5.0.yml). Paths use ${PWD}, which the planner expands: plan.sh runs it
// from the output directory, where bin/ holds the wrappers and inputs/ the workflow's raw inputs.

import { fileProducers } from '../../ir/graph.js';
import { uniqueNames } from '../../ir/ids.js';
import type { Container, Loss, Step, Workflow } from '../../ir/types.js';
import type { PegasusNames } from './names.js';
import { resourceProfile } from './profiles.js';

const STAGE = 'backend:pegasus';

export interface TransformationCatalog {
  pegasus: '5.0';
  transformations: {
    name: string;
    sites: { name: string; pfn: string; type: 'stageable'; container?: string }[];
    profiles?: Record<string, Record<string, string | number>>;
  }[];
  containers?: { name: string; type: 'docker' | 'singularity'; image: string }[];
}

export function buildTransformations(wf: Workflow, names: PegasusNames, losses: Loss[]): TransformationCatalog {
  const used = wf.steps.flatMap((s) => (s.environment.container ? [s.environment.container] : []));
  // Named after the image (`ubuntu:22.04` → ubuntu_22_04); one entry per image and runtime.
  const containerName = uniqueNames(used.map((c) => [containerKey(c), c.image.replace(/^.*\//, '')]), /[A-Za-z0-9_-]/, 'container');
  const containers = new Map<string, NonNullable<TransformationCatalog['containers']>[number]>();
  const transformations = wf.steps.map((step) => {
    const name = names.transformation.get(step.id)!;
    const site: TransformationCatalog['transformations'][number]['sites'][number] = {
      name: 'local',
      pfn: `\${PWD}/bin/${name}`,
      type: 'stageable',
    };
    const c = step.environment.container;
    if (c) {
      const key = containerKey(c);
      site.container = containerName.get(key)!;
      containers.set(key, { name: site.container, type: c.runtime === 'singularity' || c.runtime === 'apptainer' ? 'singularity' : 'docker', image: imageUrl(c.image) });
      if (c.runtime === 'podman') losses.push(loss(step, 'container runtime podman', 'Pegasus runs docker or singularity containers; the image is run with docker'));
    }
    const t: TransformationCatalog['transformations'][number] = { name, sites: [site] };
    const profiles: Record<string, Record<string, string | number>> = {};
    const pegasus = resourceProfile(step.resources);
    if (Object.keys(pegasus).length > 0) profiles.pegasus = pegasus;
    if (step.environment.env && Object.keys(step.environment.env).length > 0) profiles.env = { ...step.environment.env };
    if (step.retries !== undefined) profiles.dagman = { retry: step.retries };
    if (Object.keys(profiles).length > 0) t.profiles = profiles;
    noteLosses(step, losses);
    return t;
  });
  const tc: TransformationCatalog = { pegasus: '5.0', transformations };
  if (containers.size > 0) tc.containers = [...containers.values()];
  return tc;
}

function containerKey(c: Container): string {
  return `${c.runtime ?? 'docker'} ${c.image}`;
}

/** Pegasus wants a URL: `docker:///image:tag` for an image from a registry. */
function imageUrl(image: string): string {
  return /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(image) || image.startsWith('/') ? image : `docker:///${image}`;
}

function loss(step: Step, construct: string, reason: string): Loss {
  const l: Loss = { stage: STAGE, construct: `${construct} (step "${step.name}")`, reason, severity: 'warning' };
  if (step.span) l.span = step.span;
  return l;
}

/** What a step asks for that a Pegasus transformation cannot say. */
function noteLosses(step: Step, losses: Loss[]): void {
  if (step.environment.conda) losses.push(loss(step, 'conda environment', 'Pegasus has no conda support; build a container from the environment file'));
  if (step.environment.modules?.length) losses.push(loss(step, 'environment modules', 'Pegasus has no module support; load them in the wrapper or a container'));
  if (step.when !== undefined) losses.push(loss(step, `condition "${step.when}"`, 'a Pegasus workflow has no conditional jobs; the step always runs'));
  if (step.resources.gpuType) losses.push(loss(step, `GPU type ${step.resources.gpuType}`, 'Pegasus asks for a number of GPUs only'));
  if (step.resources.retryScaling) losses.push(loss(step, 'resources growing on retry', 'Pegasus retries with the same resources'));
}

export interface ReplicaCatalog {
  pegasus: '5.0';
  replicas: { lfn: string; pfns: { site: string; pfn: string }[] }[];
}

/** Every file some job reads and no job writes: where the planner finds it. */
export function buildReplicas(wf: Workflow, names: PegasusNames): ReplicaCatalog {
  const producers = fileProducers(wf);
  const raw = new Set<string>();
  for (const job of wf.jobs) for (const f of job.inputs) if (!producers.has(f)) raw.add(f);
  const replicas = [...raw]
    .map((f) => {
      const lfn = names.lfn.get(f)!;
      const remote = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(f);
      return { lfn, pfns: [{ site: 'local', pfn: remote ? f : `\${PWD}/inputs/${lfn}` }] };
    })
    .sort((a, b) => (a.lfn < b.lfn ? -1 : a.lfn > b.lfn ? 1 : 0));
  return { pegasus: '5.0', replicas };
}
