// Resources as Pegasus profile keys: pegasus.cores, memory and diskspace in MB, gpus, runtime in s.

import type { Resources } from '../../ir/types.js';
import { formatCpus, formatDuration, formatMemory } from '../../ir/units.js';

export function resourceProfile(r: Resources): Record<string, number> {
  const p: Record<string, number> = {};
  if (r.cpus !== undefined) p.cores = Number(formatCpus(r.cpus, 'pegasus'));
  if (r.memoryBytes !== undefined) p.memory = Number(formatMemory(r.memoryBytes, 'pegasus'));
  if (r.diskBytes !== undefined) p.diskspace = Number(formatMemory(r.diskBytes, 'pegasus'));
  if (r.gpus !== undefined) p.gpus = r.gpus;
  if (r.walltimeSeconds !== undefined) p.runtime = Number(formatDuration(r.walltimeSeconds, 'pegasus'));
  return p;
}
