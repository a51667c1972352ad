// Help texts and option helpers that command definitions need at start-up (kept light).

import { BACKENDS } from '../backends/registry.js';
import { FRONTENDS } from '../frontends/registry.js';

/** Repeatable options: `--param a=1 --param b=2`. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

import type { Command } from 'commander';

/** Options that say how to read a workflow: parameters, pipeline config, working directory, targets. */
export function addSourceOptions(cmd: Command): Command {
  return cmd
    .option('-p, --param <name=value>', 'set a workflow parameter (repeatable), e.g. N=16', collect, [])
    .option('-C, --config <key=value>', 'set pipeline config, as Snakemake --config (repeatable)', collect, [])
    .option('--configfile <file>', 'extra config file, as Snakemake --configfile (repeatable)', collect, [])
    .option('-d, --directory <dir>', 'working directory of the pipeline, as Snakemake -d')
    .option('--target <name>', 'build this rule or file instead of the default target; Nextflow: the entry workflow (repeatable)', collect, [])
    .option('--params-file <file>', 'workflow parameters from a JSON or YAML file, as Nextflow -params-file (--param wins)')
    .option('--profile <names>', 'Nextflow config profiles to apply, comma-separated, as Nextflow -profile');
}

export const FORMATS_HELP = FRONTENDS.map((f) => `  ${f.format.padEnd(11)} ${f.title} (${f.extensions.length > 0 ? f.extensions.join(', ') : 'recognised by content'})`).join('\n');
export const TARGETS_HELP = BACKENDS.map((b) => `  ${b.target.padEnd(11)} ${b.title}`).join('\n');
