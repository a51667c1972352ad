// What `argo lint` and the API server would refuse, checked on the manifests before they are
// written, for what the schemas do not say: names (DNS labels, unique; task names start with a
// letter, as Argo's CEL rules want), DAG sizes, references and cycles, Argo tags that resolve,
// quantities, ConfigMap keys and sizes, and job keys the ConfigMap holds.
// Each finding is a bug in this backend (the IR cannot cause one): INT001, and nothing is written.

import type { DiagnosticBag } from '../../ir/diagnostics.js';
import { describeCycle, topoOrder } from '../../ir/graph.js';
import { isDnsLabel } from './names.js';
import { MAX_DAG_TASKS } from './nest.js';
import { RUNNER } from './workflow.js';

type Obj = { [key: string]: unknown };

const MAX_REPORTED = 20;
const QUANTITY = /^[+-]?(\d+(\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\d+)?$/;
const CONFIGMAP_KEY = /^[-._a-zA-Z0-9]+$/;
/** Kubernetes' own limit on a ConfigMap's keys and values together. */
const CONFIGMAP_LIMIT = 1024 * 1024;

interface Template {
  name: string;
  inputs?: { parameters?: { name: string }[] };
  dag?: { tasks: DagTask[] };
  container?: Obj & { args?: string[]; env?: Obj[]; resources?: { requests?: Obj; limits?: Obj } };
  activeDeadlineSeconds?: string;
  retryStrategy?: { limit?: string };
}

interface DagTask {
  name: string;
  template: string;
  dependencies?: string[];
  arguments?: { parameters?: { name: string; value?: string }[] };
}

export function checkManifests(workflow: Obj, configMaps: Obj[], pvc: Obj, bag: DiagnosticBag): void {
  const problems: string[] = [];
  const spec = workflow.spec as { entrypoint: string; templates: Template[]; arguments?: { parameters?: { name: string }[] } };
  const meta = workflow.metadata as { generateName: string };
  if (!isDnsLabel(meta.generateName.slice(0, -1), 57) || !meta.generateName.endsWith('-')) problems.push(`generateName "${meta.generateName}" is not a DNS label followed by "-"`);
  for (const m of [pvc, ...configMaps]) {
    const name = (m.metadata as { name: string }).name;
    if (!isDnsLabel(name)) problems.push(`${m.kind as string} name "${name}" is not a DNS label`);
  }

  const data = new Map<string, string>();
  for (const cm of configMaps) {
    let size = 0;
    const binary = Object.entries((cm.binaryData ?? {}) as Record<string, string>);
    for (const [key, value] of [...Object.entries(cm.data as Record<string, string>), ...binary]) {
      if (!CONFIGMAP_KEY.test(key) || key.length > 253) problems.push(`ConfigMap key "${key}" is not valid`);
      if (data.has(key)) problems.push(`ConfigMap key "${key}" is in two ConfigMaps`);
      data.set(key, value);
      size += Buffer.byteLength(key) + Buffer.byteLength(value);
    }
    // Kubernetes counts binary values decoded; their base64 text above counts 4/3 of that.
    for (const [, value] of binary) size -= Buffer.byteLength(value) - Buffer.from(value, 'base64').length;
    if (size > CONFIGMAP_LIMIT) problems.push(`ConfigMap ${(cm.metadata as { name: string }).name} holds ${size} bytes, more than Kubernetes allows`);
  }
  if (!data.has(RUNNER)) problems.push(`the ConfigMap lacks ${RUNNER}`);
  const needKey = (key: string, who: string) => {
    if (!data.has(key)) problems.push(`${who} runs "${key}", which the ConfigMap lacks`);
  };

  const globals = new Set((spec.arguments?.parameters ?? []).map((p) => p.name));
  const templates = new Map<string, Template>();
  for (const t of spec.templates) {
    if (!isDnsLabel(t.name)) problems.push(`template name "${t.name}" is not a DNS label`);
    if (templates.has(t.name)) problems.push(`template name "${t.name}" is used twice`);
    templates.set(t.name, t);
  }
  if (!templates.has(spec.entrypoint)) problems.push(`the entrypoint ${spec.entrypoint} is no template`);

  for (const t of spec.templates) {
    const inputs = new Set((t.inputs?.parameters ?? []).map((p) => p.name));
    checkTags(t, (tag) => {
      if (tag === 'item' && t.dag) return true;
      const m = /^(inputs|workflow)\.parameters\.([A-Za-z0-9_-]+)$/.exec(tag);
      return m !== null && (m[1] === 'inputs' ? inputs : globals).has(m[2]!);
    }, (tag) => problems.push(`template ${t.name} uses {{${tag}}}, which does not resolve`));
    if (t.dag) checkDag(t, templates, problems, needKey);
    if (t.container) {
      for (const [kind, values] of Object.entries(t.container.resources ?? {})) {
        for (const [resource, q] of Object.entries(values as Obj)) if (typeof q !== 'string' || !QUANTITY.test(q)) problems.push(`template ${t.name}: ${kind}.${resource} ${String(q)} is not a quantity`);
      }
      for (const e of t.container.env ?? []) {
        const ref = (e.valueFrom as { configMapKeyRef?: { key: string } } | undefined)?.configMapKeyRef;
        if (ref) needKey(ref.key, `template ${t.name}'s environment`);
      }
      const args = t.container.args ?? [];
      if (!inputs.has('jobs')) for (const key of args) needKey(key, `template ${t.name}`);
    }
    if (t.activeDeadlineSeconds !== undefined && !/^[1-9]\d*$/.test(t.activeDeadlineSeconds)) problems.push(`template ${t.name}: activeDeadlineSeconds ${t.activeDeadlineSeconds} is not a positive whole number`);
    if (t.retryStrategy?.limit !== undefined && !/^\d+$/.test(t.retryStrategy.limit)) problems.push(`template ${t.name}: retry limit ${t.retryStrategy.limit} is not a whole number`);
  }
  for (const p of problems.slice(0, MAX_REPORTED)) bag.error('INT001', `the Argo manifests wfc built are invalid: ${p}`);
  if (problems.length > MAX_REPORTED) bag.error('INT001', `... and ${problems.length - MAX_REPORTED} more problems with the Argo manifests`);
}

function checkDag(t: Template, templates: Map<string, Template>, problems: string[], needKey: (key: string, who: string) => void): void {
  const names = new Set<string>();
  if (t.dag!.tasks.length > MAX_DAG_TASKS) problems.push(`${t.name} has ${t.dag!.tasks.length} tasks, more than Argo's CRDs allow`);
  for (const task of t.dag!.tasks) {
    if (!isDnsLabel(task.name) || /^[0-9]/.test(task.name)) problems.push(`task name "${task.name}" is not a DNS label starting with a letter`);
    if (names.has(task.name)) problems.push(`task name "${task.name}" is used twice in ${t.name}`);
    names.add(task.name);
  }
  const edges: { from: string; to: string }[] = [];
  for (const task of t.dag!.tasks) {
    const callee = templates.get(task.template);
    if (!callee) problems.push(`task ${task.name} calls template ${task.template}, which does not exist`);
    for (const d of task.dependencies ?? []) {
      if (!names.has(d)) problems.push(`task ${task.name} depends on ${d}, which is no task of ${t.name}`);
      edges.push({ from: d, to: task.name });
    }
    const given = new Map((task.arguments?.parameters ?? []).map((p) => [p.name, p.value]));
    for (const p of callee?.inputs?.parameters ?? []) if (!given.has(p.name)) problems.push(`task ${task.name} does not give parameter ${p.name} of ${task.template}`);
    const jobs = given.get('jobs');
    if (jobs !== undefined) for (const key of jobs.split(' ')) needKey(key, `task ${task.name}`);
  }
  const order = topoOrder([...names], edges);
  if ('cycle' in order) problems.push(`the tasks form a cycle: ${describeCycle(order.cycle)}`);
}

/** Calls `bad` for every `{{tag}}` in the template's strings that `known` does not accept. */
function checkTags(value: unknown, known: (tag: string) => boolean, bad: (tag: string) => void): void {
  if (typeof value === 'string') {
    if (!value.includes('{{')) return;
    for (const m of value.matchAll(/\{\{([^}]*)\}\}|\{\{/g)) {
      if (m[1] === undefined || !known(m[1])) bad(m[1] ?? value);
    }
  } else if (Array.isArray(value)) for (const v of value) checkTags(v, known, bad);
  else if (value !== null && typeof value === 'object') for (const v of Object.values(value)) checkTags(v, known, bad);
}
