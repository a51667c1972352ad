// Names Pegasus accepts, mapped from IR ids without collisions.
// Job ids: [A-Za-z0-9_-] (the planner's rule). Transformations: also `.`. LFNs: paths without a
// scheme or a leading slash, so that deep names stay inside the scratch directory.

import { uniqueIds, uniqueNames } from '../../ir/ids.js';
import type { Workflow } from '../../ir/types.js';

export const JOB_ID = /[A-Za-z0-9_-]/;
const TRANSFORMATION = /[A-Za-z0-9_.-]/;
const LFN = /[A-Za-z0-9_.\/+=@,-]/;

export interface PegasusNames {
  workflow: string;
  job: Map<string, string>;
  transformation: Map<string, string>;
  lfn: Map<string, string>;
}

/** `https://host/a/b.txt` → `a/b.txt`; `/abs/x` → `abs/x`. */
export function lfnBase(fileId: string): string {
  if (!fileId.startsWith('/') && !fileId.includes(':')) return fileId;
  return fileId.replace(/^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/]*/, '').replace(/^\/+/, '');
}

export function pegasusNames(wf: Workflow): PegasusNames {
  return {
    workflow: uniqueIds([wf.name], JOB_ID, 'workflow').get(wf.name)!,
    job: uniqueIds(wf.jobs.map((j) => j.id), JOB_ID, 'job'),
    transformation: uniqueIds(wf.steps.map((s) => s.id), TRANSFORMATION, 'step'),
    lfn: uniqueNames(wf.files.map((f) => [f.id, lfnBase(f.id) || f.id]), LFN, 'file'),
  };
}
