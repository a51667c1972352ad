// Pegasus profiles (namespace, key, value) as IR resources, environment, retries and labels.
//
// Task resources come from the `pegasus` namespace (cores, memory and diskspace in MB, runtime in
// seconds, gpus) and from the execution environment's own keys, which Pegasus lets win over them:
// HTCondor's request_* (memory in MB, disk in KiB unless a unit is given) and +MaxRuntime, Globus
// RSL's count, maxmemory and maxwalltime (minutes). Keys with no IR meaning are returned by name,
// for the loss ledger.

import type { Code } from '../../ir/codes.js';
import type { DiagnosticBag } from '../../ir/diagnostics.js';
import type { Resources, Span } from '../../ir/types.js';
import { parseCpus, parseDuration, parseMemory, type Parsed } from '../../ir/units.js';
import type { Namespace, Profiles, Scalar } from './documents.js';

export interface ProfileReading {
  resources: Resources;
  /** Which profile gave each resource, for messages: `[namespace, key]`. */
  origin: Partial<Record<keyof Resources, [Namespace, string]>>;
  env: Record<string, string>;
  retries?: number;
  /** `retry` or `RETRY`: DAGMan takes either. */
  retryKey?: string;
  /** `pegasus.label`: Pegasus clusters jobs with the same label into one. */
  label?: string;
  /** `selector.pfn`: the executable for this job instead of the catalog's. */
  pfn?: string;
  /** `namespace.key` of every profile the IR has no place for. */
  unmapped: string[];
}

type Setter = { field: keyof Resources; code: Code; read: (v: Scalar) => Parsed };

const KiB = 1024;
const MINUTE = 60;

const count = (v: Scalar): Parsed => {
  const n = Number(v);
  return typeof v !== 'boolean' && Number.isInteger(n) && n >= 0 && String(v).trim() !== '' ? { value: n } : { error: `"${String(v)}" is not a whole number` };
};
const cpus = (v: Scalar): Parsed => (typeof v === 'boolean' ? { error: `${v} is not a CPU count` } : parseCpus(v, 'pegasus'));
const megabytes = (v: Scalar): Parsed => (typeof v === 'boolean' ? { error: `${v} is not a memory amount` } : parseMemory(v, 'pegasus'));
/** HTCondor sizes: a bare number is in MiB (memory) or KiB (disk); K, M, G, T are powers of 1024. */
const condorSize = (bare: number) => (v: Scalar): Parsed => {
  if (typeof v === 'boolean') return { error: `${v} is not a size` };
  if (/^\s*\d+(\.\d+)?\s*$/.test(String(v))) return { value: Number(v) * bare };
  return parseMemory(String(v), 'slurm');
};
const seconds = (v: Scalar): Parsed => (typeof v === 'boolean' ? { error: `${v} is not a duration` } : parseDuration(v, 'pegasus'));
const minutes = (v: Scalar): Parsed => {
  const r = count(v);
  return 'value' in r ? { value: r.value * MINUTE } : { error: `"${String(v)}" is not a whole number of minutes` };
};

/**
 * Resource keys per namespace, in the order they apply: later namespaces win (the execution
 * environment's keys over Pegasus's). Within `pegasus`, `runtime` wins over `maxwalltime`.
 */
const RESOURCE_KEYS: [Namespace, Record<string, Setter>][] = [
  [
    'pegasus',
    {
      maxwalltime: { field: 'walltimeSeconds', code: 'UNIT002', read: minutes },
      runtime: { field: 'walltimeSeconds', code: 'UNIT002', read: seconds },
      cores: { field: 'cpus', code: 'UNIT003', read: cpus },
      memory: { field: 'memoryBytes', code: 'UNIT001', read: megabytes },
      diskspace: { field: 'diskBytes', code: 'UNIT001', read: megabytes },
      gpus: { field: 'gpus', code: 'UNIT003', read: count },
    },
  ],
  [
    'globus',
    {
      count: { field: 'cpus', code: 'UNIT003', read: cpus },
      maxmemory: { field: 'memoryBytes', code: 'UNIT001', read: megabytes },
      maxwalltime: { field: 'walltimeSeconds', code: 'UNIT002', read: minutes },
    },
  ],
  [
    'condor',
    {
      request_cpus: { field: 'cpus', code: 'UNIT003', read: cpus },
      request_memory: { field: 'memoryBytes', code: 'UNIT001', read: condorSize(1024 * KiB) },
      request_disk: { field: 'diskBytes', code: 'UNIT001', read: condorSize(KiB) },
      request_gpus: { field: 'gpus', code: 'UNIT003', read: count },
      '+MaxRuntime': { field: 'walltimeSeconds', code: 'UNIT002', read: seconds },
      MaxRuntime: { field: 'walltimeSeconds', code: 'UNIT002', read: seconds },
    },
  ],
];

