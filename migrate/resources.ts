// How each provider asks for a job's resources, to show in the report what a resource class becomes,
// and the one place where migrating changes resources: Fargate runs only certain CPU/memory pairs.

import type { Resources } from '../ir/types.js';
import { formatDuration, formatMemory } from '../ir/units.js';
import { fargateCost, fargateSize } from '../passes/map-provider.js';
import type { Provider } from './providers.js';

const GiB = 2 ** 30;

/** The resources as the provider's own settings say them, e.g. `--cpus-per-task=4 --mem=16G`. */
export function spell(r: Resources, provider: Provider): string {
  const parts: string[] = [];
  const gpus = r.gpus ?? 0;
  switch (provider) {
    case 'slurm':
      if (r.cpus !== undefined) parts.push(`--cpus-per-task=${Math.ceil(r.cpus)}`);
      if (r.memoryBytes !== undefined) parts.push(`--mem=${formatMemory(r.memoryBytes, 'slurm')}`);
      if (r.walltimeSeconds !== undefined) parts.push(`--time=${formatDuration(r.walltimeSeconds, 'slurm')}`);
      if (gpus > 0) parts.push(`--gres=gpu:${r.gpuType ? `${r.gpuType}:` : ''}${gpus}`);
      break;
    case 'kubernetes':
      if (r.cpus !== undefined) parts.push(`cpu: ${r.cpus < 1 ? `${Math.round(r.cpus * 1000)}m` : r.cpus}`);
      if (r.memoryBytes !== undefined) parts.push(`memory: ${formatMemory(r.memoryBytes, 'kubernetes')}`);
      if (gpus > 0) parts.push(`nvidia.com/gpu: ${gpus}`);
      if (r.walltimeSeconds !== undefined) parts.push(`activeDeadlineSeconds: ${r.walltimeSeconds}`);
      break;
    case 'htcondor':
      if (r.cpus !== undefined) parts.push(`request_cpus = ${Math.ceil(r.cpus)}`);
      if (r.memoryBytes !== undefined) parts.push(`request_memory = ${Math.ceil(r.memoryBytes / 2 ** 20)}`);
      if (gpus > 0) parts.push(`request_gpus = ${gpus}`);
      if (r.walltimeSeconds !== undefined) parts.push(`allowed_job_duration = ${r.walltimeSeconds}`);
      break;
    case 'aws':
    case 'gcp':
    case 'local':
      if (r.cpus !== undefined) parts.push(`${r.cpus} ${provider === 'local' ? 'CPU' : 'vCPU'}`);
      if (r.memoryBytes !== undefined) parts.push(human(r.memoryBytes));
      if (gpus > 0) parts.push(`${gpus} GPU`);
      if (r.walltimeSeconds !== undefined) parts.push(`${formatDuration(r.walltimeSeconds, 'generic')} at most`);
      break;
  }
  return parts.join(' ');
}

/** `16 GiB` or `16 GB`, whichever is exact, else GiB to two decimals. */
function human(bytes: number): string {
  for (const [unit, f] of [['TiB', 2 ** 40], ['GiB', GiB], ['TB', 1e12], ['GB', 1e9], ['MiB', 2 ** 20], ['MB', 1e6]] as const) {
    if (bytes > 0 && bytes % f === 0) return `${bytes / f} ${unit}`;
  }
  return `${Math.round((bytes / GiB) * 100) / 100} GiB`;
}

export type FargateFit = { resources: Resources; note?: string } | { error: string };

/** Resources rounded up to the cheapest Fargate size that holds them, with the extra cost. */
export function fitFargate(r: Resources): FargateFit {
  if ((r.gpus ?? 0) > 0) return { error: `${r.gpus} GPUs: Fargate has none (use EC2 with GPU instances, cluster_type: ec2)` };
  const cpus = r.cpus ?? 0.25;
  const gb = (r.memoryBytes ?? 0) / GiB;
  const best = fargateSize(cpus, gb);
  if (!best) return { error: `${cpus} vCPU with ${Math.round(gb * 100) / 100} GiB: Fargate's largest task is 16 vCPU with 120 GiB` };
  if (best.cpu === cpus && best.gb === gb) return { resources: r };
  const was = fargateCost(cpus, gb);
  const extra = was > 0 ? ` (+${Math.round((100 * (best.costPerHour - was)) / was)}%)` : '';
  return {
    resources: { ...r, cpus: best.cpu, memoryBytes: best.gb * GiB },
    note: `Fargate's nearest size: $${best.costPerHour.toFixed(4)}/h instead of $${was.toFixed(4)}/h${extra}`,
  };
}
