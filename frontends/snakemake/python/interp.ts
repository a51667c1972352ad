// A tree-walking interpreter for the Python that Snakefiles run while they build their DAG.
// Snakemake's own statements are handed to a hook (see workflow.ts).

import type * as A from '../ast.js';
import { exceptionMatches } from './builtins.js';
import { builtinMethod, formatString } from './methods.js';
import { binop, compare, contains, eq, formatSpec, getitem, iterate, PySlice, repr, setitem, str, truthy, unary } from './ops.js';
import { runtime } from './runtime.js';
import {
  ELLIPSIS,
  PyBuiltin,
  PyDict,
  PyError,
  PyExceptionValue,
  PyFloat,
  PyFunction,
  PyList,
  PyObject,
  PySet,
  PyTuple,
  typeName,
  Unsupported,
  type Kwargs,
  type PyValue,
  type Scope,
} from './values.js';

type Completion = undefined | { type: 'return'; value: PyValue } | { type: 'break' } | { type: 'continue' };

export interface Host {
  /** A module for `import name`, or undefined when there is none. */
  importModule(name: string): PyValue | undefined;
  /** Snakemake statements: rules, directives, modules. */
  snakemake(stmt: A.SmkStmt, scope: Scope, file: string): void;
}

const MAX_DEPTH = 400;

export class Interpreter {
  /** The file whose code runs now, for error positions. */
  file: string;
  private depth = 0;

  constructor(
    readonly builtins: Map<string, PyValue>,
    private readonly host: Host,
    file: string,
  ) {
    this.file = file;
    runtime.call = (f, args, kwargs) => this.call(f, args, kwargs, { line: 1, column: 1, offset: 0 });
    runtime.getattr = (v, name) => this.getattr(v, name);
    runtime.getitem = (v, key) => getitem(v, key);
  }

  /** Runs a module body in `scope` (its globals). */
  runModule(body: A.Stmt[], scope: Scope, file: string): void {
    const saved = this.file;
    this.file = file;
    try {
      this.execBlock(body, scope);
    } finally {
      this.file = saved;
    }
  }

  // --- errors ----------------------------------------------------------------------------------------

  /** Gives an error the position of the innermost node that saw it. */
  private located<T>(pos: A.Pos, f: () => T): T {
    try {
      return f();
    } catch (e) {
      if ((e instanceof PyError || e instanceof Unsupported) && e.pos === undefined) {
        e.pos = pos;
        e.file = this.file;
      }
      throw e;
    }
  }

  // --- statements ------------------------------------------------------------------------------------

  execBlock(body: A.Stmt[], scope: Scope): Completion {
    for (const s of body) {
      const c = this.located(s.pos, () => this.exec(s, scope));
      if (c) return c;
    }
    return undefined;
  }

