// workflow.yaml: the Argo Workflow. The entrypoint is a DAG with one task per job, cluster or
// step-level loop; each task calls a container template that runs `wfc-run.sh` from the ConfigMap
// with the keys of its jobs. Commands themselves stay in the ConfigMap: Argo substitutes every
// `{{...}}` in a workflow, and commands may hold such text (awk, templates, Snakemake's braces).

import type { Domain } from '../../ir/types.js';
import type { KubernetesDeployment, Toleration } from './deployment.js';
import { itemVariable } from './commands.js';
import { INPUTS_DIR, STAGE_IN_SCRIPT } from './inputs.js';
import { nestDag } from './nest.js';
import type { Task } from './plan.js';
import { CLEANUP, DEFAULT_IMAGE, JOBS_DIR, MAIN_TEMPLATE, STAGE_IN, WORK_DIR, type PodPlan, type PodTemplate } from './pods.js';
import { activeDeadline, containerResources, nodeSelector, retryStrategy } from './resources.js';

/** The runner's key in the ConfigMap (job keys are DNS labels: no dots). */
export const RUNNER = 'wfc-run.sh';

type Obj = { [key: string]: unknown };

/** How a domain bound at run time is given when the workflow is submitted. */
export interface LoopParameter {
  name: string;
  /** `count`: a number N, items 0..N-1 (withSequence); `list`: a JSON list of items (withParam). */
  kind: 'count' | 'list';
  value?: string;
}

export interface WorkflowParts {
  base: string;
  labels: Record<string, string>;
  deployment: KubernetesDeployment;
  tasks: readonly Task[];
  taskNames: Map<string, string>;
  pods: PodPlan;
  parameters: Map<string, LoopParameter>;
  pvc: string;
  configMaps: string[];
  configMapOf: (key: string) => string;
  /** Whether a last task removes intermediate files. */
  cleanup: boolean;
  /** The ConfigMap of small inputs that a first task copies onto the volume, if any. */
  inputs?: string;
}

