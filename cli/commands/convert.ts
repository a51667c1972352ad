// wfc convert <inputs...> --to <targets> --out <dir>: the command's options. The work is in
// convert-run.ts, loaded only when the command runs.

import type { Command } from 'commander';
import type { Io } from '../io.js';
import type { SourceOptions } from '../options.js';
import type { PassFlags } from '../pass-options.js';
import { addSourceOptions, FORMATS_HELP, TARGETS_HELP } from '../help.js';

export interface ConvertOptions extends SourceOptions, PassFlags {
  to: string;
  out?: string;
  from?: string;
  check?: boolean;
  force?: boolean;
  failOnLoss?: boolean;
  quiet?: boolean;
}

export function registerConvert(program: Command, io: Io, done: (code: number) => void): void {
  const cmd = program
    .command('convert')
    .summary('convert workflows to one or more targets')
    .description('Convert workflows (files, or directories of them) to the targets named by --to.')
    .argument('<inputs...>', 'input files or directories')
    .requiredOption('-t, --to <targets>', 'comma-separated targets, e.g. pegasus,ir')
    .option('-o, --out <dir>', 'output directory (required unless --passes list)')
    .option('-f, --from <format>', 'input format, when the file name and content do not tell')
    .option('--check', 'write nothing; exit 1 and show a diff if the output on disk differs')
    .option('--force', 'overwrite existing files')
    .option('--fail-on-loss', 'treat anything the target cannot express as an error')
    .option('-q, --quiet', 'print only errors and warnings')
    .option('--passes <list>', 'run these passes instead of the target\'s own (comma-separated), or `list` to show them')
    .option('--explain-passes', 'print what each pass changed')
    .option('--defaults <file>', 'resource defaults (YAML: defaults, labels, steps)')
    .option('--site <file>', 'site profile (YAML: slurm partitions, kubernetes nodes, fargate)')
    .option('--cluster <spec>', 'cluster short jobs: size=N, count=N or label')
    .addHelpText(
      'after',
      `\nInput formats:\n${FORMATS_HELP}\n\nTargets:\n${TARGETS_HELP}\n\n` +
        'Layout: with one input, files go to <dir>; with several targets, to <dir>/<target>;\n' +
        'with several inputs, to <dir>/<input name>/... .\n\n' +
        'Site files, for --defaults and --site:\n' +
        '  defaults: {cpus: 1, memory: 2 GB, time: 1h}      labels: {big: {cpus: 16}}      steps: {align: {memory: 32 GB}}\n' +
        '  slurm: {account: A, qos: Q, partitions: [{name: short, max_cpus: 32, max_memory: 128 GB, max_time: 4h}]}\n\n' +
        'Examples:\n  wfc convert corpus/sun-image-napkin/sun-image.napkin.json --to pegasus --out build/sun\n' +
        '  wfc convert workflow/Snakefile --to slurm --out build/slurm --site site.yaml --cluster size=20\n' +
        '  wfc convert traces/ --to pegasus,wfformat --out build/ --force\n' +
        '  wfc convert sketch.excalidraw --to pegasus --out golden/ --check',
    );
  addSourceOptions(cmd).action(async (inputs: string[], opts: ConvertOptions) => done(await (await import('./convert-run.js')).convert(inputs, opts, io)));
}

