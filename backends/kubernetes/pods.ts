// The pods tasks run in: one container template per step and set of resources (tasks of one step
// that ask for the same share it), and one per step-level task. Each names its image, environment,
// resources, placement, retries and mounts; names come out unique and DNS-valid.

import type { Domain, Loss, Placement, Resources, Step } from '../../ir/types.js';
import type { KubernetesDeployment } from './deployment.js';
import { uniqueLabels } from './names.js';
import type { Task } from './plan.js';

/** Where every pod finds the shared volume (its working directory) and the ConfigMap. */
export const WORK_DIR = '/wfc/work';
export const JOBS_DIR = '/wfc/jobs';
/** Used when neither the step nor the deployment names an image: small, and has bash. */
export const DEFAULT_IMAGE = 'debian:bookworm-slim';
/** Names the DAG uses itself. */
export const MAIN_TEMPLATE = 'main';
export const CLEANUP = 'wfc-cleanup';
export const STAGE_IN = 'wfc-stage-in';

export type EnvVar = { name: string; value: string } | { name: string; configMapKey: string };

export interface Mount {
  /** A host directory (hostPath volume), or a directory on the shared volume (`subPath`). */
  volume: string;
  mountPath: string;
  subPath?: string;
}

export interface PodTemplate {
  name: string;
  step: Step;
  image: string;
  env: EnvVar[];
  resources: Resources;
  placement?: Placement;
  retries?: number;
  mounts: Mount[];
  /** Step-level templates: the loops' domains (their items come in as parameters), and the ConfigMap key they run. */
  loops?: Domain[];
  runs?: string;
}

export interface PodPlan {
  templates: PodTemplate[];
  templateOf: Map<string, PodTemplate>;
  /** For a step-level task over several domains: the DAG templates of its inner loops, in order. */
  loopTemplates: Map<string, string[]>;
  /** Host directories by volume name. */
  hostVolumes: Map<string, string>;
  /** Environment values Argo would take for its own `{{...}}` tags: they come from the ConfigMap, by key. */
  envEntries: Map<string, string>;
}

/** Kubernetes' rule for environment variable names (v1.30 without relaxed validation). */
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/** `reserved`: template names the workflow uses itself (the DAG's, its parts'). */
export function planPods(tasks: readonly Task[], taskNames: Map<string, string>, reserved: readonly string[], deployment: KubernetesDeployment, losses: Loss[], stage: string): PodPlan {
  const bySignature = new Map<string, Task>();
  const signatureOf = new Map<string, string>();
  for (const task of tasks) {
    const sig = task.loops.length > 0 || task.jobs.length === 0 ? task.key : JSON.stringify([task.steps.map((s) => s.id), sorted(task.resources), task.placement ? sorted(task.placement) : null, task.retries ?? 0]);
    signatureOf.set(task.key, sig);
    if (!bySignature.has(sig)) bySignature.set(sig, task);
  }
  const wanted: [string, string][] = [...bySignature].map(([sig, t]) => [sig, t.steps.length === 1 ? t.steps[0]!.name : t.wanted]);
  for (const task of tasks) for (let i = 1; i < task.loops.length; i++) wanted.push([`loop:${task.key}:${i}`, `${task.steps[0]!.name}-over-${task.loops[i]!.id}`]);
  const names = uniqueLabels(wanted, 'step', { reserved: [MAIN_TEMPLATE, CLEANUP, STAGE_IN, ...reserved] });

  const mountPlan = planMounts(tasks, losses, stage);
  const envEntries = new Map<string, string>();
  const templates: PodTemplate[] = [];
  const bySig = new Map<string, PodTemplate>();
  for (const [sig, task] of bySignature) {
    const step = task.steps[0]!;
    const name = names.get(sig)!;
    const images = new Set(task.steps.map((s) => s.environment.container?.image).filter((x): x is string => x !== undefined));
    if (images.size > 1) losses.push({ stage, construct: `containers of ${task.wanted}`, reason: 'jobs of several steps run in one pod; the first step\'s image is used', severity: 'warning' });
    const t: PodTemplate = {
      name,
      step,
      image: step.environment.container?.image ?? deployment.image ?? DEFAULT_IMAGE,
      env: envOf(step, name, deployment, envEntries, losses, stage),
      resources: task.resources,
      mounts: mountPlan.mountsOf.get(step.id) ?? [],
    };
    if (task.placement) t.placement = task.placement;
    if (task.retries !== undefined) t.retries = task.retries;
    if (task.jobs.length === 0) {
      t.loops = task.loops;
      t.runs = taskNames.get(task.key)!;
    }
    templates.push(t);
    bySig.set(sig, t);
  }
  const templateOf = new Map(tasks.map((t) => [t.key, bySig.get(signatureOf.get(t.key)!)!]));
  const loopTemplates = new Map<string, string[]>();
  for (const task of tasks) {
    if (task.loops.length > 1) loopTemplates.set(task.key, task.loops.slice(1).map((_, i) => names.get(`loop:${task.key}:${i + 1}`)!));
  }
  return { templates, templateOf, loopTemplates, hostVolumes: mountPlan.hostVolumes, envEntries };
}

