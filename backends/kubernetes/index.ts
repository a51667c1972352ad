// The Kubernetes backend: an Argo Workflow (workflow.yaml) whose DAG has a task per job, the
// PersistentVolumeClaim all pods work in (pvc.yaml), the ConfigMap(s) with what each pod runs and
// the one with small input files (configmap.yaml), and submit.sh, which applies the two and submits
// the workflow. See plan.ts for the tasks, pods.ts for the containers, workflow.ts for why commands
// live in the ConfigMap, inputs.ts for how input files reach the volume.

import { DiagnosticBag } from '../../ir/diagnostics.js';
import { shareGraphFacts } from '../../ir/graph.js';
import { uniqueIds } from '../../ir/ids.js';
import { toStableYaml } from '../../ir/serialize.js';
import { shJoin } from '../../ir/shell.js';
import type { JsonValue, Loss, Resources, Workflow } from '../../ir/types.js';
import { render } from '../common/render.js';
import type { EmitFunction, VirtualTree } from '../types.js';
import { checkManifests } from './check.js';
import { jobDirs, jobEntry, stepScript } from './commands.js';
import { planStageIn, rawInputs, STAGE_IN_SCRIPT } from './inputs.js';
import { kubernetesDeployment } from './deployment.js';
import { noteLosses } from './losses.js';
import { configMap, persistentVolumeClaim, shardEntries } from './manifests.js';
import { dnsLabel, PARAMETER, uniqueLabels } from './names.js';
import { MAX_TEMPLATES, partCount, partName } from './nest.js';
import { planTasks, type Task } from './plan.js';
import { CLEANUP, planPods, STAGE_IN } from './pods.js';
import { TEMPLATES } from './templates.gen.js';
import { buildWorkflow, RUNNER, type LoopParameter } from './workflow.js';

const STAGE = 'backend:kubernetes';
/** Room after the base name for `-jobs-NN` and for the five characters generateName adds. */
const BASE_LENGTH = 52;
/** Files removed by one line of the cleanup job. */
const CLEANUP_BATCH = 50;

export const emitKubernetes: EmitFunction = (source, options) => {
  const bag = new DiagnosticBag();
  const losses: Loss[] = [];
  const deployment = kubernetesDeployment(source, losses, STAGE);
  const wf = withOverlay(source, deployment.resources);
  const base = dnsLabel(wf.name, 'workflow', BASE_LENGTH);
  const labels = { 'app.kubernetes.io/managed-by': 'wfc', 'app.kubernetes.io/part-of': base };

  const tasks = planTasks(wf);
  if (tasks.length === 0) bag.error('K8S002', `workflow "${wf.name}" has nothing to run`);
  // One namespace for task names and ConfigMap keys: a one-job task is named after its job; a
  // cluster's or a step-level task gets its own name, and the jobs in a cluster theirs (their keys).
  const named: [string, string][] = [];
  for (const t of tasks) {
    if (t.jobs.length !== 1 || t.key !== `job:${t.jobs[0]!.id}`) named.push([t.key, t.wanted]);
    for (const j of t.jobs) named.push([`job:${j.id}`, j.id]);
  }
  const taskNames = uniqueLabels(named, 'task', { reserved: [CLEANUP, STAGE_IN], letterFirst: true });
  const cleanup = cleanupScript(wf);
  const raw = rawInputs(wf);
  const stageIn = planStageIn(raw.local, options?.inputs, (files) => render(TEMPLATES['wfc-stage-in.sh'], { workflow: base, files }));
  const staging = stageIn.staged.length > 0;
  const parts = Array.from({ length: partCount(tasks.length + (cleanup ? 1 : 0) + (staging ? 1 : 0)) }, (_, i) => partName(i + 1));
  const pods = planPods(tasks, taskNames, parts, deployment, losses, STAGE);

  const entries = new Map<string, string>([[RUNNER, render(TEMPLATES['wfc-run.sh'], { workflow: base })]]);
  for (const [key, value] of pods.envEntries) entries.set(key, value);
  if (cleanup) entries.set(CLEANUP, cleanup);
  for (const t of tasks) addCommands(wf, t, taskNames, entries, losses);
  const { shards, tooLarge } = shardEntries(entries);
  for (const key of tooLarge) bag.error('K8S001', `the command of ${key} is larger than a ConfigMap can hold (1 MiB)`);
  const configMapNames = shards.length === 1 ? [`${base}-jobs`] : shards.map((_, i) => `${base}-jobs-${i + 1}`);
  const shardOf = new Map<string, string>();
  shards.forEach((s, i) => {
    for (const key of s.keys()) shardOf.set(key, configMapNames[i]!);
  });

  const pvcName = `${base}-work`;
  const inputsName = `${base}-inputs`;
  const parameters = loopParameters(wf, tasks);
  const workflow = buildWorkflow({
    base,
    labels,
    deployment,
    tasks,
    taskNames,
    pods,
    parameters,
    pvc: pvcName,
    configMaps: configMapNames,
    configMapOf: (key) => shardOf.get(key)!,
    cleanup: cleanup !== undefined,
    ...(staging ? { inputs: inputsName } : {}),
  });
  const maps = shards.map((s, i) => configMap(configMapNames[i]!, s, labels, deployment.namespace));
  if (staging) {
    const data = new Map([[STAGE_IN_SCRIPT, stageIn.script], ...stageIn.data]);
    maps.push(configMap(inputsName, data, labels, deployment.namespace, stageIn.binaryData));
  }
  const pvc = persistentVolumeClaim(pvcName, wf.files, labels, deployment.namespace, deployment.storageClassName);
  checkManifests(workflow, maps, pvc.manifest, bag);
  const templates = (workflow.spec as { templates: unknown[] }).templates.length;
  if (templates > MAX_TEMPLATES) losses.push({ stage: STAGE, construct: `${templates} templates`, reason: `Argo 4's full CRDs admit at most ${MAX_TEMPLATES} templates in a workflow: a cluster with them refuses this one`, severity: 'warning' });
  noteLosses({ tasks, pods, parameters, volumeSized: pvc.sized, defaultImage: deployment.image === undefined, raw, inputs: stageIn }, losses, STAGE);
  // A step with several templates (sets of resources) reports what they share once.
  const ledger = [...new Map(losses.map((l) => [JSON.stringify(l), l])).values()];
  if (bag.hasErrors) return { files: new Map(), diagnostics: bag.items, losses: ledger };

  const files: VirtualTree = new Map();
  files.set('workflow.yaml', { text: toStableYaml(workflow) });
  files.set('pvc.yaml', { text: toStableYaml(pvc.manifest) });
  files.set('configmap.yaml', { text: maps.map(toStableYaml).join('---\n') });
  files.set('submit.sh', {
    text: render(TEMPLATES['submit.sh'], { workflow: base, pvc: pvcName, inputs: staging ? inputsName : '', byHand: raw.local.length > stageIn.staged.length, namespace: deployment.namespace ?? '', parameters: [...new Map([...parameters.values()].map((p) => [p.name, p])).values()] }),
    executable: true,
  });
  return { files, diagnostics: bag.items, losses: ledger };
};

