// wfc graph <input> --level steps|jobs --format mermaid|dot|json

import { Option, type Command } from 'commander';
import type { Io } from '../io.js';
import type { SourceOptions } from '../options.js';
import { addSourceOptions } from '../help.js';

export interface GraphOptions extends SourceOptions {
  level: 'steps' | 'jobs';
  format: 'mermaid' | 'dot' | 'json';
  from?: string;
}

export function registerGraph(program: Command, io: Io, done: (code: number) => void): void {
  const cmd = program
    .command('graph')
    .summary('print the step or job graph')
    .description('Print the graph of a workflow: its steps (abstract) or its jobs (concrete).')
    .argument('<input>', 'input file')
    .addOption(new Option('-l, --level <level>', 'steps or jobs').choices(['steps', 'jobs']).default('steps'))
    .addOption(new Option('--format <format>', 'output format').choices(['mermaid', 'dot', 'json']).default('mermaid'))
    .option('-f, --from <format>', 'input format, when the file name and content do not tell');
  addSourceOptions(cmd).action(async (input: string, opts: GraphOptions) => done(await (await import('./graph-run.js')).graph(input, opts, io)));
}

