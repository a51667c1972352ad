// The WfCommons traces in the shared corpus.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { sharedPath } from './paths.js';

export interface Trace {
  name: string;
  path: string;
  text: string;
}

export function sharedTraces(): Trace[] {
  const root = sharedPath('corpus/wfinstances');
  const out: Trace[] = [];
  const walk = (dir: string) => {
    for (const f of readdirSync(dir).sort()) {
      const full = join(dir, f);
      if (statSync(full).isDirectory()) walk(full);
      else if (f.endsWith('.json')) out.push({ name: relative(root, full), path: full, text: readFileSync(full, 'utf8') });
    }
  };
  walk(root);
  return out;
}
