// The site catalog (sc-5.0.yml). Without a deployment: `local` holds the submit host's scratch and
// the final outputs, `condorpool` runs the jobs. With one (a Pegasus source's own sites, or targets
// another format or `wfc migrate` gave), one site per target: what the provider needs to submit
// (HTCondor's vanilla universe, glite for batch systems) plus the target's settings, written in
// Pegasus's words where they have a place and listed as losses where not.

import type { DeploymentTarget, JsonValue, Loss, Workflow } from '../../ir/types.js';
import { parseDuration } from '../../ir/units.js';

const STAGE = 'backend:pegasus';
/** The site jobs run on when the workflow says nothing of where. */
export const DEFAULT_EXECUTION_SITE = 'condorpool';

const SITE_KEYS = new Set(['arch', 'os.type', 'os.release', 'os.version']);
const NAMESPACES = new Set(['pegasus', 'condor', 'globus', 'dagman', 'env', 'selector', 'hints']);
/** Batch systems Pegasus reaches through glite (HTCondor's BLAH). */
const BATCH = new Set(['slurm', 'pbs', 'lsf', 'sge', 'moab']);
/** Pegasus profile keys other formats' targets also use, with their Pegasus name and value. */
const TRANSLATED: Record<string, (v: JsonValue) => [string, JsonValue] | undefined> = {
  queue: (v) => ['queue', v],
  partition: (v) => ['queue', v],
  account: (v) => ['project', v],
  nodes: (v) => ['nodes', v],
  walltime: (v) => {
    const parsed = typeof v === 'string' || typeof v === 'number' ? parseDuration(v, 'generic') : undefined;
    return parsed && 'value' in parsed ? ['runtime', String(parsed.value)] : undefined;
  },
};

function directory(type: string, path: string) {
  return { type, path: `\${PWD}/${path}`, sharedFileSystem: false, fileServers: [{ url: `file://\${PWD}/${path}`, operation: 'all' }] };
}

const LOCAL = { name: 'local', arch: 'x86_64', 'os.type': 'linux', directories: [directory('sharedScratch', 'scratch'), directory('localStorage', 'output')] };
const CONDORPOOL = { name: DEFAULT_EXECUTION_SITE, arch: 'x86_64', 'os.type': 'linux', profiles: { condor: { universe: 'vanilla' }, pegasus: { style: 'condor' } } };

export interface Sites {
  catalog: object;
  /** Where jobs run: the first site that is not `local`, or `local` when it is the only one. */
  execution: string;
}

export function buildSites(wf: Workflow, losses: Loss[]): Sites {
  const targets = wf.deployment?.targets ?? [];
  if (targets.length === 0) return { catalog: { pegasus: '5.0', sites: [LOCAL, CONDORPOOL] }, execution: DEFAULT_EXECUTION_SITE };
  const ownWords = wf.source.format === 'pegasus';
  const sites = targets.map((t) => siteOf(t, ownWords, losses)).filter((s) => s !== undefined);
  if (!sites.some((s) => s.name === 'local')) sites.unshift(LOCAL);
  const execution = String(sites.find((s) => s.name !== 'local')?.name ?? 'local');
  return { catalog: { pegasus: '5.0', sites }, execution };
}

function siteOf(t: DeploymentTarget, ownWords: boolean, losses: Loss[]): Record<string, JsonValue> | undefined {
  const lose = (construct: string, reason: string) => losses.push({ stage: STAGE, construct: `${construct} of target "${t.name}"`, reason, severity: 'warning' });
  if (!['local', 'htcondor', ...BATCH].includes(t.provider)) {
    lose(`provider ${t.provider}`, 'Pegasus submits to HTCondor pools and, through glite, to batch systems; the target is left out of sites.yml');
    return undefined;
  }
  const site: Record<string, JsonValue> = { name: t.name };
  const profiles: Record<string, Record<string, JsonValue>> = {};
  const pegasus = (profiles.pegasus ??= {});
  for (const [key, value] of Object.entries(t.settings)) {
    if (SITE_KEYS.has(key) || key === 'directories' || key === 'grids') site[key] = value;
    else if (NAMESPACES.has(key) && value !== null && typeof value === 'object' && !Array.isArray(value)) profiles[key] = { ...profiles[key], ...(value as Record<string, JsonValue>) };
    else {
      // Other formats' words first (a migrated target says `walltime`); a Pegasus source's own words pass as they are.
      const translated = TRANSLATED[key]?.(value);
      if (translated) pegasus[translated[0]] = translated[1];
      else if (ownWords && (value === null || typeof value !== 'object')) pegasus[key] = value;
      else lose(`setting ${key}`, 'a Pegasus site has no place for it');
    }
  }
  if (t.provider === 'local' && site.directories === undefined) site.directories = LOCAL.directories as unknown as JsonValue;
  if (t.provider === 'htcondor') {
    pegasus.style ??= 'condor';
    (profiles.condor ??= {}).universe ??= 'vanilla';
  } else if (BATCH.has(t.provider)) {
    pegasus.style ??= 'glite';
    (profiles.condor ??= {}).grid_resource ??= `batch ${t.provider}`;
  }
  for (const [ns, values] of Object.entries(profiles)) if (Object.keys(values).length === 0) delete profiles[ns];
  if (Object.keys(profiles).length > 0) site.profiles = profiles;
  return site;
}
