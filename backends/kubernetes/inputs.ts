// Raw inputs (files no job writes) and how they reach the shared volume. Small ones travel with the
// workflow: their bytes in a ConfigMap of their own (`<workflow>-inputs`), which the workflow's
// first task mounts to copy them to their paths before any job starts. The rest must be copied by
// hand and are losses (see losses.ts).
//
// Limits: Kubernetes refuses a ConfigMap over 1 MiB (keys and values; binaryData counted decoded),
// so the inputs ConfigMap holds at most CONFIGMAP_BYTES, the copying script included, the same
// budget as a jobs ConfigMap. One file may take at most a quarter of it: inputs larger than that are
// data, better put on the volume by other means (kubectl cp, an init job) than kept in etcd, and a
// single large file should not crowd out the many small ones (configs, sample sheets) this is for.

import * as posix from 'node:path/posix';
import type { Workflow } from '../../ir/types.js';
import type { InputFiles } from '../types.js';
import { CONFIGMAP_BYTES } from './manifests.js';

/** Where the stage-in task mounts the inputs ConfigMap. */
export const INPUTS_DIR = '/wfc/inputs';
/** The copying script's key in the inputs ConfigMap (the files' keys start with `in.`). */
export const STAGE_IN_SCRIPT = 'wfc-stage-in.sh';
/** Largest file carried in the ConfigMap. */
export const MAX_INPUT_BYTES = 256 * 1024;
/** All of the inputs ConfigMap: files, keys and the script. */
export const MAX_INPUTS_BYTES = CONFIGMAP_BYTES;

/** The files no job writes and some job reads, by where they are. */
export interface RawInputs {
  /** Relative paths: on the shared volume, the jobs' working directory. */
  local: string[];
  /** URLs, which the jobs get as they are. */
  remote: string[];
  /** Absolute paths: seen by pods only in a mounted directory. */
  absolute: string[];
}

export function rawInputs(wf: Workflow): RawInputs {
  const written = new Set(wf.jobs.flatMap((j) => j.outputs));
  const read = new Set(wf.jobs.flatMap((j) => j.inputs));
  const out: RawInputs = { local: [], remote: [], absolute: [] };
  for (const f of wf.files) {
    if (written.has(f.id) || !read.has(f.id)) continue;
    if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(f.id)) out.remote.push(f.id);
    else if (f.id.startsWith('/')) out.absolute.push(f.id);
    else out.local.push(f.id);
  }
  return out;
}

/** A file the stage-in task copies: its key in the ConfigMap and where it goes. */
export interface StagedFile {
  key: string;
  path: string;
  /** Its directory, to make first; undefined when it is the working directory or made already. */
  dir?: string;
}

export interface StagePlan {
  staged: StagedFile[];
  /** The copying script for them (empty when there are none). */
  script: string;
  /** Text files by key (valid UTF-8), and the others base64-encoded. */
  data: Map<string, string>;
  binaryData: Map<string, string>;
  /** Local inputs left to copy by hand, by why. */
  unread: string[];
  missing: string[];
  tooLarge: string[];
  overflow: string[];
}

/**
 * Which local inputs go into the ConfigMap: in path order, each that still fits. `script` renders the
 * copying script for a list of files; it counts toward the budget. Without `files` (no CLI, as in
 * a library call) nothing is read and every input stays unread.
 */
export function planStageIn(local: readonly string[], files: InputFiles | undefined, script: (staged: StagedFile[]) => string): StagePlan {
  const plan: StagePlan = { staged: [], script: '', data: new Map(), binaryData: new Map(), unread: [], missing: [], tooLarge: [], overflow: [] };
  if (!files) {
    plan.unread.push(...local);
    return plan;
  }
  type Candidate = { key: string; path: string; bytes: Uint8Array; text?: string };
  const candidates: Candidate[] = [];
  let total = 0;
  for (const path of [...local].sort()) {
    const normal = posix.normalize(path);
    // A path that climbs out of the working directory is not on the volume.
    if (normal === '.' || normal === '..' || normal.startsWith('../')) {
      plan.unread.push(path);
      continue;
    }
    const size = files.size(path);
    if (size === undefined) {
      plan.missing.push(path);
      continue;
    }
    if (size > MAX_INPUT_BYTES) {
      plan.tooLarge.push(path);
      continue;
    }
    const bytes = files.read(path);
    if (bytes === undefined) plan.missing.push(path);
    else if (bytes.length > MAX_INPUT_BYTES) plan.tooLarge.push(path);
    else {
      const key = `in.${candidates.length + 1}.${keyTail(path)}`;
      // Estimated room in the script; the rendered script is measured below.
      const cost = 2 * key.length + bytes.length + 4 * Buffer.byteLength(path) + 32;
      if (total + cost > MAX_INPUTS_BYTES) {
        plan.overflow.push(path);
        continue;
      }
      total += cost;
      const candidate: Candidate = { key, path, bytes };
      const text = asText(bytes);
      if (text !== undefined) candidate.text = text;
      candidates.push(candidate);
    }
  }
  // Drop files from the end until the ConfigMap as it will be written fits.
  const sizeOf = (list: Candidate[]) => list.reduce((s, c) => s + Buffer.byteLength(c.key) + c.bytes.length, Buffer.byteLength(STAGE_IN_SCRIPT) + Buffer.byteLength(script(withDirs(list))));
  while (candidates.length > 0 && sizeOf(candidates) > MAX_INPUTS_BYTES) plan.overflow.push(candidates.pop()!.path);
  plan.staged = withDirs(candidates);
  for (const c of candidates) {
    if (c.text !== undefined) plan.data.set(c.key, c.text);
    else plan.binaryData.set(c.key, Buffer.from(c.bytes).toString('base64'));
  }
  plan.overflow.sort();
  if (plan.staged.length > 0) plan.script = script(plan.staged);
  return plan;
}

/** The files in order, each with its directory the first time one needs it. */
function withDirs(files: readonly { key: string; path: string }[]): StagedFile[] {
  const made = new Set<string>(['.']);
  return files.map(({ key, path }) => {
    const file: StagedFile = { key, path };
    const dir = posix.dirname(path);
    if (!made.has(dir)) {
      made.add(dir);
      file.dir = dir;
    }
    return file;
  });
}

/**
 * The file's text when it is UTF-8 that survives YAML as it is: a YAML 1.1 reader (kubectl's) takes
 * U+2028 and U+2029 for line breaks even in a quoted string, so text with them goes as bytes.
 */
function asText(bytes: Uint8Array): string | undefined {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined;
  }
  return /[\u2028\u2029]/.test(text) ? undefined : text;
}

/** The file name, as ConfigMap keys allow (`[-._a-zA-Z0-9]`), short: keys make `kubectl describe` readable. */
function keyTail(path: string): string {
  const tail = posix.basename(path).replace(/[^-._a-zA-Z0-9]+/g, '_').slice(0, 100);
  return tail === '' ? 'file' : tail;
}