/**
 * The deployment's variables with the step's own over them. A value holding `{{` would be read by
 * Argo as one of its tags: it comes from the ConfigMap instead, which Argo does not read.
 */
function envOf(step: Step, template: string, deployment: KubernetesDeployment, entries: Map<string, string>, losses: Loss[], stage: string): EnvVar[] {
  const all = { ...deployment.env, ...step.environment.env };
  const out: EnvVar[] = [];
  for (const name of Object.keys(all).sort()) {
    const value = all[name]!;
    if (!ENV_NAME.test(name) || name.startsWith('WFC_ITEM_')) {
      losses.push({ stage, construct: `environment variable ${JSON.stringify(name)} (step "${step.name}")`, reason: 'not a name Kubernetes accepts for a variable (or one wfc uses itself)', severity: 'warning' });
      continue;
    }
    if (value.includes('{{')) {
      const key = `${template}.env.${name}`;
      entries.set(key, value);
      out.push({ name, configMapKey: key });
    } else out.push({ name, value });
  }
  return out;
}

/**
 * Environment.mounts: an absolute host directory becomes a hostPath volume (the nodes must have
 * it, as on a cluster with a shared filesystem); a relative one is a directory of the shared volume,
 * where relative paths live. Anything else cannot be mounted.
 */
function planMounts(tasks: readonly Task[], losses: Loss[], stage: string): { mountsOf: Map<string, Mount[]>; hostVolumes: Map<string, string> } {
  const steps = new Map<string, Step>();
  for (const t of tasks) for (const s of t.steps) steps.set(s.id, s);
  const hosts = new Set<string>();
  for (const s of steps.values()) for (const host of Object.keys(s.environment.mounts ?? {})) if (host.startsWith('/')) hosts.add(host);
  const volumeNames = uniqueLabels([...hosts].map((h) => [h, `host-${h}`]), 'host', { reserved: ['work', 'jobs', 'inputs'] });
  const mountsOf = new Map<string, Mount[]>();
  const used = new Map<string, string>();
  for (const s of steps.values()) {
    const mounts: Mount[] = [];
    const taken = new Set([WORK_DIR, JOBS_DIR]);
    for (const [host, path] of Object.entries(s.environment.mounts ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))) {
      const loss = (reason: string) => losses.push({ stage, construct: `mount ${host} → ${path} (step "${s.name}")`, reason, severity: 'warning' });
      const mountPath = normalize(path);
      if (mountPath === undefined || !mountPath.startsWith('/') || mountPath === '/') loss('the container path is not an absolute path below /');
      else if ([...taken].some((t) => t === mountPath || t.startsWith(`${mountPath}/`) || mountPath.startsWith(`${t}/`))) loss('the container path overlaps the working directory, the job scripts, or another mount');
      else if (host.startsWith('/')) {
        const volume = volumeNames.get(host)!;
        used.set(volume, host);
        mounts.push({ volume, mountPath });
        taken.add(mountPath);
      } else if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(host)) loss('a remote location cannot be mounted into a pod');
      else {
        const subPath = normalize(host);
        if (subPath === undefined || subPath.startsWith('..')) loss('the host path climbs out of the working directory');
        else {
          mounts.push(subPath === '' ? { volume: 'work', mountPath } : { volume: 'work', mountPath, subPath });
          taken.add(mountPath);
        }
      }
    }
    if (mounts.length > 0) mountsOf.set(s.id, mounts);
  }
  if (used.size > 0) losses.push({ stage, construct: `host directories ${[...used.values()].sort().join(', ')}`, reason: 'mounted from the node a pod runs on (hostPath): every node must have them', severity: 'info' });
  return { mountsOf, hostVolumes: new Map([...used].sort(([a], [b]) => (a < b ? -1 : 1))) };
}

/** `a//b/./c/` → `a/b/c`; `..` resolved where it can be; undefined for an empty path. */
function normalize(path: string): string | undefined {
  if (path === '') return undefined;
  const absolute = path.startsWith('/');
  const parts: string[] = [];
  for (const p of path.split('/')) {
    if (p === '' || p === '.') continue;
    if (p === '..' && parts.length > 0 && parts[parts.length - 1] !== '..') parts.pop();
    else if (p === '..' && absolute) continue;
    else parts.push(p);
  }
  return (absolute ? '/' : '') + parts.join('/');
}

function sorted(o: object): [string, unknown][] {
  return Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1));
}
