// Names in a Torc spec. Torc matches names exactly (depends_on, actions, file references), so any
// text will do as long as each is unique: jobs keep the source's name (or id), files the name the
// Torc source gave them, else their path, which is what a reader wants to see in `${files.input.X}`.

import { uniqueNames } from '../../ir/ids.js';
import type { TorcKept } from '../../ir/formats/torc.js';
import type { Workflow } from '../../ir/types.js';

const ANY = /[\s\S]/u;

export interface TorcNames {
  /** Job id → Torc job name. */
  job: Map<string, string>;
  /** File id → Torc file (or dataset) name. */
  file: Map<string, string>;
}

export function torcNames(wf: Workflow, kept: TorcKept): TorcNames {
  const keptName = (path: string) => {
    const name = kept.files?.[path]?.name;
    return typeof name === 'string' && name !== '' ? name : path;
  };
  return {
    job: uniqueNames(wf.jobs.map((j) => [j.id, j.name ?? j.id]), ANY, 'job'),
    file: uniqueNames(wf.files.map((f) => [f.id, keptName(f.id)]), ANY, 'file'),
  };
}