/** Each job's command (and its output directories); a step-level task's rendered command. */
function addCommands(wf: Workflow, task: Task, names: Map<string, string>, entries: Map<string, string>, losses: Loss[]): void {
  if (task.jobs.length === 0) {
    const key = names.get(task.key)!;
    const script = stepScript(wf, task.steps[0]!, task.loops, losses, STAGE);
    entries.set(key, script.text);
    if (script.dirs) entries.set(`${key}.dirs`, script.dirs);
    return;
  }
  for (const job of task.jobs) {
    const key = names.get(`job:${job.id}`)!;
    entries.set(key, jobEntry(job));
    const dirs = jobDirs(job);
    if (dirs) entries.set(`${key}.dirs`, dirs);
  }
}

/** Removes intermediate files once every task has succeeded, as infer-staging asks. */
function cleanupScript(wf: Workflow): string | undefined {
  const files = wf.files.filter((f) => f.cleanup).map((f) => f.id);
  if (files.length === 0 || wf.jobs.length === 0) return undefined;
  let out = '';
  for (let i = 0; i < files.length; i += CLEANUP_BATCH) out += `rm -rf -- ${shJoin(files.slice(i, i + CLEANUP_BATCH))}\n`;
  return out;
}

/**
 * The workflow parameters that give fan-outs bound at run time, by domain. A parameter whose value
 * the workflow knows says by its value whether it is a count or a list; otherwise a sketch's fan-out
 * (`make_tiles (N)`) is a count, and every other (samples, a channel's items) a list.
 */
function loopParameters(wf: Workflow, tasks: readonly Task[]): Map<string, LoopParameter> {
  const domains = [...new Map(tasks.flatMap((t) => t.loops).filter((d) => d.values === undefined).map((d) => [d.id, d])).values()];
  const raw = domains.map((d) => d.param ?? d.id);
  const names = uniqueIds(raw, PARAMETER, 'items');
  const out = new Map<string, LoopParameter>();
  for (const d of domains) {
    const param = d.param ?? d.id;
    const known = wf.params[param];
    const count = known === undefined ? undefined : parameterValue(known, 'count');
    const list = known === undefined || count !== undefined ? undefined : parameterValue(known, 'list');
    const kind = count !== undefined ? 'count' : list !== undefined ? 'list' : d.origin === 'sketch' ? 'count' : 'list';
    const p: LoopParameter = { name: names.get(param)!, kind };
    const value = count ?? list;
    if (value !== undefined) p.value = value;
    out.set(d.id, p);
  }
  return out;
}

/** The value of a workflow parameter as Argo wants it: a count as a number, a list as JSON. */
function parameterValue(v: JsonValue, kind: LoopParameter['kind']): string | undefined {
  if (kind === 'count') return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? String(v) : typeof v === 'string' && /^\d+$/.test(v.trim()) ? v.trim() : undefined;
  if (Array.isArray(v) && v.every((x) => typeof x === 'string' || typeof x === 'number')) return JSON.stringify(v.map(String));
  if (typeof v === 'string' && !/^\d+$/.test(v.trim())) {
    const items = v.split(',').map((s) => s.trim()).filter((s) => s !== '');
    return items.length > 0 ? JSON.stringify(items) : undefined;
  }
  return undefined;
}

/** The deployment target's overlay changes resources by class: steps and jobs of those classes get them. */
function withOverlay(wf: Workflow, byClass: Record<string, Resources>): Workflow {
  if (Object.keys(byClass).length === 0) return wf;
  const change = <T extends { resourceClass?: string; resources?: Resources }>(x: T): T => {
    const r = x.resourceClass === undefined ? undefined : byClass[x.resourceClass];
    return r ? { ...x, resources: { ...x.resources, ...r } } : x;
  };
  const out: Workflow = { ...wf, steps: wf.steps.map(change), jobs: wf.jobs.map(change) };
  // Only resources changed: the graph is the same.
  shareGraphFacts(wf, out);
  return out;
}