  private exec(s: A.Stmt, scope: Scope): Completion {
    switch (s.kind) {
      case 'expr':
        this.eval(s.value, scope);
        return undefined;
      case 'assign': {
        const v = this.eval(s.value, scope);
        for (const t of s.targets) this.assign(t, v, scope);
        return undefined;
      }
      case 'augassign': {
        const current = this.eval(s.target, scope);
        const rhs = this.eval(s.value, scope);
        // `+=` extends a list in place, as Python does.
        if (s.op === '+' && current instanceof PyList) {
          current.items.push(...iterate(rhs));
          return undefined;
        }
        this.assign(s.target, binop(s.op, current, rhs), scope);
        return undefined;
      }
      case 'if':
        return truthy(this.eval(s.test, scope)) ? this.execBlock(s.body, scope) : this.execBlock(s.orelse, scope);
      case 'for': {
        for (const item of iterate(this.eval(s.iter, scope))) {
          this.assign(s.target, item, scope);
          const c = this.execBlock(s.body, scope);
          if (c?.type === 'break') return undefined;
          if (c?.type === 'return') return c;
        }
        return this.execBlock(s.orelse, scope);
      }
      case 'while': {
        let guard = 0;
        while (truthy(this.eval(s.test, scope))) {
          if (++guard > 10_000_000) throw new Unsupported('while loop runs too long', s.pos, this.file);
          const c = this.execBlock(s.body, scope);
          if (c?.type === 'break') return undefined;
          if (c?.type === 'return') return c;
        }
        return this.execBlock(s.orelse, scope);
      }
      case 'def': {
        let f: PyValue = this.makeFunction(s.name, s.params, s.body, scope);
        for (const d of [...s.decorators].reverse()) f = this.call(this.eval(d, scope), [f], new Map(), s.pos);
        this.store(s.name, f, scope);
        return undefined;
      }
      case 'return':
        return { type: 'return', value: s.value ? this.eval(s.value, scope) : null };
      case 'pass':
        return undefined;
      case 'break':
        return { type: 'break' };
      case 'continue':
        return { type: 'continue' };
      case 'import':
        for (const n of s.names) {
          const mod = this.importModule(n.name, s.pos);
          // `import os.path` binds `os`; `import os.path as p` binds the submodule.
          this.store(n.asname ?? n.name.split('.')[0]!, n.asname ? mod : this.importModule(n.name.split('.')[0]!, s.pos), scope);
        }
        return undefined;
      case 'importfrom': {
        const mod = this.importModule(s.module, s.pos);
        for (const n of s.names) {
          if (n.name === '*') {
            if (mod instanceof PyObject && 'attrs' in mod) for (const [k, v] of (mod as unknown as { attrs: Map<string, PyValue> }).attrs) if (!k.startsWith('_')) this.store(k, v, scope);
            continue;
          }
          const v = mod instanceof PyObject ? mod.getattr?.(n.name) : undefined;
          const sub = v ?? this.host.importModule(`${s.module}.${n.name}`);
          if (sub === undefined) throw new PyError('ImportError', `cannot import name '${n.name}' from '${s.module}'`);
          this.store(n.asname ?? n.name, sub, scope);
        }
        return undefined;
      }
      case 'raise': {
        if (!s.exc) throw new PyError('RuntimeError', 'No active exception to reraise');
        const v = this.eval(s.exc, scope);
        if (v instanceof PyExceptionValue) throw v.error;
        if (v instanceof PyBuiltin && v.exceptionType) throw new PyError(v.exceptionType, '');
        throw new PyError('Exception', str(v));
      }
      case 'try':
        return this.execTry(s, scope);
      case 'with': {
        for (const item of s.items) {
          const ctx = this.eval(item.context, scope);
          const enter = ctx instanceof PyObject ? ctx.getattr?.('__enter__') : undefined;
          const value = enter ? this.call(enter, [], new Map(), s.pos) : ctx;
          if (item.target) this.assign(item.target, value, scope);
        }
        return this.execBlock(s.body, scope);
      }
      case 'assert':
        if (!truthy(this.eval(s.test, scope))) throw new PyError('AssertionError', s.msg ? str(this.eval(s.msg, scope)) : '');
        return undefined;
      case 'delete':
        for (const t of s.targets) this.delete(t, scope);
        return undefined;
      case 'global':
        scope.globals ??= new Set();
        for (const n of s.names) scope.globals.add(n);
        return undefined;
      case 'unsupported':
        throw new Unsupported(s.what, s.pos, this.file);
      default:
        this.host.snakemake(s, scope, this.file);
        return undefined;
    }
  }

  private execTry(s: A.Try, scope: Scope): Completion {
    let completion: Completion;
    try {
      completion = this.execBlock(s.body, scope);
      if (!completion) completion = this.execBlock(s.orelse, scope);
    } catch (e) {
      if (!(e instanceof PyError)) throw e;
      const handler = s.handlers.find((h) => {
        if (!h.type) return true;
        const t = this.eval(h.type, scope);
        const types = t instanceof PyTuple ? t.items : [t];
        return types.some((x) => x instanceof PyBuiltin && x.exceptionType !== undefined && exceptionMatches(e.type, x.exceptionType));
      });
      if (!handler) {
        this.execBlock(s.finalbody, scope);
        throw e;
      }
      if (handler.name) this.store(handler.name, new PyExceptionValue(e), scope);
      completion = this.execBlock(handler.body, scope);
    }
    const fin = this.execBlock(s.finalbody, scope);
    return fin ?? completion;
  }

  private importModule(name: string, pos: A.Pos): PyValue {
    const mod = this.host.importModule(name);
    if (mod === undefined) throw new Unsupported(`import of module '${name}'`, pos, this.file);
    return mod;
  }

  // --- names and assignment --------------------------------------------------------------------------

  private lookup(name: string, scope: Scope): PyValue {
    for (let s: Scope | undefined = scope; s; s = s.parent) {
      const v = s.vars.get(name);
      if (v !== undefined) return v;
    }
    const b = this.builtins.get(name);
    if (b !== undefined) return b;
    throw new PyError('NameError', `name '${name}' is not defined`);
  }

