// What the parts of a pipeline's run share: its files and config, the interpreter, the global scope,
// and where problems go (diagnostics, and the loss ledger for what is left out).

import type { DiagnosticBag } from '../../ir/diagnostics.js';
import type { Loss, Span } from '../../ir/types.js';
import type * as A from './ast.js';
import type { LoadedConfig } from './config.js';
import type { Interpreter } from './interp.js';
import type { PipelineFiles } from './pipeline-files.js';
import type { GroovyError, Scope } from './values.js';

export interface RunContext {
  readonly interp: Interpreter;
  readonly config: LoadedConfig;
  readonly bag: DiagnosticBag;
  readonly files: PipelineFiles;
  readonly globals: Scope;
  readonly launchDir: string;
  readonly projectDir: string;
  /** The script whose statements run now: where diagnostics of channel factories point. */
  currentFile: string;
  span(pos: A.Pos | undefined, file: string): Span | undefined;
  loss(construct: string, reason: string, span?: Span, severity?: Loss['severity']): void;
  /** A statement that failed: a diagnostic, and the loss ledger when the run goes on without it. */
  report(e: GroovyError, file: string): void;
}
