// wfc migrate <input> --from <provider> --to <provider> --out <dir> --report <file>: the command's
// options. The work is in migrate-run.ts, loaded only when the command runs.

import type { Command } from 'commander';
import { PROVIDERS } from '../../migrate/providers.js';
import type { Io } from '../io.js';
import type { SourceOptions } from '../options.js';
import type { PassFlags } from '../pass-options.js';
import { addSourceOptions, FORMATS_HELP } from '../help.js';

export interface MigrateOptions extends SourceOptions, PassFlags {
  from: string;
  to: string;
  out?: string;
  report?: string;
  format?: string;
  inputFormat?: string;
  check?: boolean;
  force?: boolean;
  failOnLoss?: boolean;
  quiet?: boolean;
}

export function registerMigrate(program: Command, io: Io, done: (code: number) => void): void {
  const cmd = program
    .command('migrate')
    .summary('move a workflow from one provider to another, with a report of what changed')
    .description(
      'Move a workflow (or a deployment manifest: Scalable, Torc, Pegasus) from one provider to another.\n' +
        'Every provider setting is mapped or listed with the decision it needs; the report holds the\n' +
        'table of mapped settings, the settings with no equivalent, the loss ledger and the unified diff\n' +
        'of the artifacts before and after.',
    )
    .argument('<input>', 'input file')
    .requiredOption('--from <provider>', `provider the workflow runs on now (${PROVIDERS.join(', ')})`)
    .requiredOption('--to <provider>', `provider to move it to (${PROVIDERS.join(', ')})`)
    .option('-o, --out <dir>', 'where the migrated artifacts go')
    .option('-r, --report <file>', 'write the report here: .md for Markdown, .json for JSON (default: Markdown on stdout)')
    .option('--format <target>', 'artifact format to write (default: the input\'s own if it can say the new provider, else the provider\'s native one)')
    .option('--input-format <format>', 'input format, when the file name and content do not tell')
    .option('--check', 'write nothing; exit 1 and show a diff if the artifacts or report on disk differ')
    .option('--force', 'overwrite existing files')
    .option('--fail-on-loss', 'treat anything the new provider cannot express as an error')
    .option('-q, --quiet', 'print only errors and warnings')
    .option('--defaults <file>', 'resource defaults (YAML: defaults, labels, steps)')
    .option('--site <file>', 'site profile of the new provider (YAML: slurm partitions, kubernetes nodes, fargate)')
    .addHelpText(
      'after',
      `\nProviders: ${PROVIDERS.join(', ')}.\n` +
        'Formats: a Scalable manifest stays a Scalable manifest (any provider but htcondor), a Torc spec a Torc\n' +
        'spec (local, slurm), a Pegasus workflow a Pegasus workflow (local, htcondor, slurm); anything else goes to\n' +
        'the new provider\'s own format: slurm → slurm scripts, kubernetes → Argo, htcondor → Pegasus,\n' +
        'local/aws/gcp → Scalable.\n\n' +
        `Input formats:\n${FORMATS_HELP}\n\n` +
        'Examples:\n' +
        '  wfc migrate scalable.yaml --from slurm --to kubernetes --out k8s/ --report report.md\n' +
        '  wfc migrate workflow.yaml --from slurm --to local --out local/ --report report.json\n' +
        '  wfc migrate Snakefile --from slurm --to kubernetes --site site.yaml --out argo/ --report report.md\n' +
        '  wfc migrate scalable.yaml --from slurm --to aws --out aws/ --report report.md --check',
    );
  addSourceOptions(cmd).action(async (input: string, opts: MigrateOptions) => done(await (await import('./migrate-run.js')).migrate(input, opts, io)));
}