  store(name: string, value: PyValue, scope: Scope): void {
    if (scope.globals?.has(name)) {
      let g = scope;
      while (g.parent) g = g.parent;
      g.vars.set(name, value);
      return;
    }
    scope.vars.set(name, value);
  }

  private assign(target: A.Expr, value: PyValue, scope: Scope): void {
    switch (target.kind) {
      case 'name':
        this.store(target.id, value, scope);
        return;
      case 'tuple':
      case 'list': {
        const items = iterate(value);
        const star = target.elts.findIndex((e) => e.kind === 'starred');
        if (star < 0) {
          if (items.length !== target.elts.length) {
            throw new PyError('ValueError', items.length > target.elts.length ? `too many values to unpack (expected ${target.elts.length})` : `not enough values to unpack (expected ${target.elts.length}, got ${items.length})`);
          }
          target.elts.forEach((t, i) => this.assign(t, items[i]!, scope));
          return;
        }
        const after = target.elts.length - star - 1;
        target.elts.slice(0, star).forEach((t, i) => this.assign(t, items[i]!, scope));
        this.assign((target.elts[star] as A.Starred).value, new PyList(items.slice(star, items.length - after)), scope);
        target.elts.slice(star + 1).forEach((t, i) => this.assign(t, items[items.length - after + i]!, scope));
        return;
      }
      case 'attribute': {
        const obj = this.eval(target.value, scope);
        if (obj instanceof PyObject && obj.setattr?.(target.attr, value)) return;
        throw new PyError('AttributeError', `'${typeName(obj)}' object attribute '${target.attr}' cannot be set`);
      }
      case 'subscript':
        setitem(this.eval(target.value, scope), this.index(target.index, scope) as PyValue, value);
        return;
      default:
        throw new Unsupported(`assignment to ${target.kind}`, target.pos, this.file);
    }
  }

  private delete(target: A.Expr, scope: Scope): void {
    if (target.kind === 'name') scope.vars.delete(target.id);
    else if (target.kind === 'subscript') {
      const obj = this.eval(target.value, scope);
      const key = this.eval(target.index, scope);
      if (obj instanceof PyDict) obj.delete(key);
      else if (obj instanceof PyList) obj.items.splice(Number(key), 1);
    }
  }

  // --- expressions -----------------------------------------------------------------------------------

  eval(e: A.Expr, scope: Scope): PyValue {
    switch (e.kind) {
      case 'const': {
        const v = e.value;
        if (v !== null && typeof v === 'object') return 'float' in v ? new PyFloat(v.float) : v.bytes;
        return v === 'ellipsis' ? ELLIPSIS : v;
      }
      case 'name':
        return this.located(e.pos, () => this.lookup(e.id, scope));
      case 'fstring':
        return this.fstring(e.parts, scope);
      case 'list':
        return new PyList(this.items(e.elts, scope));
      case 'tuple':
        return new PyTuple(this.items(e.elts, scope));
      case 'set':
        return PySet.from(this.items(e.elts, scope));
      case 'dict': {
        const d = new PyDict();
        for (const { key, value } of e.items) {
          if (key === null) {
            const m = this.eval(value, scope);
            if (m instanceof PyDict) for (const [k, v] of m.entries.values()) d.set(k, v);
            else for (const k of iterate(m)) d.set(k, getitem(m, k));
          } else d.set(this.eval(key, scope), this.eval(value, scope));
        }
        return d;
      }
      case 'comprehension':
        return this.comprehension(e, scope);
      case 'attribute': {
        const v = this.eval(e.value, scope);
        return this.located(e.pos, () => this.getattr(v, e.attr));
      }
      case 'subscript': {
        const v = this.eval(e.value, scope);
        const k = this.index(e.index, scope);
        return this.located(e.pos, () => getitem(v, k));
      }
      case 'slice':
        return this.index(e, scope) as unknown as PyValue;
      case 'call':
        return this.evalCall(e, scope);
      case 'binop': {
        const l = this.eval(e.left, scope);
        const r = this.eval(e.right, scope);
        const elementwise = l instanceof PyObject ? l.binop?.(e.op, r) : undefined;
        return elementwise ?? this.located(e.pos, () => binop(e.op, l, r));
      }
      case 'unary': {
        const v = this.eval(e.operand, scope);
        if (e.op === '~' && v instanceof PyObject && v.invert) return v.invert();
        return this.located(e.pos, () => unary(e.op, v));
      }
      case 'boolop': {
        let v: PyValue = null;
        for (const x of e.values) {
          v = this.eval(x, scope);
          if (e.op === 'and' ? !truthy(v) : truthy(v)) return v;
        }
        return v;
      }
      case 'compare': {
        let left = this.eval(e.left, scope);
        if (left instanceof PyObject && left.compareOp && e.ops.length === 1 && !['in', 'not in', 'is', 'is not'].includes(e.ops[0]!)) {
          return left.compareOp(e.ops[0]!, this.eval(e.comparators[0]!, scope));
        }
        for (let i = 0; i < e.ops.length; i++) {
          const right = this.eval(e.comparators[i]!, scope);
          const ok = this.located(e.pos, () => this.compareOp(e.ops[i]!, left, right));
          if (!ok) return false;
          left = right;
        }
        return true;
      }
      case 'ifexp':
        return truthy(this.eval(e.test, scope)) ? this.eval(e.body, scope) : this.eval(e.orelse, scope);
      case 'lambda':
        return this.makeFunction('<lambda>', e.params, e.body, scope);
      case 'starred':
        throw new Unsupported('starred expression here', e.pos, this.file);
      case 'named': {
        const v = this.eval(e.value, scope);
        this.store(e.target, v, scope);
        return v;
      }
    }
  }

