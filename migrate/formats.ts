// Which artifact format a migration writes. A deployment format (a Scalable manifest, a Torc spec,
// a Pegasus workflow with its site catalog) stays what it is when it can say the new provider; any
// other source goes to the format the new provider runs natively.

import type { Provider } from './providers.js';

/** Providers each target format can say. Formats absent here are provider-neutral (IR, WfFormat). */
const EXPRESSES: Record<string, readonly Provider[]> = {
  scalable: ['local', 'slurm', 'kubernetes', 'aws', 'gcp'],
  torc: ['local', 'slurm'],
  pegasus: ['local', 'htcondor', 'slurm'],
  slurm: ['slurm'],
  kubernetes: ['kubernetes', 'aws', 'gcp'],
};

/** Formats that are both read and written and say where they run: a migration keeps them. */
const DEPLOYMENT_FORMATS = new Set(['scalable', 'torc', 'pegasus']);

/** What each provider runs without further tooling. */
const NATIVE: Record<Provider, string> = {
  local: 'scalable',
  slurm: 'slurm',
  kubernetes: 'kubernetes',
  aws: 'scalable',
  gcp: 'scalable',
  htcondor: 'pegasus',
};

export function canExpress(format: string, provider: Provider): boolean {
  const list = EXPRESSES[format];
  return list === undefined || list.includes(provider);
}

/** The format to write: the user's choice, else the source's own when it can, else the provider's native one. */
export function formatFor(sourceFormat: string, to: Provider, chosen?: string): string {
  if (chosen !== undefined) return chosen;
  if (DEPLOYMENT_FORMATS.has(sourceFormat) && canExpress(sourceFormat, to)) return sourceFormat;
  return NATIVE[to];
}