/**
 * Reads one level of profiles (a transformation, a job, the workflow). `at` positions a key for
 * diagnostics about values that are not understood.
 */
export function readProfiles(profiles: Profiles | undefined, at: (ns: Namespace, key: string) => Span, bag: DiagnosticBag): ProfileReading {
  const out: ProfileReading = { resources: {}, origin: {}, env: {}, unmapped: [] };
  if (!profiles) return out;
  const used = new Set<string>();
  for (const [ns, keys] of RESOURCE_KEYS) {
    const given = profiles[ns];
    if (!given) continue;
    for (const key of Object.keys(keys)) {
      if (!(key in given)) continue;
      used.add(`${ns}.${key}`);
      const setter = keys[key]!;
      const r = setter.read(given[key]!);
      if ('error' in r) {
        bag.warning(setter.code, `profile ${ns}.${key}: ${r.error}; it is left out`, at(ns, key));
        out.unmapped.push(`${ns}.${key}`);
      } else {
        (out.resources as Record<string, number>)[setter.field] = r.value;
        out.origin[setter.field] = [ns, key];
      }
    }
  }
  for (const [k, v] of Object.entries(profiles.env ?? {})) {
    if (!k.startsWith('x-')) out.env[k] = String(v);
  }
  const retryKey = ['retry', 'RETRY'].find((k) => profiles.dagman?.[k] !== undefined);
  if (retryKey !== undefined) {
    const r = count(profiles.dagman![retryKey]!);
    if ('value' in r) {
      out.retries = r.value;
      out.retryKey = retryKey;
    } else bag.warning('UNIT003', `profile dagman.${retryKey}: ${r.error}; it is left out`, at('dagman', retryKey));
    used.add('dagman.retry').add('dagman.RETRY');
  }
  const label = profiles.pegasus?.label;
  if (label !== undefined) {
    out.label = String(label);
    used.add('pegasus.label');
  }
  for (const ns of ['selector', 'hints'] as const) {
    const pfn = profiles[ns]?.pfn;
    if (pfn !== undefined) {
      out.pfn = String(pfn);
      used.add(`${ns}.pfn`);
    }
  }
  for (const ns of ['pegasus', 'condor', 'globus', 'dagman', 'selector', 'hints'] as const) {
    for (const key of Object.keys(profiles[ns] ?? {})) {
      if (!key.startsWith('x-') && !used.has(`${ns}.${key}`)) out.unmapped.push(`${ns}.${key}`);
    }
  }
  return out;
}

/** Why a profile the IR cannot hold matters, by namespace (and a few keys people use often). */
export function unmappedReason(profile: string): string {
  const [ns, ...rest] = profile.split('.');
  const key = rest.join('.');
  if (key === 'execution.site') return 'the IR does not pin jobs to a site: choose the target when converting';
  if (ns === 'pegasus' && /^clusters\./.test(key)) return 'horizontal clustering is not carried: ask for it with --cluster size=N or count=N';
  switch (ns) {
    case 'condor':
      return 'an HTCondor submit-file setting with no IR equivalent';
    case 'globus':
      return 'a Globus RSL setting with no IR equivalent';
    case 'dagman':
      return 'a DAGMan setting with no IR equivalent';
    case 'pegasus':
      return 'a Pegasus planner setting with no IR equivalent';
    default:
      return 'a site-selection setting with no IR equivalent';
  }
}
