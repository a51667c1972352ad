// Resources, retries and placement of a step as a container and an Argo template ask for them.
// Quantities and counts are strings: Argo's schema types Quantity and IntOrString as strings.

import type { Placement, Resources } from '../../ir/types.js';
import { formatCpus, formatDuration, formatMemory } from '../../ir/units.js';

/** The extended resource NVIDIA's device plugin offers; the usual one on GPU nodes. */
export const GPU_RESOURCE = 'nvidia.com/gpu';

/**
 * The label Kubernetes puts on every node for its instance type (well-known label
 * `node.kubernetes.io/instance-type`): a site's node sizes name instance types.
 */
export const NODE_SIZE_LABEL = 'node.kubernetes.io/instance-type';

export interface ContainerResources {
  requests?: Record<string, string>;
  limits?: Record<string, string>;
}

/**
 * Requests for what the job needs; limits where going over harms others or cannot be shared:
 * memory (a pod over its request is the first evicted, so it is also the limit), local disk, and
 * GPUs (extended resources must be limited). No CPU limit: a busy job would be throttled to its
 * request although the node has idle cores.
 */
export function containerResources(r: Resources): ContainerResources | undefined {
  const requests: Record<string, string> = {};
  const limits: Record<string, string> = {};
  if (r.cpus !== undefined && r.cpus > 0) requests.cpu = formatCpus(r.cpus, 'kubernetes');
  if (r.memoryBytes !== undefined && r.memoryBytes > 0) requests.memory = limits.memory = formatMemory(r.memoryBytes, 'kubernetes');
  if (r.diskBytes !== undefined && r.diskBytes > 0) requests['ephemeral-storage'] = limits['ephemeral-storage'] = formatMemory(r.diskBytes, 'kubernetes');
  if (r.gpus !== undefined && r.gpus > 0) requests[GPU_RESOURCE] = limits[GPU_RESOURCE] = String(Math.ceil(r.gpus));
  const out: ContainerResources = {};
  if (Object.keys(requests).length > 0) out.requests = requests;
  if (Object.keys(limits).length > 0) out.limits = limits;
  return out.requests ? out : undefined;
}

/** Walltime as the pod's `activeDeadlineSeconds`: whole seconds, rounded up. */
export function activeDeadline(r: Resources): string | undefined {
  return r.walltimeSeconds !== undefined && r.walltimeSeconds > 0 ? formatDuration(r.walltimeSeconds, 'kubernetes') : undefined;
}

/** Retries as Argo retries a failed pod: `limit` more attempts after the first. */
export function retryStrategy(retries: number | undefined): { limit: string } | undefined {
  return retries !== undefined && retries > 0 ? { limit: String(Math.floor(retries)) } : undefined;
}

/** A node size chosen by map-provider, as a node selector on the instance-type label. */
export function nodeSelector(p: Placement | undefined): Record<string, string> | undefined {
  return p?.provider === 'kubernetes' && p.node !== undefined && isLabelValue(p.node) ? { [NODE_SIZE_LABEL]: p.node } : undefined;
}

/** Kubernetes label values: at most 63 of [A-Za-z0-9_.-], beginning and ending alphanumeric, or empty. */
export function isLabelValue(v: string): boolean {
  return v.length <= 63 && /^(?:[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/.test(v);
}
