// Running workflows: the entry workflow, and every process or workflow a workflow calls. A call's
// qualified name is the chain of workflows it runs in (`MAIN:ALIGN:BWA_MEM`). A workflow body runs
// by section: take binds the arguments, main runs statement by statement, emit gives `.out`, and
// publish names the workflow's outputs.

import type { PortSource } from '../../ir/types.js';
import type * as A from './ast.js';
import type { Callables, WorkflowDef } from './callables.js';
import type { ModuleLoader } from './modules.js';
import type { CallResult, ProcessCalls } from './process-calls.js';
import type { ProcessDef } from './processes.js';
import type { RunContext } from './run-context.js';
import { Channel, GMap, GObject, GroovyError, Scope, str, type Value } from './values.js';

export class WorkflowRunner {
  /** Names of the workflows being run, outermost first. */
  private readonly prefix: string[] = [];
  /** Per running workflow, the names it has called: Nextflow allows each only once. */
  private readonly calledInScope: Set<string>[] = [new Set()];

  constructor(
    private readonly ctx: RunContext,
    private readonly modules: ModuleLoader,
    private readonly callables: Callables,
    private readonly processes: ProcessCalls,
    private readonly published: PortSource[],
  ) {}

  /** Runs the entry workflow (unnamed, or named by `entry`) of the main script. */
  runEntry(mainFile: string, entry: string | undefined): boolean {
    const module = this.modules.load(mainFile);
    if (!module) return false;
    const node = module.body.find((s): s is Extract<A.Stmt, { k: 'workflow' }> => s.k === 'workflow' && (entry === undefined ? s.name === undefined : s.name === entry));
    if (!node) {
      this.ctx.bag.error('NF006', entry === undefined ? `${mainFile} has no entry workflow` : `${mainFile} has no workflow named ${entry}`, { file: mainFile, line: 1, column: 1 });
      return false;
    }
    const def: WorkflowDef = { name: node.name ?? '', file: mainFile, body: node.body, pos: node.pos, scope: module.scope };
    if (entry !== undefined) this.prefix.push(entry);
    this.runWorkflowBody(def, [], node.pos, true);
    return true;
  }

  /** A script calls a process or workflow object; afterwards its `.out` holds the call's outputs. */
  invoke(obj: GObject, args: Value[], _named: GMap | undefined, pos: A.Pos): Value {
    const def = this.callables.definitionOf(obj);
    if (!def) return this.ctx.interp.fail(`${obj.typeName} is not callable`, pos);
    const name = str(obj.get('name') ?? null);
    const fqn = [...this.prefix, name].join(':');
    const called = this.calledInScope[this.calledInScope.length - 1]!;
    if (called.has(name)) return this.ctx.interp.fail(`${name} is called twice in one workflow; include it again under another name (include { ${name} as ${name}_2 })`, pos, 'NF005');
    called.add(name);
    const out = obj.typeName === 'Process' ? this.processes.call(def as ProcessDef, fqn, args, pos) : this.callWorkflow(def as WorkflowDef, name, args, pos);
    obj.members.set('out', out.out);
    return out.result;
  }

  private callWorkflow(def: WorkflowDef, name: string, args: Value[], pos: A.Pos): CallResult {
    this.prefix.push(name);
    this.calledInScope.push(new Set());
    try {
      return this.runWorkflowBody(def, args, pos, false);
    } finally {
      this.prefix.pop();
      this.calledInScope.pop();
    }
  }

