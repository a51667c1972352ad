// #SBATCH lines for an array: name, log, CPUs, memory, time, GPUs, local disk, partition, account,
// qos. These are read by sbatch, not by a shell; the values are numbers, names wfc made safe, and
// the site's own partition, account and qos names.

import { formatDuration, formatMemory } from '../../ir/units.js';
import type { SlurmUnit } from './units.js';

export function sbatchLines(unit: SlurmUnit): string[] {
  const r = unit.resources;
  const lines = [`--job-name=${unit.name}`, `--output=.wfc-slurm/logs/${unit.name}-%A_%a.log`];
  if (r.cpus !== undefined) lines.push(`--cpus-per-task=${Math.max(1, Math.ceil(r.cpus))}`);
  if (r.memoryBytes !== undefined) lines.push(`--mem=${formatMemory(r.memoryBytes, 'slurm')}`);
  if (r.walltimeSeconds !== undefined) lines.push(`--time=${formatDuration(Math.max(60, r.walltimeSeconds), 'slurm')}`);
  if (r.gpus) lines.push(`--gres=gpu:${r.gpuType ? `${r.gpuType}:` : ''}${r.gpus}`);
  if (r.diskBytes !== undefined) lines.push(`--tmp=${formatMemory(r.diskBytes, 'slurm')}`);
  const p = unit.placement;
  if (p?.partition) lines.push(`--partition=${p.partition}`);
  if (p?.account) lines.push(`--account=${p.account}`);
  if (p?.qos) lines.push(`--qos=${p.qos}`);
  return lines;
}
