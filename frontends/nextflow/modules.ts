// Loading a pipeline's scripts: each file once, its processes, workflows and functions declared,
// its includes resolved (`./x` is x, x.nf or x/main.nf; `as` gives an alias), then its top-level
// statements run. A statement that fails is left out and the rest goes on.

import * as posix from 'node:path/posix';
import type * as A from './ast.js';
import type { Callables } from './callables.js';
import { DIRECTIVES } from './directives.js';
import { parseNextflow } from './parse.js';
import { readProcess, type ProcessDef } from './processes.js';
import type { RunContext } from './run-context.js';
import { GObject, GroovyError, NativeFn, NfPath, Scope } from './values.js';

export interface Module {
  scope: Scope;
  body: A.Stmt[];
}

export class ModuleLoader {
  private readonly modules = new Map<string, Module>();
  /** `output { }` targets: name → path. */
  readonly outputTargets = new Map<string, string>();

  constructor(
    private readonly ctx: RunContext,
    private readonly callables: Callables,
  ) {}

  /** The scope of the script that declares a process. */
  scopeOf(def: ProcessDef): Scope {
    return this.modules.get(def.file)?.scope ?? this.ctx.globals;
  }

  /** Loads a script file: its includes, functions, processes, workflows, and its top-level statements. */
  load(path: string, includedFrom?: { file: string; pos: A.Pos }): Module | undefined {
    const { ctx, callables } = this;
    const existing = this.modules.get(path);
    if (existing) return existing;
    const text = ctx.files.readScript(path);
    if (text === undefined) {
      ctx.bag.error('NF003', `cannot read ${path}`, includedFrom ? ctx.span(includedFrom.pos, includedFrom.file) : undefined);
      return undefined;
    }
    const script = parseNextflow(path, text, ctx.bag);
    const scope = new Scope(ctx.globals);
    scope.declare('moduleDir', new NfPath(posix.dirname(path)));
    const module: Module = { scope, body: script.body };
    // Registered before its includes load, so that a cycle of includes ends here.
    this.modules.set(path, module);
    // Declarations first, so that a process may be declared after the workflow that calls it.
    for (const s of script.body) {
      if (s.k === 'process') {
        const def = this.guard(() => readProcess(s, path), path);
        if (!def) continue;
        for (const d of def.directives) {
          if (d.name !== 'label' && !DIRECTIVES.includes(d.name)) ctx.loss(`directive ${d.name} of process ${def.name}`, 'is not a Nextflow directive wfc knows; ignored', ctx.span(d.pos, def.file), 'info');
        }
        scope.declare(s.name, callables.processObject(def, s.name));
      }
      else if (s.k === 'workflow' && s.name !== undefined) scope.declare(s.name, callables.workflowObject({ name: s.name, file: path, body: s.body, pos: s.pos, scope }, s.name));
      else if (s.k === 'fn') scope.declare(s.name, ctx.interp.functionValue({ node: s, file: path, scope }));
    }
    for (const s of script.body) {
      if (s.k === 'include') this.include(s, path, scope);
    }
    for (const s of script.body) {
      if (s.k === 'process' || s.k === 'workflow' || s.k === 'fn' || s.k === 'include') continue;
      if (isOutputBlock(s)) {
        this.outputBlock(s, path);
        continue;
      }
      this.runTopLevel(s, scope, path);
    }
    return module;
  }

  /** The top-level `output { name { path 'dir' } }` block: where published channels go. */
  private outputBlock(s: A.Stmt, file: string): void {
    const body = ((s as { e: { args: A.Arg[] } }).e.args[0]!.value as Extract<A.Expr, { k: 'closure' }>).body;
    for (const target of body) {
      if (target.k !== 'expr' || target.e.k !== 'call' || target.e.callee.k !== 'name') continue;
      const name = target.e.callee.name;
      const inner = target.e.args[0]?.value;
      const path = inner?.k === 'closure' ? inner.body.find((x) => x.k === 'expr' && x.e.k === 'call' && x.e.callee.k === 'name' && x.e.callee.name === 'path') : undefined;
      const where = path && path.k === 'expr' && path.e.k === 'call' ? path.e.args[0]?.value : undefined;
      const dir = where?.k === 'lit' ? String(where.v) : where?.k === 'gstr' ? where.raw : '(a closure)';
      this.outputTargets.set(name, dir);
      this.ctx.loss(`output ${name} (path ${dir})`, 'published files are the workflow outputs; copying them to the output directory is left to the target engine', this.ctx.span(target.pos, file), 'info');
    }
  }

  /** Runs `f`; a GroovyError becomes a diagnostic (and the loss ledger) and gives undefined. */
  private guard<T>(f: () => T, file: string): T | undefined {
    try {
      return f();
    } catch (e) {
      if (!(e instanceof GroovyError)) throw e;
      this.ctx.bag.warning(e.code, `${e.message}; the declaration is left out`, this.ctx.span(e.pos, file), e.hint);
      this.ctx.loss(`declaration at ${file}:${e.pos?.line ?? '?'}`, e.message, this.ctx.span(e.pos, file));
      return undefined;
    }
  }

  private runTopLevel(s: A.Stmt, scope: Scope, file: string): void {
    const { ctx } = this;
    const previous = ctx.currentFile;
    ctx.currentFile = file;
    try {
      ctx.interp.exec([s], scope, file);
    } catch (e) {
      if (!(e instanceof GroovyError)) throw e;
      ctx.report(e, file);
    } finally {
      ctx.currentFile = previous;
    }
  }

  private include(s: Extract<A.Stmt, { k: 'include' }>, file: string, scope: Scope): void {
    const { ctx } = this;
    // Plugins are not loaded: their functions are the globals of the same name, or do nothing.
    if (s.from.startsWith('plugin/')) {
      for (const item of s.items) {
        if (!scope.lookup(item.alias ?? item.name)) scope.declare(item.alias ?? item.name, ctx.globals.lookup(item.name)?.value ?? new NativeFn(item.name, () => null));
      }
      return;
    }
    const target = this.resolveInclude(posix.normalize(posix.join(posix.dirname(file), s.from)));
    const module = target ? this.load(target, { file, pos: s.pos }) : undefined;
    if (!target) ctx.bag.error('NF003', `cannot find the included file ${s.from} (tried ${s.from}.nf and ${s.from}/main.nf)`, ctx.span(s.pos, file));
    if (!module) return;
    for (const item of s.items) {
      const found = module.scope.lookup(item.name);
      if (!found) {
        ctx.bag.error('NF004', `${target} defines no process, workflow or function ${item.name}`, ctx.span(item.pos, file));
        continue;
      }
      const alias = item.alias ?? item.name;
      const v = found.value;
      scope.declare(alias, v instanceof GObject && item.alias ? this.callables.renamed(v, alias) : v);
    }
  }

  private resolveInclude(base: string): string | undefined {
    for (const c of [base, `${base}.nf`, `${base}/main.nf`]) {
      if (this.ctx.files.stat(c) === 'file') return c;
    }
    return undefined;
  }
}

/** `output { … }` at the top level: a declaration of publish targets, not a statement to run. */
function isOutputBlock(s: A.Stmt): boolean {
  return s.k === 'expr' && s.e.k === 'call' && s.e.callee.k === 'name' && s.e.callee.name === 'output' && s.e.args.length === 1 && s.e.args[0]!.value.k === 'closure';
}
