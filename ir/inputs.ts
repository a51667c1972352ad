// Where a workflow's raw inputs come from: files no job writes must be found somewhere when the
// workflow runs. A file is located when the source saw it (on disk, in a trace), declares it as a
// workflow input, or names it by absolute path or URL (the user's to provide).

import type { FileEntry, Workflow } from './types.js';

const URL = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//;

export function isRemote(fileId: string): boolean {
  return URL.test(fileId);
}

/** A test for "is this raw input located", built once per workflow. */
export function locatedInput(wf: Workflow): (file: FileEntry) => boolean {
  const names = new Set<string>();
  const patterns: RegExp[] = [];
  for (const input of wf.inputs) {
    names.add(input.id);
    names.add(input.name);
    if (input.pattern !== undefined) {
      names.add(input.pattern);
      // `{D}` in a pattern stands for any item of domain D.
      const source = input.pattern.split(/\{[^{}]*\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[^/]+');
      patterns.push(new RegExp(`^${source}$`));
    }
  }
  return (f) => f.origin !== undefined || f.id.startsWith('/') || isRemote(f.id) || names.has(f.id) || patterns.some((p) => p.test(f.id));
}
