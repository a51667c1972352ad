// Running a Nextflow pipeline's setup the way Nextflow does before any task starts: load the
// scripts and their includes, evaluate params and config, run the entry workflow, and record every
// process call as a step with its ports, the channels feeding it and, where the data is known, its
// tasks with their inputs, outputs, rendered scripts and resources.
//
// This file wires the parts together and keeps what they share (run-context.ts): the loss ledger,
// and the record lowering reads. Each part has its own file: globals.ts and channel-factories.ts
// (the names scripts start with), modules.ts (scripts and includes), workflows.ts (workflow bodies
// and calls), process-calls.ts (steps), tasks.ts (tasks), directives.ts (directive precedence).

import type { DiagnosticBag } from '../../ir/diagnostics.js';
import type { Loss, PortSource, Span } from '../../ir/types.js';
import type * as A from './ast.js';
import { Callables } from './callables.js';
import { ChannelOps } from './channels.js';
import type { LoadedConfig } from './config.js';
import { containerEngine, installGlobals } from './globals.js';
import { Interpreter } from './interp.js';
import { NO_METHOD } from './methods.js';
import { ModuleLoader } from './modules.js';
import { PipelineFiles, type RuntimeHost } from './pipeline-files.js';
import { ProcessCalls } from './process-calls.js';
import type { RunContext } from './run-context.js';
import type { StepRecord } from './step-record.js';
import { Topics } from './topics.js';
import { Channel, Scope, type GMap, type GroovyError } from './values.js';
import { WorkflowRunner } from './workflows.js';

export type { RuntimeHost } from './pipeline-files.js';
export type { StepPort, StepRecord, Task } from './step-record.js';
export { taskDir } from './tasks.js';

export class NextflowRuntime implements RunContext {
  readonly interp: Interpreter;
  readonly files: PipelineFiles;
  readonly steps: StepRecord[] = [];
  readonly losses: Loss[] = [];
  /** Workflow outputs: `publish:` assignments and publishDir. */
  readonly published: PortSource[] = [];
  readonly globals = new Scope();
  readonly params: GMap;
  currentFile = '';
  private readonly ops: ChannelOps;
  private readonly workflows: WorkflowRunner;

  constructor(
    host: RuntimeHost,
    readonly bag: DiagnosticBag,
    readonly config: LoadedConfig,
    readonly launchDir: string,
    readonly projectDir: string,
  ) {
    this.files = new PipelineFiles(host, launchDir);
    const files = this.files;
    this.interp = new Interpreter((file) => files.lines(file), {
      method: (obj, name, args, named, pos) => (obj instanceof Channel ? this.ops.method(obj, name, args, named, pos) : NO_METHOD),
      invoke: (obj, args, named, pos) => this.workflows.invoke(obj, args, named, pos),
      readText: (p) => files.readText(p),
    });
    this.ops = new ChannelOps(this.interp, { readText: (p) => files.readText(p) });
    this.params = config.params;
    const topics = new Topics();
    installGlobals(this, this.params, topics);
    const callables = new Callables();
    const modules = new ModuleLoader(this, callables);
    const processes = new ProcessCalls(this, topics, (def) => modules.scopeOf(def), this.steps, this.published);
    this.workflows = new WorkflowRunner(this, modules, callables, processes, this.published);
  }

  /** Files the pipeline read: its scripts and the data its setup opened. */
  get filesRead(): Set<string> {
    return this.files.read;
  }

  /** Runs the entry workflow (unnamed, or named by `entry`) of the main script. */
  runEntry(mainFile: string, entry: string | undefined): boolean {
    return this.workflows.runEntry(mainFile, entry);
  }

  containerEngine(): string | null {
    return containerEngine(this.config);
  }

  span(pos: A.Pos | undefined, file: string): Span | undefined {
    return pos ? { file, line: pos.line, column: pos.column } : undefined;
  }

  /** Adds to the loss ledger, once for each construct and reason. */
  loss(construct: string, reason: string, span?: Span, severity: Loss['severity'] = 'warning'): void {
    if (this.losses.some((l) => l.construct === construct && l.reason === reason)) return;
    const l: Loss = { stage: 'frontend:nextflow', construct, reason, severity };
    if (span) l.span = span;
    this.losses.push(l);
  }

  /** Errors in statements: the statement is left out and listed in the loss ledger. */
  report(e: GroovyError, file: string): void {
    file = e.file || file;
    const span = this.span(e.pos, file);
    if (e.code === 'NF004') {
      this.bag.error(e.code, e.message, span, e.hint);
      return;
    }
    this.bag.warning(e.code, `${e.message}; the statement is left out`, span, e.hint);
    this.loss(`statement at ${file}:${e.pos?.line ?? '?'}`, e.message, span);
  }
}
