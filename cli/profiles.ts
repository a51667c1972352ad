// The files and options that tell passes about the user's world: `--defaults file.yaml` (resource
// defaults), `--site site.yaml` (what a provider accepts) and `--cluster SPEC`. Each file is
// checked against a schema, with diagnostics that point into it, and its amounts parsed with
// ir/units.ts, so passes see plain numbers.

import { checkAgainstSchema } from '../frontends/common/schema-check.js';
import { parseYamlDocument } from '../frontends/common/yaml.js';
import type { DiagnosticBag } from '../ir/diagnostics.js';
import type { Resources, Span } from '../ir/types.js';
import { parseCpus, parseDuration, parseMemory, type Parsed } from '../ir/units.js';
import type { JsonPath } from '../ir/workflow.js';
import type { ClusterSpec, NodeSize, Partition, ResourceDefaults, SiteProfile } from '../passes/context.js';

const amount = { type: ['string', 'number'] } as const;
const name = { type: 'string', minLength: 1 } as const;

const resourceSpec = {
  type: 'object',
  additionalProperties: false,
  properties: { cpus: amount, memory: amount, time: amount, disk: amount, gpus: { type: 'integer', minimum: 0 }, gpu_type: name },
} as const;

export const DEFAULTS_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    defaults: resourceSpec,
    labels: { type: 'object', additionalProperties: resourceSpec },
    steps: { type: 'object', additionalProperties: resourceSpec },
  },
} as const;

export const SITE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    slurm: {
      type: 'object',
      required: ['partitions'],
      additionalProperties: false,
      properties: {
        account: name,
        qos: name,
        max_array_size: { type: 'integer', minimum: 1 },
        array_throttle: { type: 'integer', minimum: 1 },
        partitions: {
          type: 'array',
          minItems: 1,
          items: {
            type: 'object',
            required: ['name'],
            additionalProperties: false,
            properties: {
              name,
              max_cpus: { type: 'number', exclusiveMinimum: 0 },
              max_memory: amount,
              max_time: amount,
              max_gpus: { type: 'integer', minimum: 0 },
              gpu_types: { type: 'array', items: name },
            },
          },
        },
      },
    },
    kubernetes: {
      type: 'object',
      required: ['nodes'],
      additionalProperties: false,
      properties: {
        nodes: {
          type: 'array',
          minItems: 1,
          items: {
            type: 'object',
            required: ['name', 'cpus', 'memory'],
            additionalProperties: false,
            properties: { name, cpus: amount, memory: amount, gpus: { type: 'integer', minimum: 0 } },
          },
        },
      },
    },
    fargate: {
      type: ['object', 'null'],
      additionalProperties: false,
      properties: { price_per_cpu_hour: { type: 'number', minimum: 0 }, price_per_gb_hour: { type: 'number', minimum: 0 } },
    },
  },
} as const;

type Raw = Record<string, unknown>;

/** Reads an amount with the right parser; reports UNIT00x at its position. */
function amountReader(bag: DiagnosticBag, locate: (path: JsonPath) => Span) {
  return (value: unknown, path: JsonPath, kind: 'memory' | 'time' | 'cpus'): number | undefined => {
    if (value === undefined) return undefined;
    const v = value as string | number;
    const parsed: Parsed = kind === 'memory' ? parseMemory(v) : kind === 'time' ? parseDuration(v) : parseCpus(v);
    if ('value' in parsed) return parsed.value;
    bag.error(kind === 'memory' ? 'UNIT001' : kind === 'time' ? 'UNIT002' : 'UNIT003', parsed.error, locate(path));
    return undefined;
  };
}

