// What the Argo manifests do not carry, for the loss ledger.

import type { Loss, Step } from '../../ir/types.js';
import { MAX_INPUT_BYTES, MAX_INPUTS_BYTES, type RawInputs, type StagePlan } from './inputs.js';
import type { Task } from './plan.js';
import { DEFAULT_IMAGE, type PodPlan } from './pods.js';
import { isLabelValue } from './resources.js';
import type { LoopParameter } from './workflow.js';

export interface Emitted {
  tasks: readonly Task[];
  pods: PodPlan;
  parameters: Map<string, LoopParameter>;
  /** Whether the volume's size comes from the files' sizes. */
  volumeSized: boolean;
  /** Whether steps without an image get wfc's default (the deployment names none). */
  defaultImage: boolean;
  raw: RawInputs;
  /** Which raw inputs the stage-in task copies, and which it cannot. */
  inputs: StagePlan;
}

export function noteLosses(out: Emitted, losses: Loss[], stage: string): void {
  const loss = (step: Step, construct: string, reason: string, severity: Loss['severity'] = 'warning') => {
    const l: Loss = { stage, construct: `${construct} (step "${step.name}")`, reason, severity };
    if (step.span) l.span = step.span;
    losses.push(l);
  };
  const placed = new Set<Step>();
  for (const t of out.tasks) for (const s of t.steps) placed.add(s);
  for (const s of placed) {
    const env = s.environment;
    if (!env.container && out.defaultImage) loss(s, 'container image', `the step names none: it runs in ${DEFAULT_IMAGE}, which may lack its tools`);
    if (env.container && env.container.runtime !== undefined && env.container.runtime !== 'docker' && env.container.runtime !== 'podman') {
      loss(s, `${env.container.runtime} image ${env.container.image}`, 'Kubernetes pulls OCI images from a registry; an image file or a library:// reference cannot run', 'info');
    }
    if (env.conda) loss(s, 'conda environment', 'a pod runs its image as it is; build the environment into the image');
    if (env.modules && env.modules.length > 0) loss(s, `environment modules ${env.modules.join(', ')}`, 'pods have no module system; build the software into the image');
    if (s.when !== undefined) loss(s, `condition "${s.when}"`, 'written in the source\'s language, which Argo cannot evaluate; the step always runs');
    if (s.resources.retryScaling) loss(s, 'resources growing on retry', 'Argo retries a pod with the same resources');
    if (s.resources.gpuType !== undefined) loss(s, `GPU type ${s.resources.gpuType}`, 'Kubernetes asks for a count of GPUs only; pick the type with a node selector (e.g. nvidia.com/gpu.product)');
  }
  for (const t of out.tasks) {
    const p = t.placement;
    if (!p) continue;
    const who = t.steps[0]!;
    if (p.provider === 'fargate') loss(who, 'Fargate placement', 'EKS runs pods on Fargate by the namespace and labels of its Fargate profile; the manifests name no profile', 'info');
    else if (p.provider !== 'kubernetes') loss(who, `${p.provider} placement`, 'meant for another provider', 'info');
    else if (p.node !== undefined && !isLabelValue(p.node)) loss(who, `node size ${p.node}`, 'not a valid label value: no node selector');
  }
  for (const p of new Map([...out.parameters.values()].map((x) => [x.name, x])).values()) {
    losses.push({ stage, construct: `fan-out ${p.name}`, reason: `its items are given when the workflow is submitted (argo submit -p ${p.name}=...)${p.value === undefined ? '' : `; ${p.value} by default`}`, severity: 'info' });
  }
  rawInputLosses(out.raw, out.inputs, out.pods, losses, stage);
  if (!out.volumeSized) losses.push({ stage, construct: 'size of the shared volume', reason: 'the sizes of the workflow\'s files are unknown: pvc.yaml asks for 10Gi; change it to what the data needs', severity: 'info' });
}

/**
 * Files no job writes must be on the shared volume before the workflow starts: small local ones
 * the stage-in task copies there; the others must be copied by hand, except those in a mounted
 * directory. Remote ones are not downloaded.
 */
function rawInputLosses(raw: RawInputs, plan: StagePlan, pods: PodPlan, losses: Loss[], stage: string): void {
  const mounted = pods.templates.flatMap((t) => t.mounts.map((m) => m.mountPath));
  const outside = raw.absolute.filter((f) => !mounted.some((m) => f === m || f.startsWith(`${m}/`)));
  const some = (list: string[]) => `${list.slice(0, 3).join(', ')}${list.length > 3 ? `, and ${list.length - 3} more` : ''}`;
  const byHand = 'must be copied onto the shared volume before the workflow starts';
  const local = (list: string[], why: string) => {
    if (list.length > 0) losses.push({ stage, construct: `${list.length} input files (${some(list)})`, reason: `${why}${byHand}; Argo does not stage them`, severity: 'info' });
  };
  local(plan.unread, '');
  local(plan.missing, 'not regular files wfc could read where it ran, so not in the inputs ConfigMap: ');
  local(plan.tooLarge, `larger than ${MAX_INPUT_BYTES / 1024} KiB each, too large for the inputs ConfigMap: `);
  local(plan.overflow, `more than the inputs ConfigMap holds with the others (${MAX_INPUTS_BYTES} bytes in all): `);
  if (raw.remote.length > 0) losses.push({ stage, construct: `remote inputs ${some(raw.remote)}`, reason: 'not downloaded: the jobs get the URL as it is', severity: 'warning' });
  if (outside.length > 0) losses.push({ stage, construct: `inputs at absolute paths ${some(outside)}`, reason: 'outside the shared volume and every mount: pods do not see them', severity: 'warning' });
}