  private runWorkflowBody(def: WorkflowDef, args: Value[], pos: A.Pos, entry: boolean): CallResult {
    const { ctx } = this;
    const { interp } = ctx;
    const sections = splitSections(def.body);
    const scope = new Scope(def.scope);
    const takes = (sections.get('take') ?? []).flatMap((s) => (s.k === 'expr' && s.e.k === 'name' ? [s.e.name] : []));
    if (!entry && args.length !== takes.length) interp.fail(`workflow ${def.name} takes ${takes.length} input(s), called with ${args.length}`, pos, 'NF005');
    takes.forEach((t, i) => scope.declare(t, args[i] ?? null));
    const main = sections.get('main') ?? sections.get('') ?? [];
    const previous = ctx.currentFile;
    ctx.currentFile = def.file;
    for (const s of main) {
      try {
        interp.exec([s], scope, def.file);
      } catch (e) {
        if (!(e instanceof GroovyError)) throw e;
        ctx.report(e, def.file);
        // Names the statement would have set become channels of unknown items, so the rest can go on.
        for (const n of assignedNames(s)) scope.assign(n, Channel.unknown([], `it comes from a statement wfc could not evaluate (${def.file}:${s.pos.line})`));
      }
    }
    const emits = new Map<string, Value>();
    for (const s of sections.get('emit') ?? []) {
      try {
        if (s.k === 'expr' && s.e.k === 'assign' && s.e.target.k === 'name') emits.set(s.e.target.name, interp.eval(s.e.value, scope, def.file));
        else if (s.k === 'expr' && s.e.k === 'name') emits.set(s.e.name, interp.eval(s.e, scope, def.file));
        else if (s.k === 'expr') emits.set(`out${emits.size}`, interp.eval(s.e, scope, def.file));
      } catch (e) {
        if (!(e instanceof GroovyError)) throw e;
        ctx.report(e, def.file);
      }
    }
    for (const s of sections.get('publish') ?? []) {
      try {
        if (s.k === 'expr' && s.e.k === 'assign') this.publish(interp.eval(s.e.value, scope, def.file));
        else if (s.k === 'expr' && s.e.k === 'bin' && s.e.op === '>>') this.publish(interp.eval(s.e.l, scope, def.file));
      } catch (e) {
        if (!(e instanceof GroovyError)) throw e;
        ctx.report(e, def.file);
      }
    }
    ctx.currentFile = previous;
    const out = new GObject('WorkflowOutput', new Map());
    [...emits].forEach(([k, v], i) => {
      out.members.set(k, v);
      out.members.set(String(i), v);
    });
    return { result: emits.size === 1 ? [...emits.values()][0]! : emits.size === 0 ? null : out, out: emits.size === 1 && emits.has('out0') ? [...emits.values()][0]! : out };
  }

  /** A published channel (or each channel of a workflow's output): its sources are workflow outputs. */
  private publish(v: Value): void {
    const chans = v instanceof GObject ? [...v.members.values()] : [v];
    for (const c of chans) if (c instanceof Channel) this.published.push(...c.sources);
  }
}

/** A workflow body's statements by section label; those before any label are under ''. */
function splitSections(body: readonly A.Stmt[]): Map<string, A.Stmt[]> {
  const sections = new Map<string, A.Stmt[]>();
  let current = '';
  for (const s of body) {
    if (s.k === 'label' && ['take', 'main', 'emit', 'publish'].includes(s.name)) {
      current = s.name;
      continue;
    }
    const list = sections.get(current) ?? [];
    list.push(s);
    sections.set(current, list);
  }
  return sections;
}

/** The names a statement assigns: `x = …`, `def x`, `(a, b) = …`, `… .set { x }`. */
function assignedNames(s: A.Stmt): string[] {
  if (s.k === 'def') return s.names;
  if (s.k === 'expr' && s.e.k === 'assign' && s.e.target.k === 'name') return [s.e.target.name];
  if (s.k === 'expr' && s.e.k === 'massign') return s.e.names;
  if (s.k === 'expr' && s.e.k === 'call' && s.e.callee.k === 'prop' && s.e.callee.name === 'set') {
    const c = s.e.args[0]?.value;
    if (c?.k === 'closure' && c.body[0]?.k === 'expr' && c.body[0].e.k === 'name') return [c.body[0].e.name];
  }
  return [];
}