export function readDefaults(file: string, text: string, bag: DiagnosticBag): ResourceDefaults | undefined {
  const doc = parseYamlDocument({ path: file, text }, bag);
  if (!doc) return undefined;
  const value = doc.value ?? {};
  if (!checkAgainstSchema(DEFAULTS_SCHEMA, { ...doc, value }, bag, 'WFC009', 'keys: defaults, labels, steps; each with cpus, memory, time, disk, gpus, gpu_type')) return undefined;
  const read = amountReader(bag, doc.locate);
  const resources = (spec: Raw, path: JsonPath): Resources => {
    const r: Resources = {};
    const cpus = read(spec.cpus, [...path, 'cpus'], 'cpus');
    const memory = read(spec.memory, [...path, 'memory'], 'memory');
    const time = read(spec.time, [...path, 'time'], 'time');
    const disk = read(spec.disk, [...path, 'disk'], 'memory');
    if (cpus !== undefined) r.cpus = cpus;
    if (memory !== undefined) r.memoryBytes = memory;
    if (disk !== undefined) r.diskBytes = disk;
    if (spec.gpus !== undefined) r.gpus = spec.gpus as number;
    if (spec.gpu_type !== undefined) r.gpuType = spec.gpu_type as string;
    if (time !== undefined) r.walltimeSeconds = time;
    return r;
  };
  const raw = value as Raw;
  const table = (key: 'labels' | 'steps') =>
    raw[key] === undefined ? undefined : Object.fromEntries(Object.entries(raw[key] as Record<string, Raw>).map(([k, spec]) => [k, resources(spec, [key, k])]));
  const out: ResourceDefaults = { file };
  if (raw.defaults !== undefined) out.defaults = resources(raw.defaults as Raw, ['defaults']);
  const labels = table('labels');
  const steps = table('steps');
  if (labels) out.labels = labels;
  if (steps) out.steps = steps;
  return bag.hasErrors ? undefined : out;
}

export function readSite(file: string, text: string, bag: DiagnosticBag): SiteProfile | undefined {
  const doc = parseYamlDocument({ path: file, text }, bag);
  if (!doc) return undefined;
  const value = doc.value ?? {};
  if (!checkAgainstSchema(SITE_SCHEMA, { ...doc, value }, bag, 'WFC009', 'sections: slurm (partitions, account, qos), kubernetes (nodes), fargate')) return undefined;
  const read = amountReader(bag, doc.locate);
  const raw = value as Raw;
  const out: SiteProfile = { file };
  if (raw.slurm) {
    const s = raw.slurm as Raw;
    const partitions = (s.partitions as Raw[]).map((p, i): Partition => {
      const at = ['slurm', 'partitions', i];
      const part: Partition = { name: p.name as string };
      if (p.max_cpus !== undefined) part.maxCpus = p.max_cpus as number;
      const mem = read(p.max_memory, [...at, 'max_memory'], 'memory');
      const time = read(p.max_time, [...at, 'max_time'], 'time');
      if (mem !== undefined) part.maxMemoryBytes = mem;
      if (time !== undefined) part.maxWalltimeSeconds = time;
      if (p.max_gpus !== undefined) part.maxGpus = p.max_gpus as number;
      if (p.gpu_types !== undefined) part.gpuTypes = p.gpu_types as string[];
      return part;
    });
    out.slurm = { partitions };
    if (s.account !== undefined) out.slurm.account = s.account as string;
    if (s.qos !== undefined) out.slurm.qos = s.qos as string;
    if (s.max_array_size !== undefined) out.slurm.maxArraySize = s.max_array_size as number;
    if (s.array_throttle !== undefined) out.slurm.arrayThrottle = s.array_throttle as number;
  }
  if (raw.kubernetes) {
    const nodes = ((raw.kubernetes as Raw).nodes as Raw[]).map((n, i): NodeSize => {
      const at = ['kubernetes', 'nodes', i];
      const node: NodeSize = { name: n.name as string, cpus: read(n.cpus, [...at, 'cpus'], 'cpus') ?? 0, memoryBytes: read(n.memory, [...at, 'memory'], 'memory') ?? 0 };
      if (n.gpus !== undefined) node.gpus = n.gpus as number;
      return node;
    });
    out.kubernetes = { nodes };
  }
  if ('fargate' in raw) {
    const f = (raw.fargate ?? {}) as Raw;
    out.fargate = {};
    if (f.price_per_cpu_hour !== undefined) out.fargate.pricePerCpuHour = f.price_per_cpu_hour as number;
    if (f.price_per_gb_hour !== undefined) out.fargate.pricePerGbHour = f.price_per_gb_hour as number;
  }
  return bag.hasErrors ? undefined : out;
}

/** `size=20`, `count=8`, `label`. */
export function parseClusterSpec(spec: string): ClusterSpec | { error: string } {
  const s = spec.trim();
  if (s === 'label') return { by: 'label' };
  const m = /^(size|count)=(\d+)$/.exec(s);
  if (!m || Number(m[2]) < 1) return { error: `--cluster ${JSON.stringify(spec)} is not understood` };
  return m[1] === 'size' ? { by: 'size', size: Number(m[2]) } : { by: 'count', count: Number(m[2]) };
}