  private index(e: A.Expr, scope: Scope): PyValue | PySlice {
    if (e.kind === 'slice') {
      const part = (x?: A.Expr) => (x ? this.eval(x, scope) : null);
      return new PySlice(part(e.lower), part(e.upper), part(e.step));
    }
    return this.eval(e, scope);
  }

  private items(elts: A.Expr[], scope: Scope): PyValue[] {
    const out: PyValue[] = [];
    for (const x of elts) {
      if (x.kind === 'starred') out.push(...iterate(this.eval(x.value, scope)));
      else out.push(this.eval(x, scope));
    }
    return out;
  }

  private compareOp(op: A.CmpOperator, a: PyValue, b: PyValue): boolean {
    switch (op) {
      case '==':
        return eq(a, b);
      case '!=':
        return !eq(a, b);
      case '<':
        return compare(a, b) < 0;
      case '>':
        return compare(a, b) > 0;
      case '<=':
        return compare(a, b) <= 0;
      case '>=':
        return compare(a, b) >= 0;
      case 'in':
        return contains(b, a);
      case 'not in':
        return !contains(b, a);
      case 'is':
        return a === b || (a === null && b === null);
      case 'is not':
        return !(a === b || (a === null && b === null));
    }
  }

  private fstring(parts: (string | A.FField)[], scope: Scope): string {
    let out = '';
    for (const p of parts) {
      if (typeof p === 'string') {
        out += p;
        continue;
      }
      let v = this.eval(p.expr, scope);
      if (p.conversion === 'r' || p.conversion === 'a') v = repr(v);
      else if (p.conversion === 's') v = str(v);
      if (p.selfDoc) {
        // `{x=}` prints the text, then the repr unless a conversion or spec says otherwise.
        out += p.selfDoc;
        if (!p.spec && !p.conversion) {
          out += repr(v);
          continue;
        }
      }
      out += formatSpec(v, p.spec ? this.fstring(p.spec, scope) : '');
    }
    return out;
  }

  private comprehension(e: A.Comprehension, scope: Scope): PyValue {
    // Comprehensions have their own scope, as in Python 3.
    const inner: Scope = { vars: new Map(), parent: scope };
    const results: PyValue[] = [];
    const dict = e.type === 'dict' ? new PyDict() : undefined;
    const loop = (i: number) => {
      if (i === e.generators.length) {
        if (dict) dict.set(this.eval(e.elt, inner), this.eval(e.value!, inner));
        else results.push(this.eval(e.elt, inner));
        return;
      }
      const g = e.generators[i]!;
      for (const item of iterate(this.eval(g.iter, i === 0 ? scope : inner))) {
        this.assign(g.target, item, inner);
        if (g.ifs.every((c) => truthy(this.eval(c, inner)))) loop(i + 1);
      }
    };
    loop(0);
    if (dict) return dict;
    if (e.type === 'set') return PySet.from(results);
    return new PyList(results);
  }

  // --- attributes and calls --------------------------------------------------------------------------

