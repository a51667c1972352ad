// The site catalog as deployment targets. A site's provider follows from how Pegasus submits to
// it: `local` is the submit host; the `condor` and `condorc` styles (or a vanilla universe) hand jobs
// to an HTCondor pool; the `glite` and `ssh` styles and `batch` grids hand them to a batch system
// named by `grid_resource: batch slurm` or the grid's scheduler. Settings keep Pegasus's words and
// values: the pegasus profile keys (queue, project, runtime, style, ...) as they are, the other
// profile namespaces, grids and directories under their own names.

import type { Deployment, DeploymentTarget, JsonValue } from '../../ir/types.js';
import { spanOf, type CatalogEntries, type Site } from './documents.js';
import type { Ledger } from './losses.js';

const SCHEDULERS = new Set(['slurm', 'pbs', 'lsf', 'sge', 'moab', 'condor', 'flux', 'cobalt']);

export function readSites(sites: CatalogEntries<Site>, ledger: Ledger): Deployment | undefined {
  if (!sites.found) return undefined;
  const targets: DeploymentTarget[] = [];
  for (const entry of sites.entries) {
    const site = entry.value;
    const provider = providerOf(site);
    if (provider === undefined) {
      ledger.add('storage site', `site "${site.name}"`, 'a site that only holds data (file servers, no way to run jobs) has no IR equivalent', 'info', spanOf(entry));
      continue;
    }
    targets.push({ name: site.name, provider, settings: settingsOf(site) });
  }
  return { targets, overlays: [] };
}

/** The provider a site submits to; undefined for a site that only stores data. */
export function providerOf(site: Site): string | undefined {
  if (site.name === 'local') return 'local';
  const style = String(site.profiles?.pegasus?.style ?? '').toLowerCase();
  const gridResource = String(site.profiles?.condor?.grid_resource ?? '').trim().split(/\s+/);
  const grids = site.grids ?? [];
  const compute = grids.find((g) => g.jobtype === 'compute') ?? grids[0];
  const batch = style === 'glite' || style === 'ssh' || gridResource[0] === 'batch' || compute?.type === 'batch';
  if (batch) {
    const scheduler = gridResource[0] === 'batch' && gridResource[1] ? gridResource[1] : compute?.scheduler;
    return scheduler && SCHEDULERS.has(scheduler.toLowerCase()) ? scheduler.toLowerCase() : 'batch';
  }
  if (style === 'condor' || style === 'condorc' || site.profiles?.condor?.universe !== undefined || compute?.type === 'condor') return 'htcondor';
  if (compute) return compute.type === 'gt5' ? 'globus' : compute.type;
  if (style !== '') return style;
  // No way of submitting named: Pegasus submits through HTCondor, unless the site only stores data.
  return site.directories?.length && !site.profiles ? undefined : 'htcondor';
}

function settingsOf(site: Site): Record<string, JsonValue> {
  const settings: Record<string, JsonValue> = {};
  for (const key of ['arch', 'os.type', 'os.release', 'os.version'] as const) {
    if (site[key] !== undefined) settings[key] = site[key]!;
  }
  for (const [ns, values] of Object.entries(site.profiles ?? {})) {
    if (ns === 'pegasus') Object.assign(settings, values);
    else settings[ns] = { ...values };
  }
  if (site.grids) settings.grids = site.grids as unknown as JsonValue;
  if (site.directories) settings.directories = site.directories as unknown as JsonValue;
  return settings;
}
