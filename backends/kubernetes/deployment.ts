// Where the source deploys the workflow on Kubernetes (Workflow.deployment): the first target whose
// provider is kubernetes, with its overlay's setting changes applied. Settings Argo can use become
// part of the manifests (Scalable's names, and Kubernetes' own spellings); the rest are Dask
// cluster settings or unknown and go to the loss ledger.

import type { JsonValue, Loss, Resources, Workflow } from '../../ir/types.js';
import { isDnsLabel } from './names.js';

export interface KubernetesDeployment {
  namespace?: string;
  /** Image for steps that name none. */
  image?: string;
  serviceAccountName?: string;
  /** Environment of every container; a step's own variables win. */
  env: Record<string, string>;
  nodeSelector?: Record<string, string>;
  tolerations?: Toleration[];
  storageClassName?: string;
  /** The whole workflow's deadline (spec.activeDeadlineSeconds). */
  activeDeadlineSeconds?: number;
  /** Pods running at once at most (spec.parallelism). */
  parallelism?: number;
  /** Resource changes of the target's overlay, by resource class. */
  resources: Record<string, Resources>;
}

export interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
  tolerationSeconds?: number;
}

const TOLERATION_STRINGS = ['key', 'operator', 'value', 'effect'] as const;

export function kubernetesDeployment(wf: Workflow, losses: Loss[], stage: string): KubernetesDeployment {
  const out: KubernetesDeployment = { env: {}, resources: {} };
  const targets = wf.deployment?.targets.filter((t) => t.provider === 'kubernetes') ?? [];
  const target = targets[0];
  if (!target) return out;
  const loss = (construct: string, reason: string, severity: Loss['severity'] = 'info') => losses.push({ stage, construct, reason, severity });
  for (const other of targets.slice(1)) loss(`deployment target ${other.name}`, `the manifests are made for target ${target.name}, the first Kubernetes target`);
  const settings: Record<string, JsonValue> = { ...target.settings };
  const overlay = target.overlay === undefined ? undefined : wf.deployment!.overlays.find((o) => o.name === target.overlay);
  if (overlay) {
    Object.assign(settings, overlay.targets[target.name] ?? {});
    out.resources = overlay.resources;
    for (const path of Object.keys(overlay.extra ?? {}).sort()) loss(`${path} of overlay ${overlay.name}`, 'no place in the Argo manifests');
  }
  const text = (v: JsonValue | undefined) => (typeof v === 'string' && v !== '' ? v : undefined);
  const strings = (v: JsonValue | undefined) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string') ? (v as Record<string, string>) : undefined;
  for (const [key, value] of Object.entries(settings).sort(([a], [b]) => (a < b ? -1 : 1))) {
    const bad = () => loss(`setting ${key} of target ${target.name}`, `${JSON.stringify(value)} is not a valid value for it`, 'warning');
    switch (key) {
      case 'namespace':
        if (text(value) && isDnsLabel(value as string)) out.namespace = value as string;
        else bad();
        break;
      case 'image':
        if (text(value)) out.image = value as string;
        else bad();
        break;
      case 'worker_service_account':
      case 'service_account':
      case 'serviceAccountName':
        if (text(value) && isDnsLabel(value as string, 253)) out.serviceAccountName = value as string;
        else bad();
        break;
      case 'env':
        if (strings(value)) out.env = strings(value)!;
        else bad();
        break;
      case 'node_selector':
      case 'nodeSelector':
        if (strings(value)) out.nodeSelector = strings(value);
        else bad();
        break;
      case 'tolerations': {
        const list = Array.isArray(value) ? value.map(toleration) : undefined;
        if (list && list.every((t) => t !== undefined)) out.tolerations = list as Toleration[];
        else bad();
        break;
      }
      case 'storage_class':
      case 'storageClassName':
        if (text(value) && isDnsLabel(value as string, 253)) out.storageClassName = value as string;
        else bad();
        break;
      case 'active_deadline_seconds':
        if (typeof value === 'number' && Number.isInteger(value) && value > 0) out.activeDeadlineSeconds = value;
        else bad();
        break;
      case 'parallelism':
        if (typeof value === 'number' && Number.isInteger(value) && value > 0) out.parallelism = value;
        else bad();
        break;
      default:
        loss(`setting ${key} of target ${target.name}`, 'a setting of the Dask cluster Scalable starts, or one the Argo manifests have no place for');
    }
  }
  return out;
}

function toleration(v: JsonValue): Toleration | undefined {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const t: Toleration = {};
  for (const [k, x] of Object.entries(v)) {
    if ((TOLERATION_STRINGS as readonly string[]).includes(k) && typeof x === 'string') t[k as (typeof TOLERATION_STRINGS)[number]] = x;
    else if (k === 'tolerationSeconds' && typeof x === 'number' && Number.isInteger(x)) t.tolerationSeconds = x;
    else return undefined;
  }
  return t;
}