export function buildWorkflow(p: WorkflowParts): Obj {
  const dag: Obj[] = [];
  const loopDags: Obj[] = [];
  for (const task of p.tasks) dag.push(dagTask(p, task, loopDags));
  const templates: Obj[] = [];
  if (p.inputs !== undefined && dag.length > 0) {
    // Every task that waits for no other waits for the inputs: the simplest order that is right,
    // and copying a few small files costs the others little.
    for (const t of dag) if (t.dependencies === undefined) t.dependencies = [STAGE_IN];
    dag.unshift({ name: STAGE_IN, template: STAGE_IN });
    templates.push({ name: STAGE_IN, container: stageInContainer(p) });
  }
  if (p.cleanup && dag.length > 0) {
    const waitedFor = new Set(p.tasks.flatMap((t) => t.after));
    const last = p.tasks.filter((t) => !waitedFor.has(t.key)).map((t) => p.taskNames.get(t.key)!);
    dag.push({ name: CLEANUP, template: CLEANUP, dependencies: last });
    templates.push({ name: CLEANUP, container: container(p, p.deployment.image ?? DEFAULT_IMAGE, undefined, [], [CLEANUP]) });
  }
  const nested = nestDag(dag as { name: string }[]);
  templates.unshift({ name: MAIN_TEMPLATE, dag: { tasks: nested.tasks } }, ...nested.parts, ...loopDags);
  for (const pod of p.pods.templates) templates.push(podTemplate(p, pod));

  const spec: Obj = { entrypoint: MAIN_TEMPLATE, templates, volumes: volumes(p) };
  // Domains that take their items from one parameter share it.
  const parameters = [...new Map([...p.parameters.values()].map((x) => [x.name, x])).values()];
  if (parameters.length > 0) {
    spec.arguments = {
      parameters: parameters.map((x) => {
        const param: Obj = { name: x.name, description: x.kind === 'count' ? 'how many items the fan-out has (a number)' : 'the items of the fan-out, as a JSON list' };
        if (x.value !== undefined) param.value = x.value;
        return param;
      }),
    };
  }
  if (p.deployment.serviceAccountName) spec.serviceAccountName = p.deployment.serviceAccountName;
  if (p.deployment.activeDeadlineSeconds !== undefined) spec.activeDeadlineSeconds = p.deployment.activeDeadlineSeconds;
  if (p.deployment.parallelism !== undefined) spec.parallelism = p.deployment.parallelism;
  if (p.deployment.nodeSelector) spec.nodeSelector = p.deployment.nodeSelector;
  if (p.deployment.tolerations) spec.tolerations = p.deployment.tolerations satisfies Toleration[];
  const metadata: Obj = { generateName: `${p.base}-`, labels: p.labels };
  if (p.deployment.namespace) metadata.namespace = p.deployment.namespace;
  return { apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', metadata, spec };
}

/**
 * A task of the DAG: it runs its jobs, or loops over its step's domains. A step over several
 * domains loops over the first here and calls a DAG per further domain that loops over the next
 * (Argo loops over one list per task); the items reach the container as parameters item-1, item-2...
 */
function dagTask(p: WorkflowParts, task: Task, loopDags: Obj[]): Obj {
  const name = p.taskNames.get(task.key)!;
  const template = p.pods.templateOf.get(task.key)!.name;
  const t: Obj = { name, template };
  if (task.after.length > 0) t.dependencies = task.after.map((k) => p.taskNames.get(k)!);
  if (task.jobs.length > 0) t.arguments = { parameters: [{ name: 'jobs', value: task.jobs.map((j) => p.taskNames.get(`job:${j.id}`)!).join(' ') }] };
  if (task.loops.length === 0) return t;
  const inner = p.pods.loopTemplates.get(task.key) ?? [];
  Object.assign(t, loop(task.loops[0]!, p.parameters), { template: inner[0] ?? template, arguments: { parameters: [{ name: 'item-1', value: '{{item}}' }] } });
  inner.forEach((dagName, i) => {
    const depth = i + 1;
    const passed = Array.from({ length: depth }, (_, j) => ({ name: `item-${j + 1}`, value: `{{inputs.parameters.item-${j + 1}}}` }));
    const arguments_ = { parameters: [...passed, { name: `item-${depth + 1}`, value: '{{item}}' }] };
    loopDags.push({
      name: dagName,
      inputs: { parameters: passed.map((x) => ({ name: x.name })) },
      dag: { tasks: [{ name, ...loop(task.loops[depth]!, p.parameters), template: inner[depth] ?? template, arguments: arguments_ }] },
    });
  });
  return t;
}

/** The loop of a task over a domain: its items when known, else the workflow parameter giving them. */
function loop(domain: Domain, parameters: Map<string, LoopParameter>): Obj {
  if (domain.values) return { withItems: domain.values };
  const param = parameters.get(domain.id)!;
  const ref = `{{workflow.parameters.${param.name}}}`;
  return param.kind === 'count' ? { withSequence: { count: ref } } : { withParam: ref };
}

function podTemplate(p: WorkflowParts, pod: PodTemplate): Obj {
  const items = pod.loops?.map((_, i) => `item-${i + 1}`) ?? [];
  const itemEnv = items.map((item, i) => ({ name: itemVariable(i), value: `{{inputs.parameters.${item}}}` }));
  const inputs = pod.runs === undefined ? ['jobs'] : items;
  const t: Obj = {
    name: pod.name,
    container: container(p, pod.image, pod, itemEnv, pod.runs === undefined ? ['{{inputs.parameters.jobs}}'] : [pod.runs]),
  };
  if (inputs.length > 0) t.inputs = { parameters: inputs.map((name) => ({ name })) };
  const deadline = activeDeadline(pod.resources);
  if (deadline !== undefined) t.activeDeadlineSeconds = deadline;
  const retry = retryStrategy(pod.retries);
  if (retry) t.retryStrategy = retry;
  const selector = nodeSelector(pod.placement);
  if (selector) t.nodeSelector = selector;
  return t;
}

/** The container of a template (`pod` undefined: the cleanup task's, which asks for nothing). */
function container(p: WorkflowParts, image: string, pod: PodTemplate | undefined, itemEnv: { name: string; value: string }[], args: string[]): Obj {
  const c: Obj = { image, command: ['bash', `${JOBS_DIR}/${RUNNER}`], args, workingDir: WORK_DIR };
  const env: Obj[] = [];
  for (const e of pod?.env ?? []) env.push('value' in e ? e : { name: e.name, valueFrom: { configMapKeyRef: { name: p.configMapOf(e.configMapKey), key: e.configMapKey } } });
  env.push(...itemEnv);
  if (env.length > 0) c.env = env;
  const resources = pod && containerResources(pod.resources);
  if (resources) c.resources = resources;
  const mounts: Obj[] = [
    { name: 'work', mountPath: WORK_DIR },
    { name: 'jobs', mountPath: JOBS_DIR, readOnly: true },
  ];
  for (const m of pod?.mounts ?? []) mounts.push(m.subPath === undefined ? { name: m.volume, mountPath: m.mountPath } : { name: m.volume, mountPath: m.mountPath, subPath: m.subPath });
  c.volumeMounts = mounts;
  return c;
}

/** The stage-in task's container: the script of the inputs ConfigMap, run in the shared volume. */
function stageInContainer(p: WorkflowParts): Obj {
  return {
    image: p.deployment.image ?? DEFAULT_IMAGE,
    command: ['bash', `${INPUTS_DIR}/${STAGE_IN_SCRIPT}`],
    workingDir: WORK_DIR,
    volumeMounts: [
      { name: 'work', mountPath: WORK_DIR },
      { name: 'inputs', mountPath: INPUTS_DIR, readOnly: true },
    ],
  };
}

function volumes(p: WorkflowParts): Obj[] {
  const jobs: Obj =
    p.configMaps.length === 1
      ? { name: 'jobs', configMap: { name: p.configMaps[0]! } }
      : { name: 'jobs', projected: { sources: p.configMaps.map((name) => ({ configMap: { name } })) } };
  const out: Obj[] = [{ name: 'work', persistentVolumeClaim: { claimName: p.pvc } }, jobs];
  if (p.inputs !== undefined) out.push({ name: 'inputs', configMap: { name: p.inputs } });
  for (const [name, path] of p.pods.hostVolumes) out.push({ name, hostPath: { path } });
  return out;
}
