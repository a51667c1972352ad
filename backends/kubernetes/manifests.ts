// pvc.yaml and configmap.yaml: the volume every pod works in, and the ConfigMap(s) holding what the
// pods run (the runner, each job's command, the directories its outputs go in). The ConfigMap is
// for these because they are small text Argo must not read (see workflow.ts), and because
// keeping them out of the Workflow keeps the Workflow object small: Kubernetes stores an object in
// one etcd entry (1.5 MiB), and a ConfigMap holds at most 1 MiB, so large workflows get several.

import type { FileEntry } from '../../ir/types.js';
import { formatMemory } from '../../ir/units.js';

type Obj = { [key: string]: unknown };

/** What one ConfigMap may hold (Kubernetes allows 1 MiB of keys and values), with room for metadata. */
export const CONFIGMAP_BYTES = 1_000_000;

const GiB = 2 ** 30;
/** When the sizes of the workflow's files are unknown. */
export const DEFAULT_VOLUME_BYTES = 10 * GiB;

/**
 * Splits entries into ConfigMaps of at most `limit` bytes, in order. An entry larger than `limit`
 * alone is returned in `tooLarge` (and still placed, alone, so that nothing goes missing).
 */
export function shardEntries(entries: ReadonlyMap<string, string>, limit = CONFIGMAP_BYTES): { shards: Map<string, string>[]; tooLarge: string[] } {
  const shards: Map<string, string>[] = [new Map()];
  const tooLarge: string[] = [];
  let size = 0;
  for (const [key, value] of entries) {
    const bytes = Buffer.byteLength(key) + Buffer.byteLength(value);
    if (bytes > limit) tooLarge.push(key);
    if (size + bytes > limit && shards[shards.length - 1]!.size > 0) {
      shards.push(new Map());
      size = 0;
    }
    shards[shards.length - 1]!.set(key, value);
    size += bytes;
  }
  return { shards, tooLarge };
}

/** `binaryData`: values base64-encoded, for bytes that are not UTF-8 text. */
export function configMap(name: string, data: ReadonlyMap<string, string>, labels: Record<string, string>, namespace: string | undefined, binaryData?: ReadonlyMap<string, string>): Obj {
  const m: Obj = { apiVersion: 'v1', kind: 'ConfigMap', metadata: metadata(name, labels, namespace), data: Object.fromEntries(data) };
  if (binaryData && binaryData.size > 0) m.binaryData = Object.fromEntries(binaryData);
  return m;
}

/**
 * The shared volume, ReadWriteMany because pods of one workflow run on several nodes at once. Its
 * size: the files of the workflow with room to spare when their sizes are known (a trace), else
 * a default the user should check.
 */
export function persistentVolumeClaim(name: string, files: readonly FileEntry[], labels: Record<string, string>, namespace: string | undefined, storageClassName: string | undefined): { manifest: Obj; sized: boolean } {
  const known = files.filter((f) => f.sizeBytes !== undefined);
  const sized = known.length > 0 && known.length === files.length;
  const total = known.reduce((s, f) => s + f.sizeBytes!, 0);
  const bytes = sized ? Math.max(GiB, Math.ceil((total * 1.25) / GiB) * GiB) : DEFAULT_VOLUME_BYTES;
  const spec: Obj = { accessModes: ['ReadWriteMany'], resources: { requests: { storage: formatMemory(bytes, 'kubernetes') } } };
  if (storageClassName) spec.storageClassName = storageClassName;
  return { manifest: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: metadata(name, labels, namespace), spec }, sized };
}

function metadata(name: string, labels: Record<string, string>, namespace: string | undefined): Obj {
  const m: Obj = { name, labels };
  if (namespace) m.namespace = namespace;
  return m;
}
