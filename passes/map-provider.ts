// map-provider: resources into what the target's provider accepts, from the site profile.
//
// Needs: resources lifted. Keeps: every job and file. Slurm: each step (and each job with its own
// resources) goes to the first partition of the site that fits it, with the site's account and
// qos. Kubernetes: to the smallest node size that fits. Fargate: resources rounded up to the
// cheapest allowed CPU/memory pair, with the extra cost reported (MAP002). Whatever fits nowhere
// is an error naming the job and the limit (MAP001). Without `--site`, or for a target with no
// provider section in it, nothing changes.

import { DiagnosticBag } from '../ir/diagnostics.js';
import type { Placement, Resources, Step } from '../ir/types.js';
import { formatDuration, formatMemory } from '../ir/units.js';
import type { FargateSite, KubernetesSite, Partition, SiteProfile, SlurmSite } from './context.js';
import type { Pass } from './pass.js';

const GiB = 2 ** 30;

export const mapProviderPass: Pass = {
  name: 'map-provider',
  description: "resources into the site's partitions, node sizes or Fargate sizes (--site)",
  requires: ['resources'],
  provides: ['placement'],
  keepsGraph: true,
  perTarget: true,
  run(wf, ctx) {
    const site = ctx?.site;
    const mapper = site && ctx ? mapperFor(ctx.target, site) : undefined;
    if (!mapper) return { workflow: wf, diagnostics: [], changes: ['nothing to do: no site profile for this target'] };
    const bag = new DiagnosticBag();
    const placed = new Map<string, number>();
    const count = (p: Placement) => {
      const key = p.partition ?? p.node ?? p.provider;
      placed.set(key, (placed.get(key) ?? 0) + 1);
    };
    const jobsOf = new Map<string, string[]>();
    for (const j of wf.jobs) {
      const list = jobsOf.get(j.step);
      if (list) list.push(j.id);
      else jobsOf.set(j.step, [j.id]);
    }
    const steps = wf.steps.map((step): Step => {
      const who = jobsOf.has(step.id) ? `job "${jobsOf.get(step.id)![0]}" (step "${step.name}")` : `step "${step.name}"`;
      const m = mapper(step.resources, who, bag, site!.file);
      if (!m) return step;
      count(m.placement);
      return { ...step, placement: m.placement, resources: m.resources };
    });
    const stepById = new Map(steps.map((s) => [s.id, s]));
    const jobs = wf.jobs.map((job) => {
      if (!job.resources) return job;
      const m = mapper({ ...stepById.get(job.step)!.resources, ...job.resources }, `job "${job.id}"`, bag, site!.file);
      if (!m) return job;
      count(m.placement);
      return { ...job, placement: m.placement, resources: m.resources };
    });
    return {
      workflow: { ...wf, steps, jobs },
      diagnostics: bag.items,
      changes: [`placed: ${[...placed].map(([k, n]) => `${n} on ${k}`).join(', ') || 'nothing'}`],
    };
  },
};

type Mapper = (r: Resources, who: string, bag: DiagnosticBag, file: string) => { placement: Placement; resources: Resources } | undefined;

function mapperFor(target: string, site: SiteProfile): Mapper | undefined {
  // Torc requests its allocations from Slurm: its schedulers take the same partitions.
  if ((target === 'slurm' || target === 'torc') && site.slurm) return slurmMapper(site.slurm);
  if (target === 'kubernetes' && site.fargate) return fargateMapper(site.fargate);
  if (target === 'kubernetes' && site.kubernetes) return kubernetesMapper(site.kubernetes);
  return undefined;
}

/** What a partition lacks for `r`, or undefined when it fits. */
function shortfall(p: Partition, r: Resources): string | undefined {
  if (p.maxCpus !== undefined && (r.cpus ?? 1) > p.maxCpus) return `${r.cpus} CPUs (at most ${p.maxCpus})`;
  if (p.maxMemoryBytes !== undefined && (r.memoryBytes ?? 0) > p.maxMemoryBytes) return `${formatMemory(r.memoryBytes!, 'generic')} memory (at most ${formatMemory(p.maxMemoryBytes, 'generic')})`;
  if (p.maxWalltimeSeconds !== undefined && (r.walltimeSeconds ?? 0) > p.maxWalltimeSeconds) return `${formatDuration(r.walltimeSeconds!, 'generic')} walltime (at most ${formatDuration(p.maxWalltimeSeconds, 'generic')})`;
  const gpus = r.gpus ?? 0;
  if (gpus > (p.maxGpus ?? 0)) return `${gpus} GPUs (at most ${p.maxGpus ?? 0})`;
  if (gpus > 0 && r.gpuType !== undefined && p.gpuTypes !== undefined && !p.gpuTypes.includes(r.gpuType)) return `GPU type ${r.gpuType} (has ${p.gpuTypes.join(', ')})`;
  return undefined;
}

