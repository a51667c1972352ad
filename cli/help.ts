// Help texts and option helpers that command definitions need at start-up (kept light).

import { BACKENDS } from '../backends/registry.js';
import { FRONTENDS } from '../frontends/registry.js';

/** Repeatable options: `--param a=1 --param b=2`. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export const FORMATS_HELP = FRONTENDS.map((f) => `  ${f.format.padEnd(11)} ${f.title} (${f.extensions.join(', ')})`).join('\n');
export const TARGETS_HELP = BACKENDS.map((b) => `  ${b.target.padEnd(11)} ${b.title}`).join('\n');
