// The Snakemake frontend: Snakefile → run its Python → job DAG as Snakemake computes it → IR.

import * as posix from 'node:path/posix';
import { DiagnosticBag } from '../../ir/diagnostics.js';
import type { Code } from '../../ir/codes.js';
import type { ParseFunction } from '../types.js';
import { DagBuilder, DagError } from './dag.js';
import { lowerDag } from './lower.js';
import { PyError, Unsupported } from './python/values.js';
import { WorkflowLoader } from './workflow.js';

/** Python errors that have a better code than "the workflow raised an error". */
const ERROR_CODES: Record<string, Code> = { WildcardError: 'SMK011', RuleException: 'SMK019', SyntaxError: 'SMK021' };

/** The workflow's name: its directory, or the parent of a `workflow/` directory, or the file's stem. */
function workflowName(path: string): string {
  const base = posix.basename(path);
  if (!/^snakefile$/i.test(base)) return base.replace(/\.(smk|snakefile|snake)$/i, '') || base;
  const dir = posix.dirname(posix.normalize(path));
  const parts = posix.resolve('/', dir).split('/').filter((p) => p !== '');
  const last = parts[parts.length - 1];
  if (last === 'workflow' && parts.length > 1) return parts[parts.length - 2]!;
  return last ?? 'workflow';
}

export const parseSnakemake: ParseFunction = (file, options, host) => {
  const bag = new DiagnosticBag();
  const read = new Set<string>([file.path]);
  const directory = options.directory ?? '.';
  const loader = new WorkflowLoader(
    {
      snakefile: posix.normalize(file.path),
      text: file.text,
      directory,
      config: options.config ?? {},
      configFiles: options.configFiles ?? [],
      readFile: (p) => {
        const text = host.readFile(p);
        if (text !== undefined) read.add(p);
        return text;
      },
      stat: (p) => host.stat?.(p),
      list: (p) => host.listDir?.(p),
    },
    bag,
  );
  const span = (e: { pos?: { line: number; column: number }; file?: string }) => (e.pos ? { file: e.file ?? file.path, line: e.pos.line, column: e.pos.column } : undefined);
  try {
    const wf = loader.load();
    if (bag.hasErrors) return { diagnostics: bag.items };
    const exists = (p: string) => host.stat?.(loader.hostPath(p)) !== undefined;
    const builder = new DagBuilder(wf, exists);
    const dag = builder.build(options.targets ?? []);
    const ir = lowerDag({ wf, dag, builder, sources: [...read].sort(), name: workflowName(file.path), bag });
    for (const l of ir.losses) {
      if (l.construct.startsWith('inputs of rule')) bag.warning('SMK014', `${l.construct} ${l.reason}`, l.span);
    }
    return bag.hasErrors ? { diagnostics: bag.items } : { value: ir, diagnostics: bag.items };
  } catch (e) {
    if (e instanceof DagError) bag.error(e.code, e.message, e.span);
    else if (e instanceof Unsupported) bag.error('SMK003', `unsupported Python: ${e.message}`, span(e));
    else if (e instanceof PyError) {
      const missingConfig = e.type === 'KeyError' && e.configKey === true;
      const code: Code = missingConfig ? 'SMK006' : ERROR_CODES[e.type] ?? 'SMK005';
      bag.error(code, `${e.type}: ${e.message}`, span(e));
    } else throw e;
    return { diagnostics: bag.items };
  }
};