  getattr(v: PyValue, name: string): PyValue {
    if (v instanceof PyObject) {
      const r = v.getattr?.(name);
      if (r !== undefined) return r;
    } else {
      const m = builtinMethod(v, name);
      if (m) return m;
      if (v instanceof PyFloat && name === 'is_integer') return new PyBuiltin(name, () => Number.isInteger(v.value));
      if (v instanceof PyExceptionValue) return v;
      if (v instanceof PyFunction && name === '__name__') return v.name;
    }
    throw new PyError('AttributeError', `'${typeName(v)}' object has no attribute '${name}'`);
  }

  private evalCall(e: A.Call, scope: Scope): PyValue {
    const f = this.eval(e.func, scope);
    const args = this.items(e.args, scope);
    const kwargs: Kwargs = new Map();
    for (const k of e.keywords) {
      const v = this.eval(k.value, scope);
      if (k.name !== null) kwargs.set(k.name, v);
      else if (v instanceof PyDict) for (const [key, val] of v.entries.values()) kwargs.set(str(key), val);
      else if (v instanceof PyObject) for (const key of v.keys ? v.keys() : iterate(v)) kwargs.set(str(key), getitem(v, key));
    }
    return this.located(e.pos, () => this.call(f, args, kwargs, e.pos));
  }

  call(f: PyValue, args: PyValue[], kwargs: Kwargs, pos: A.Pos): PyValue {
    if (f instanceof PyBuiltin) {
      try {
        return f.fn(args, kwargs, { pos }) ?? null;
      } catch (e) {
        // A built-in handed arguments it cannot use (too few, wrong kind) fails as Python's would.
        if (e instanceof TypeError || e instanceof RangeError) throw new PyError('TypeError', `${f.name}(): invalid arguments (${e.message})`);
        throw e;
      }
    }
    if (f instanceof PyFunction) return this.callFunction(f, args, kwargs);
    if (f instanceof PyObject && f.call) return f.call(args, kwargs, { pos });
    throw new PyError('TypeError', `'${typeName(f)}' object is not callable`);
  }

  private makeFunction(name: string, params: A.Param[], body: A.Stmt[] | A.Expr, scope: Scope): PyFunction {
    const defaults = new Map<string, PyValue>();
    for (const p of params) if (p.default) defaults.set(p.name, this.eval(p.default, scope));
    return new PyFunction(name, params, body, scope, defaults, this.file);
  }

  /** Binds arguments to parameters as Python does, then runs the body. */
  callFunction(f: PyFunction, args: PyValue[], kwargs: Kwargs): PyValue {
    if (++this.depth > MAX_DEPTH) {
      this.depth = 0;
      throw new PyError('RecursionError', 'maximum recursion depth exceeded');
    }
    try {
      const local: Scope = { vars: new Map(), parent: f.closure };
      let i = 0;
      let kwOnly = false;
      const used = new Set<string>();
      for (const p of f.params) {
        if (p.kwOnlyMarker) {
          kwOnly = true;
          continue;
        }
        if (p.name === '') continue;
        if (p.star === '*') {
          local.vars.set(p.name, new PyTuple(args.slice(i)));
          i = args.length;
          kwOnly = true;
          continue;
        }
        if (p.star === '**') {
          const rest = new PyDict();
          for (const [k, v] of kwargs) if (!used.has(k)) rest.set(k, v);
          local.vars.set(p.name, rest);
          used.clear();
          for (const k of kwargs.keys()) used.add(k);
          continue;
        }
        if (!kwOnly && i < args.length) local.vars.set(p.name, args[i++]!);
        else if (kwargs.has(p.name)) {
          local.vars.set(p.name, kwargs.get(p.name)!);
          used.add(p.name);
        } else if (f.defaults.has(p.name)) local.vars.set(p.name, f.defaults.get(p.name)!);
        else throw new PyError('TypeError', `${f.name}() missing 1 required positional argument: '${p.name}'`);
      }
      if (i < args.length) throw new PyError('TypeError', `${f.name}() takes ${i} positional arguments but ${args.length} were given`);
      for (const k of kwargs.keys()) {
        if (!used.has(k) && !f.params.some((p) => p.name === k && !p.star)) throw new PyError('TypeError', `${f.name}() got an unexpected keyword argument '${k}'`);
      }
      const saved = this.file;
      this.file = f.file;
      try {
        if (!Array.isArray(f.body)) return this.eval(f.body, local);
        const c = this.execBlock(f.body, local);
        return c?.type === 'return' ? c.value : null;
      } finally {
        this.file = saved;
      }
    } finally {
      this.depth = Math.max(0, this.depth - 1);
    }
  }
}

export { formatString };
