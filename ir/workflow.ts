// Making, ordering and checking whole workflows.

import type { DiagnosticBag } from './diagnostics.js';
import { compareIds, jobOrder, shareGraphFacts, stepEdges, topoOrder, type TopoResult } from './graph.js';
import { IR_VERSION, type Span, type Workflow } from './types.js';

export function createWorkflow(name: string, format: string, files: string[]): Workflow {
  return {
    wfc: IR_VERSION,
    name,
    params: {},
    domains: [],
    steps: [],
    inputs: [],
    outputs: [],
    jobs: [],
    files: [],
    targets: [],
    source: { format, files },
    losses: [],
  };
}

/**
 * Puts every list of the workflow in its canonical order: steps and jobs topologically (layer by
 * layer, by id within a layer), everything else by id. Output built from a canonical workflow does
 * not depend on the order the source listed things in. Graphs with cycles keep id order; lint
 * reports the cycle.
 */
export function canonicalize(wf: Workflow): Workflow {
  const inOrder = <T extends { id: string }>(xs: T[], topo: TopoResult) => {
    if (!('order' in topo)) return byId(xs);
    const byKey = new Map(xs.map((x) => [x.id, x]));
    if (byKey.size === xs.length) return topo.order.map((id) => byKey.get(id)!);
    // Duplicate ids (which lint reports): keep them all, each at its id's place.
    const rank = new Map(topo.order.map((id, i) => [id, i]));
    return [...xs].sort((a, b) => rank.get(a.id)! - rank.get(b.id)!);
  };
  const steps = inOrder(wf.steps, topoOrder(wf.steps.map((s) => s.id), stepEdges(wf)));
  const jobs = inOrder(wf.jobs, jobOrder(wf));
  const out: Workflow = {
    ...wf,
    domains: byId(wf.domains),
    steps,
    inputs: byId(wf.inputs),
    outputs: [...wf.outputs].sort((a, b) => compareIds(a.step, b.step) || compareIds(a.port, b.port)),
    jobs,
    files: byId(wf.files),
    targets: [...new Set(wf.targets)].sort(compareIds),
    losses: [...wf.losses].sort(
      (a, b) =>
        compareIds(a.stage, b.stage) ||
        compareIds(a.span?.file ?? '', b.span?.file ?? '') ||
        (a.span?.line ?? 0) - (b.span?.line ?? 0) ||
        compareIds(a.construct, b.construct) ||
        compareIds(a.reason, b.reason),
    ),
  };
  if (wf.resourceClasses) out.resourceClasses = byId(wf.resourceClasses);
  if (wf.clusters) out.clusters = byId(wf.clusters);
  shareGraphFacts(wf, out);
  return out;
}

/** Sorted by id; a list already in order (the common case) is only checked. */
function byId<T extends { id: string }>(xs: readonly T[]): T[] {
  let sorted = true;
  for (let i = 1; i < xs.length && sorted; i++) if (xs[i - 1]!.id > xs[i]!.id) sorted = false;
  return sorted ? [...xs] : [...xs].sort((a, b) => compareIds(a.id, b.id));
}

export type JsonPath = (string | number)[];

/**
 * Checks that every id is unique and every reference resolves. `locate` turns a path into the
 * workflow document into a source position, when there is a source.
 */
export function checkReferences(
  wf: Workflow,
  bag: DiagnosticBag,
  locate: (path: JsonPath) => Span | undefined,
  codes: { duplicate: 'IR003' | 'LINT001'; missing: 'IR002' | 'LINT006' },
): void {
  const unique = (kind: string, list: { id: string }[], key: string) => {
    const seen = new Set<string>();
    list.forEach((x, i) => {
      if (seen.has(x.id)) bag.error(codes.duplicate, `duplicate ${kind} id "${x.id}"`, locate([key, i, 'id']));
      seen.add(x.id);
    });
    return seen;
  };
  const domains = unique('domain', wf.domains, 'domains');
  const steps = unique('step', wf.steps, 'steps');
  const inputs = unique('input', wf.inputs, 'inputs');
  const jobs = unique('job', wf.jobs, 'jobs');
  const files = unique('file', wf.files, 'files');
  const missing = (what: string, path: JsonPath) => bag.error(codes.missing, `${what} does not exist`, locate(path));
  const outPorts = new Map(wf.steps.map((s) => [s.id, new Set(s.outputs.map((p) => p.name))]));

  wf.steps.forEach((step, si) => {
    step.fanout.forEach((d, i) => {
      if (!domains.has(d)) missing(`domain "${d}" of step "${step.id}"`, ['steps', si, 'fanout', i]);
    });
    step.inputs.forEach((port, pi) => {
      (port.from ?? []).forEach((src, k) => {
        const path = ['steps', si, 'inputs', pi, 'from', k];
        if ('input' in src) {
          if (!inputs.has(src.input)) missing(`workflow input "${src.input}"`, path);
        } else if (!steps.has(src.step)) missing(`step "${src.step}"`, path);
        else if (!outPorts.get(src.step)!.has(src.port)) missing(`output "${src.port}" of step "${src.step}"`, path);
      });
    });
  });
  wf.outputs.forEach((ref, i) => {
    if (!outPorts.get(ref.step)?.has(ref.port)) missing(`output "${ref.port}" of step "${ref.step}"`, ['outputs', i]);
  });
  const classes = unique('resource class', wf.resourceClasses ?? [], 'resourceClasses');
  wf.steps.forEach((step, si) => {
    if (step.resourceClass !== undefined && !classes.has(step.resourceClass)) missing(`resource class "${step.resourceClass}" of step "${step.id}"`, ['steps', si, 'resourceClass']);
  });
  unique('cluster', wf.clusters ?? [], 'clusters');
  const clustered = new Map<string, string>();
  (wf.clusters ?? []).forEach((cluster, ci) => {
    cluster.jobs.forEach((j, k) => {
      if (!jobs.has(j)) missing(`job "${j}" of cluster "${cluster.id}"`, ['clusters', ci, 'jobs', k]);
      const other = clustered.get(j);
      if (other !== undefined) bag.error(codes.duplicate, `job "${j}" is in two clusters, "${other}" and "${cluster.id}"`, locate(['clusters', ci, 'jobs', k]));
      clustered.set(j, cluster.id);
    });
  });
  wf.jobs.forEach((job, ji) => {
    if (job.resourceClass !== undefined && !classes.has(job.resourceClass)) missing(`resource class "${job.resourceClass}" of job "${job.id}"`, ['jobs', ji, 'resourceClass']);
    if (!steps.has(job.step)) missing(`step "${job.step}" of job "${job.id}"`, ['jobs', ji, 'step']);
    for (const side of ['inputs', 'outputs'] as const) {
      job[side].forEach((f, i) => {
        if (!files.has(f)) missing(`file "${f}" of job "${job.id}"`, ['jobs', ji, side, i]);
      });
    }
    job.after.forEach((a, i) => {
      if (!jobs.has(a)) missing(`job "${a}" that "${job.id}" waits for`, ['jobs', ji, 'after', i]);
    });
  });
}