function slurmMapper(site: SlurmSite): Mapper {
  const cache = new Map<string, string | undefined>();
  return (r, who, bag, file) => {
    const key = JSON.stringify(r);
    if (!cache.has(key)) cache.set(key, site.partitions.find((p) => shortfall(p, r) === undefined)?.name);
    const partition = cache.get(key);
    if (partition === undefined) {
      const why = site.partitions.map((p) => `${p.name}: ${shortfall(p, r)}`).join('; ');
      bag.error('MAP001', `${who} fits no partition of ${file}: ${why || 'it lists none'}`);
      return undefined;
    }
    const placement: Placement = { provider: 'slurm', partition };
    if (site.account !== undefined) placement.account = site.account;
    if (site.qos !== undefined) placement.qos = site.qos;
    return { placement, resources: r };
  };
}

function kubernetesMapper(site: KubernetesSite): Mapper {
  const nodes = [...site.nodes].sort((a, b) => a.cpus - b.cpus || a.memoryBytes - b.memoryBytes || (a.gpus ?? 0) - (b.gpus ?? 0));
  return (r, who, bag, file) => {
    const node = nodes.find((n) => (r.cpus ?? 1) <= n.cpus && (r.memoryBytes ?? 0) <= n.memoryBytes && (r.gpus ?? 0) <= (n.gpus ?? 0));
    if (!node) {
      const biggest = nodes[nodes.length - 1];
      bag.error('MAP001', `${who} asks for ${describe(r)}; no node size of ${file} holds it${biggest ? ` (the largest, ${biggest.name}, has ${biggest.cpus} CPUs, ${formatMemory(biggest.memoryBytes, 'generic')})` : ''}`);
      return undefined;
    }
    return { placement: { provider: 'kubernetes', node: node.name }, resources: r };
  };
}

/**
 * Fargate's task sizes: vCPU → allowed memory in GiB. From AWS's table of supported task CPU and
 * memory values (Linux).
 */
const FARGATE: [number, number[]][] = [
  [0.25, [0.5, 1, 2]],
  [0.5, [1, 2, 3, 4]],
  [1, range(2, 8, 1)],
  [2, range(4, 16, 1)],
  [4, range(8, 30, 1)],
  [8, range(16, 60, 4)],
  [16, range(32, 120, 8)],
];
/** us-east-1, Linux/x86, per hour. */
const FARGATE_PRICE = { cpu: 0.04048, gb: 0.004445 };

function range(from: number, to: number, step: number): number[] {
  const out: number[] = [];
  for (let x = from; x <= to; x += step) out.push(x);
  return out;
}

/** The cheapest Fargate task size that holds `cpus` vCPUs and `gb` GiB, or undefined when none does. */
export function fargateSize(cpus: number, gb: number, price: { cpu: number; gb: number } = FARGATE_PRICE): { cpu: number; gb: number; costPerHour: number } | undefined {
  const cost = (cpu: number, mem: number) => cpu * price.cpu + mem * price.gb;
  let best: { cpu: number; gb: number } | undefined;
  for (const [cpu, mems] of FARGATE) {
    if (cpu < cpus) continue;
    const mem = mems.find((m) => m >= gb);
    if (mem === undefined) continue;
    if (!best || cost(cpu, mem) < cost(best.cpu, best.gb)) best = { cpu, gb: mem };
  }
  return best && { ...best, costPerHour: cost(best.cpu, best.gb) };
}

export function fargateCost(cpus: number, gb: number, price: { cpu: number; gb: number } = FARGATE_PRICE): number {
  return cpus * price.cpu + gb * price.gb;
}

function fargateMapper(site: FargateSite): Mapper {
  const price = { cpu: site.pricePerCpuHour ?? FARGATE_PRICE.cpu, gb: site.pricePerGbHour ?? FARGATE_PRICE.gb };
  return (r, who, bag) => {
    const cpus = r.cpus ?? 0.25;
    const gb = (r.memoryBytes ?? 0) / GiB;
    if ((r.gpus ?? 0) > 0) {
      bag.error('MAP001', `${who} asks for ${r.gpus} GPUs; Fargate has none`);
      return undefined;
    }
    const best = fargateSize(cpus, gb, price);
    if (!best) {
      bag.error('MAP001', `${who} asks for ${describe(r)}; Fargate's largest task is 16 vCPU with 120 GiB`);
      return undefined;
    }
    const resources: Resources = { ...r, cpus: best.cpu, memoryBytes: best.gb * GiB };
    if (best.cpu !== cpus || best.gb !== gb) {
      const was = fargateCost(cpus, gb, price);
      const now = best.costPerHour;
      bag.warning('MAP002', `${who} asks for ${cpus} vCPU, ${round(gb)} GiB; Fargate runs it as ${best.cpu} vCPU, ${best.gb} GiB: $${now.toFixed(4)}/h instead of $${was.toFixed(4)}/h (+${was > 0 ? Math.round((100 * (now - was)) / was) : 100}%)`);
    }
    return { placement: { provider: 'fargate' }, resources };
  };
}

function describe(r: Resources): string {
  const parts = [`${r.cpus ?? 1} CPUs`];
  if (r.memoryBytes !== undefined) parts.push(`${formatMemory(r.memoryBytes, 'generic')} memory`);
  if (r.gpus) parts.push(`${r.gpus} GPUs`);
  return parts.join(', ');
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
