// An evaluator for the Groovy that Nextflow pipelines run while they set up their dataflow:
// expressions, closures, functions, control flow. What is beyond it raises NF002 with its position.
// Nextflow's own objects (channels, processes, workflows) come in through `Hooks`.

import type { LineIndex } from '../common/text.js';
import type * as A from './ast.js';
import { builtinMethod, NO_METHOD, propertyOf } from './methods.js';
import { gstringParts, ParseError } from './parse.js';
import {
  Channel,
  Closure,
  compare,
  Duration,
  equals,
  GMap,
  GObject,
  GroovyError,
  MemoryUnit,
  NativeFn,
  NfPath,
  Scope,
  str,
  truthy,
  typeName,
  type Value,
} from './values.js';

class ReturnSignal {
  constructor(readonly value: Value) {}
}
class BreakSignal {}
class ContinueSignal {}

/** What the Nextflow layer adds to plain Groovy. */
export interface Hooks {
  /** Methods of Nextflow values (channels, ...); NO_METHOD when the value has none by that name. */
  method(obj: Value, name: string, args: Value[], named: GMap | undefined, pos: A.Pos): Value | typeof NO_METHOD;
  /** Calls of callable objects (processes, workflows). */
  invoke(obj: GObject, args: Value[], named: GMap | undefined, pos: A.Pos): Value;
  /** Reads a file's text (`path.text`, sample sheets). */
  readText(path: string): string | undefined;
}

export interface FunctionDef {
  node: Extract<A.Stmt, { k: 'fn' }>;
  file: string;
  scope: Scope;
}

export class Interpreter {
  /** Statements run so far, to stop an endless loop. */
  private steps = 0;

  constructor(
    private readonly lines: (file: string) => LineIndex,
    readonly hooks: Hooks,
  ) {}

  /** The file of the node being evaluated, for the positions of errors. */
  private file = '';

  fail(message: string, pos: A.Pos | undefined, code: 'NF002' | 'NF004' | 'NF005' = 'NF005', hint?: string): never {
    throw new GroovyError(message, pos, code, hint, this.file);
  }

  unsupported(what: string, pos: A.Pos | undefined): never {
    throw new GroovyError(`unsupported: ${what}`, pos, 'NF002', undefined, this.file);
  }

  // --- statements ---------------------------------------------------------------------------------

  /** Runs statements; returns the value of the last expression statement (Groovy's implicit return). */
  exec(body: readonly A.Stmt[], scope: Scope, file: string): Value {
    let last: Value = null;
    for (const s of body) last = this.stmt(s, scope, file);
    return last;
  }

  private stmt(s: A.Stmt, scope: Scope, file: string): Value {
    this.file = file;
    if (++this.steps > 5_000_000) this.fail('the pipeline runs too long while setting up its dataflow (an endless loop?)', s.pos);
    switch (s.k) {
      case 'expr':
        return this.eval(s.e, scope, file);
      case 'def': {
        const value = s.value ? this.eval(s.value, scope, file) : null;
        if (s.names.length === 1) scope.declare(s.names[0]!, value);
        else s.names.forEach((n, i) => scope.declare(n, Array.isArray(value) ? (value[i] ?? null) : null));
        return value;
      }
      case 'if':
        if (truthy(this.eval(s.c, scope, file))) return this.exec(s.then, new Scope(scope), file);
        return s.else ? this.exec(s.else, new Scope(scope), file) : null;
      case 'for': {
        const iter = this.eval(s.iter, scope, file);
        for (const item of this.iterate(iter, s.pos)) {
          const inner = new Scope(scope);
          inner.declare(s.name, item);
          try {
            this.exec(s.body, inner, file);
          } catch (e) {
            if (e instanceof BreakSignal) break;
            if (e instanceof ContinueSignal) continue;
            throw e;
          }
        }
        return null;
      }
      case 'while': {
        while (truthy(this.eval(s.c, scope, file))) {
          try {
            this.exec(s.body, new Scope(scope), file);
          } catch (e) {
            if (e instanceof BreakSignal) break;
            if (e instanceof ContinueSignal) continue;
            throw e;
          }
        }
        return null;
      }
      case 'return':
        throw new ReturnSignal(s.e ? this.eval(s.e, scope, file) : null);
      case 'throw': {
        const v = this.eval(s.e, scope, file);
        this.fail(`the pipeline throws: ${v instanceof GMap ? str(v.get('message') ?? null) : str(v)}`, s.pos);
      }
      // falls through: fail never returns
      case 'assert':
        if (!truthy(this.eval(s.e, scope, file))) this.fail('assertion failed', s.pos);
        return null;
      case 'try':
        try {
          return this.exec(s.body, new Scope(scope), file);
        } catch (e) {
          if (!(e instanceof GroovyError) || e.code !== 'NF005' || s.catches.length === 0) throw e;
          const inner = new Scope(scope);
          inner.declare(s.catches[0]!.name, new GObject('Exception', new Map<string, Value>([['message', e.message]])));
          return this.exec(s.catches[0]!.body, inner, file);
        } finally {
          if (s.finally) this.exec(s.finally, new Scope(scope), file);
        }
      case 'break':
        throw new BreakSignal();
      case 'continue':
        throw new ContinueSignal();
      case 'block':
        return this.exec(s.body, new Scope(scope), file);
      case 'fn':
        scope.declare(s.name, this.functionValue({ node: s, file, scope }));
        return null;
      case 'label':
      case 'import':
        return null;
      default:
        this.unsupported(`${s.k} here`, s.pos);
    }
  }

  functionValue(def: FunctionDef): NativeFn {
    return new NativeFn(def.node.name, (args, named, pos) => {
      const inner = new Scope(def.scope);
      const all = named ? [named, ...args] : args;
      def.node.params.forEach((p, i) => {
        inner.declare(p.name, i < all.length ? all[i]! : p.default ? this.eval(p.default, def.scope, def.file) : null);
      });
      return this.runBody(def.node.body, inner, def.file, pos);
    });
  }

  private runBody(body: readonly A.Stmt[], scope: Scope, file: string, _pos: A.Pos): Value {
    try {
      return this.exec(body, scope, file);
    } catch (e) {
      if (e instanceof ReturnSignal) return e.value;
      throw e;
    }
  }

  // --- closures and calls -------------------------------------------------------------------------

  /** Calls a closure; `extra` names are visible inside (e.g. `task` for directive closures). */
  callClosure(c: Closure, args: Value[], extra?: Map<string, Value>): Value {
    return this.runBody(c.node.body, this.closureScope(c, args, extra), c.file, c.node.pos);
  }

  /** The scope a closure's body runs in: its parameters (or `it`) bound to `args`. */
  closureScope(c: Closure, args: Value[], extra?: Map<string, Value>): Scope {
    const inner = new Scope(c.scope);
    if (extra) for (const [k, v] of extra) inner.declare(k, v);
    const params = c.node.params;
    if (c.node.implicit) inner.declare('it', args[0] ?? null);
    else {
      // Groovy spreads a single list argument over a closure of several parameters.
      const spread = params.length > 1 && args.length === 1 && Array.isArray(args[0]) ? args[0] : args;
      params.forEach((p, i) => inner.declare(p.name, i < spread.length ? spread[i]! : p.default ? this.eval(p.default, c.scope, c.file) : null));
    }
    return inner;
  }

  call(fn: Value, args: Value[], named: GMap | undefined, pos: A.Pos): Value {
    if (fn instanceof Closure) return this.callClosure(fn, named ? [named, ...args] : args);
    if (fn instanceof NativeFn) return fn.call(args, named, pos);
    if (fn instanceof GObject) return this.hooks.invoke(fn, args, named, pos);
    return this.fail(`${typeName(fn)} is not callable`, pos);
  }

  /** Calls anything callable with the given arguments, for methods that take closures. */
  readonly apply = (fn: Value, ...args: Value[]): Value => this.call(fn, args, undefined, { line: 0, column: 0, offset: 0 });

  iterate(v: Value, pos: A.Pos): Value[] {
    if (Array.isArray(v)) return v;
    if (v instanceof GMap) return [...v].map(([k, x]) => entry(k, x));
    if (typeof v === 'string') return [...v];
    if (v === null) return [];
    if (v instanceof NfPath) return [v];
    return this.fail(`cannot iterate over ${typeName(v)}`, pos);
  }

  // --- expressions --------------------------------------------------------------------------------

  eval(e: A.Expr, scope: Scope, file: string): Value {
    this.file = file;
    switch (e.k) {
      case 'lit':
        return e.v;
      case 'gstr':
        return this.gstring(e, scope, file);
      case 'name':
        return this.lookup(e.name, scope, e.pos);
      case 'prop': {
        const obj = this.eval(e.obj, scope, file);
        if (obj === null && e.safe) return null;
        if (e.spread) return this.iterate(obj, e.pos).map((x) => this.property(x, e.name, e.pos));
        return this.property(obj, e.name, e.pos);
      }
      case 'index': {
        const obj = this.eval(e.obj, scope, file);
        if (obj === null && e.safe) return null;
        return this.index(obj, this.eval(e.index, scope, file), e.pos);
      }
      case 'call':
        return this.evalCall(e, scope, file);
      case 'list':
        return e.items.map((x) => this.eval(x, scope, file));
      case 'map': {
        const m = new GMap();
        for (const [k, v] of e.entries) {
          const key = this.eval(k, scope, file);
          m.set(mapKey(key), this.eval(v, scope, file));
        }
        return m;
      }
      case 'closure':
        return new Closure(e, scope, file);
      case 'bin':
        return this.binary(e, scope, file);
      case 'un': {
        if (e.op === '++' || e.op === '--') return this.increment(e.e, e.op === '++' ? 1 : -1, scope, file, false);
        const v = this.eval(e.e, scope, file);
        if (e.op === '!') return !truthy(v);
        if (e.op === '-') return typeof v === 'number' ? -v : this.fail(`cannot negate ${typeName(v)}`, e.pos);
        if (e.op === '+') return v;
        return this.unsupported(`unary ${e.op}`, e.pos);
      }
      case 'postfix':
        return this.increment(e.e, e.op === '++' ? 1 : -1, scope, file, true);
      case 'tern':
        return truthy(this.eval(e.c, scope, file)) ? this.eval(e.t, scope, file) : this.eval(e.f, scope, file);
      case 'elvis': {
        const l = this.eval(e.l, scope, file);
        return truthy(l) ? l : this.eval(e.r, scope, file);
      }
      case 'range': {
        const from = this.eval(e.from, scope, file);
        const to = this.eval(e.to, scope, file);
        if (typeof from !== 'number' || typeof to !== 'number') return this.unsupported('ranges of anything but numbers', e.pos);
        const out: number[] = [];
        const step = from <= to ? 1 : -1;
        for (let i = from; e.exclusive ? i !== to : step > 0 ? i <= to : i >= to; i += step) out.push(i);
        return out;
      }
      case 'new':
        return this.construct(e, scope, file);
      case 'cast':
        return this.cast(this.eval(e.e, scope, file), e.type, e.pos);
      case 'assign':
        return this.assign(e, scope, file);
      case 'massign': {
        const v = this.eval(e.value, scope, file);
        e.names.forEach((n, i) => scope.assign(n, Array.isArray(v) ? (v[i] ?? null) : v instanceof GObject ? (v.get(String(i)) ?? null) : null));
        return v;
      }
    }
  }

  gstring(e: Extract<A.Expr, { k: 'gstr' }>, scope: Scope, file: string): string {
    if (!e.parts) {
      try {
        e.parts = gstringParts(e.raw, e.quote, e.pos.offset + e.quote.length, this.lines(file));
      } catch (err) {
        if (err instanceof ParseError) this.fail(err.message, err.pos, 'NF002');
        throw err;
      }
    }
    let out = '';
    for (const p of e.parts) out += typeof p === 'string' ? p : str(this.eval(p, scope, file));
    return out;
  }

  lookup(name: string, scope: Scope, pos: A.Pos): Value {
    const found = scope.lookup(name);
    if (found) return found.value;
    return this.fail(`no such variable: ${name}`, pos, 'NF004', 'declare it, or check the spelling');
  }

  property(obj: Value, name: string, pos: A.Pos): Value {
    if (obj === null) return this.fail(`cannot read property '${name}' of null`, pos, 'NF005', 'use the safe navigation operator ?. where the value may be missing');
    if (obj instanceof GMap) return obj.has(name) ? obj.get(name)! : name === 'class' ? 'Map' : null;
    if (obj instanceof GObject) {
      const v = obj.get(name);
      if (v !== undefined) return v;
    }
    const v = propertyOf(obj, name, this);
    if (v !== NO_METHOD) return v as Value;
    if (Array.isArray(obj)) return obj.map((x) => this.property(x, name, pos));
    if (obj instanceof GObject) return null;
    return this.fail(`${typeName(obj)} has no property '${name}'`, pos);
  }

  index(obj: Value, index: Value, pos: A.Pos): Value {
    if (obj === null) return this.fail('cannot index null', pos);
    if (Array.isArray(obj) || typeof obj === 'string') {
      if (Array.isArray(index)) return index.map((i) => this.index(obj, i, pos)) as Value;
      if (typeof index !== 'number') return this.fail(`index must be a number, not ${typeName(index)}`, pos);
      const i = index < 0 ? obj.length + index : index;
      return (obj[i] as Value | undefined) ?? null;
    }
    if (obj instanceof GMap) return obj.get(mapKey(index)) ?? null;
    if (obj instanceof GObject) return obj.get(str(index)) ?? null;
    return this.fail(`cannot index ${typeName(obj)}`, pos);
  }

  private evalArgs(args: readonly A.Arg[], scope: Scope, file: string): { values: Value[]; named: GMap | undefined } {
    const values: Value[] = [];
    let named: GMap | undefined;
    for (const a of args) {
      if (a.name !== undefined) {
        named ??= new GMap();
        named.set(a.name, this.eval(a.value, scope, file));
      } else values.push(this.eval(a.value, scope, file));
    }
    return { values, named };
  }

  private evalCall(e: Extract<A.Expr, { k: 'call' }>, scope: Scope, file: string): Value {
    const callee = e.callee;
    if (callee.k === 'prop') {
      const obj = this.eval(callee.obj, scope, file);
      if (obj === null && callee.safe) return null;
      const { values, named } = this.evalArgs(e.args, scope, file);
      if (callee.spread) return this.iterate(obj, e.pos).map((x) => this.method(x, callee.name, values, named, e.pos));
      return this.method(obj, callee.name, values, named, e.pos);
    }
    const fn = callee.k === 'name' ? this.lookupCallable(callee.name, scope, callee.pos) : this.eval(callee, scope, file);
    const { values, named } = this.evalArgs(e.args, scope, file);
    return this.call(fn, values, named, e.pos);
  }

  private lookupCallable(name: string, scope: Scope, pos: A.Pos): Value {
    const found = scope.lookup(name);
    if (found) return found.value;
    return this.fail(`no such process, workflow or function: ${name}`, pos, 'NF004', 'include it from the file that defines it, or check the spelling');
  }

  method(obj: Value, name: string, args: Value[], named: GMap | undefined, pos: A.Pos): Value {
    const hooked = this.hooks.method(obj, name, args, named, pos);
    if (hooked !== NO_METHOD) return hooked;
    if (obj instanceof GObject) {
      const member = obj.get(name);
      if (member instanceof NativeFn || member instanceof Closure || member instanceof GObject) return this.call(member, args, named, pos);
    }
    if (obj instanceof GMap && (obj.get(name) instanceof Closure || obj.get(name) instanceof NativeFn)) return this.call(obj.get(name)!, args, named, pos);
    const all = named ? [named, ...args] : args;
    const v = builtinMethod(obj, name, all, this, pos);
    if (v !== NO_METHOD) return v as Value;
    return this.unsupported(`method ${typeName(obj)}.${name}()`, pos);
  }

  private binary(e: Extract<A.Expr, { k: 'bin' }>, scope: Scope, file: string): Value {
    if (e.op === '&&') return truthy(this.eval(e.l, scope, file)) && truthy(this.eval(e.r, scope, file));
    if (e.op === '||') return truthy(this.eval(e.l, scope, file)) || truthy(this.eval(e.r, scope, file));
    const l = this.eval(e.l, scope, file);
    if (e.op === '|' && l instanceof Channel) return this.pipe(l, e.r, scope, file);
    if (e.op === '|' && l instanceof GObject && l.typeName === 'ForkOutput') return this.pipe(l, e.r, scope, file);
    const r = this.eval(e.r, scope, file);
    return this.arith(e.op, l, r, e.pos);
  }

  /**
   * `ch | op { }` and `ch | PROCESS`: an operator name that is not a process, workflow or function
   * in scope is a channel method; anything else is called with the channel.
   */
  private pipe(left: Value, right: A.Expr, scope: Scope, file: string): Value {
    const callee = right.k === 'call' ? right.callee : right;
    if (callee.k === 'name' && !scope.lookup(callee.name)) {
      const { values, named } = right.k === 'call' ? this.evalArgs(right.args, scope, file) : { values: [], named: undefined };
      return this.method(left, callee.name, values, named, right.pos);
    }
    const target = this.eval(right, scope, file);
    const args = left instanceof GObject ? [...left.members.values()] : [left];
    return this.call(target, args, undefined, right.pos);
  }

  arith(op: string, l: Value, r: Value, pos: A.Pos): Value {
    switch (op) {
      case '==':
        return equals(l, r);
      case '!=':
        return !equals(l, r);
      case '<':
        return compare(l, r) < 0;
      case '<=':
        return compare(l, r) <= 0;
      case '>':
        return compare(l, r) > 0;
      case '>=':
        return compare(l, r) >= 0;
      case '<=>':
        return Math.sign(compare(l, r));
      case 'in':
        return contains(r, l);
      case 'instanceof':
        return typeName(l) === String(r).split('.').pop() || (String(r) === 'Map' && l instanceof GMap) || (/^(List|Collection|ArrayList)$/.test(String(r)) && Array.isArray(l));
      case '=~': {
        const re = new RegExp(str(r), 'g');
        return [...str(l).matchAll(re)].map((m) => (m.length > 1 ? [...m].map((x) => x ?? null) : m[0]));
      }
      case '==~':
        return new RegExp(`^(?:${str(r)})$`).test(str(l));
      case '<<':
        if (Array.isArray(l)) {
          l.push(r);
          return l;
        }
        break;
      case '+':
        return plus(l, r, pos, this);
      case '-':
        if (typeof l === 'number' && typeof r === 'number') return l - r;
        if (Array.isArray(l)) return l.filter((x) => !(Array.isArray(r) ? r.some((y) => equals(x, y)) : equals(x, r)));
        if (typeof l === 'string') return l.replace(str(r), '');
        if (l instanceof MemoryUnit && r instanceof MemoryUnit) return new MemoryUnit(l.bytes - r.bytes);
        if (l instanceof Duration && r instanceof Duration) return new Duration(l.millis - r.millis);
        if (l instanceof GMap) {
          const m = new GMap(l);
          if (r instanceof GMap) for (const k of r.keys()) m.delete(k);
          return m;
        }
        break;
      case '*':
        if (typeof l === 'number' && typeof r === 'number') return l * r;
        if (l instanceof MemoryUnit && typeof r === 'number') return new MemoryUnit(Math.round(l.bytes * r));
        if (typeof l === 'number' && r instanceof MemoryUnit) return new MemoryUnit(Math.round(r.bytes * l));
        if (l instanceof Duration && typeof r === 'number') return new Duration(Math.round(l.millis * r));
        if (typeof l === 'number' && r instanceof Duration) return new Duration(Math.round(r.millis * l));
        if (typeof l === 'string' && typeof r === 'number') return l.repeat(r);
        if (Array.isArray(l) && typeof r === 'number') return Array.from({ length: r }, () => l).flat();
        break;
      case '/':
        if (typeof l === 'number' && typeof r === 'number') return l / r;
        if (l instanceof MemoryUnit && typeof r === 'number') return new MemoryUnit(Math.round(l.bytes / r));
        if (l instanceof Duration && typeof r === 'number') return new Duration(Math.round(l.millis / r));
        if (l instanceof NfPath || (typeof l === 'string' && (r instanceof NfPath || typeof r === 'string'))) return new NfPath(`${str(l).replace(/\/+$/, '')}/${str(r)}`);
        break;
      case '%':
        if (typeof l === 'number' && typeof r === 'number') return l % r;
        break;
      case '**':
        if (typeof l === 'number' && typeof r === 'number') return l ** r;
        break;
      case '&':
        if (typeof l === 'number' && typeof r === 'number') return l & r;
        if (typeof l === 'boolean' || typeof r === 'boolean') return truthy(l) && truthy(r);
        break;
      case '|':
        if (typeof l === 'number' && typeof r === 'number') return l | r;
        if (typeof l === 'boolean' || typeof r === 'boolean') return truthy(l) || truthy(r);
        break;
      case '^':
        if (typeof l === 'number' && typeof r === 'number') return l ^ r;
        if (typeof l === 'boolean' && typeof r === 'boolean') return l !== r;
        break;
      case '>>':
        return this.unsupported("the `>>` publishing operator (use publish: with name = channel)", pos);
    }
    return this.fail(`operator ${op} does not apply to ${typeName(l)} and ${typeName(r)}`, pos);
  }

  private assign(e: Extract<A.Expr, { k: 'assign' }>, scope: Scope, file: string): Value {
    let value = this.eval(e.value, scope, file);
    if (e.op !== '=') {
      const current = this.eval(e.target, scope, file);
      if (e.op === '?=') {
        if (current !== null) return current;
      } else value = this.arith(e.op.slice(0, -1), current, value, e.pos);
    }
    this.store(e.target, value, scope, file);
    return value;
  }

  store(target: A.Expr, value: Value, scope: Scope, file: string): void {
    if (target.k === 'name') return scope.assign(target.name, value);
    if (target.k === 'prop' || target.k === 'index') {
      const obj = this.eval(target.obj, scope, file);
      const key = target.k === 'prop' ? target.name : this.eval(target.index, scope, file);
      if (obj instanceof GMap) {
        obj.set(mapKey(key), value);
        return;
      }
      if (Array.isArray(obj) && typeof key === 'number') {
        obj[key < 0 ? obj.length + key : key] = value;
        return;
      }
      if (obj instanceof GObject) {
        obj.members.set(str(key), value);
        return;
      }
      return this.fail(`cannot assign to a property of ${typeName(obj)}`, target.pos);
    }
    return this.unsupported('this assignment target', target.pos);
  }

  private increment(target: A.Expr, by: number, scope: Scope, file: string, postfix: boolean): Value {
    const old = this.eval(target, scope, file);
    if (typeof old !== 'number') return this.fail(`cannot increment ${typeName(old)}`, target.pos);
    this.store(target, old + by, scope, file);
    return postfix ? old : old + by;
  }

  private construct(e: Extract<A.Expr, { k: 'new' }>, scope: Scope, file: string): Value {
    const { values } = this.evalArgs(e.args, scope, file);
    const type = e.type.split('.').pop()!;
    switch (type) {
      case 'ArrayList':
      case 'LinkedList':
      case 'HashSet':
      case 'LinkedHashSet':
      case 'TreeSet':
        return Array.isArray(values[0]) ? [...values[0]] : [];
      case 'HashMap':
      case 'LinkedHashMap':
      case 'TreeMap':
        return values[0] instanceof GMap ? new GMap(values[0]) : new GMap();
      case 'File':
        return new NfPath(values.map(str).join('/'));
      case 'MemoryUnit':
        return this.cast(values[0] ?? null, 'MemoryUnit', e.pos);
      case 'Duration':
        return this.cast(values[0] ?? null, 'Duration', e.pos);
      case 'Date':
        return new GObject('Date', new Map());
      case 'Exception':
      case 'RuntimeException':
      case 'IllegalArgumentException':
      case 'IllegalStateException':
        return new GMap([['message', values[0] ?? null]]);
      case 'String':
        return values.length > 0 ? str(values[0]) : '';
    }
    return this.unsupported(`new ${e.type}(...)`, e.pos);
  }

  cast(v: Value, type: string, pos: A.Pos): Value {
    const t = type.split('.').pop()!;
    switch (t) {
      case 'Integer':
      case 'int':
      case 'Long':
      case 'long':
        return typeof v === 'number' ? Math.trunc(v) : parseInt(str(v), 10);
      case 'Float':
      case 'float':
      case 'Double':
      case 'double':
      case 'BigDecimal':
        return Number(str(v));
      case 'String':
        return str(v);
      case 'Boolean':
      case 'boolean':
        return truthy(v);
      case 'List':
      case 'ArrayList':
      case 'Set':
      case 'LinkedHashSet':
      case 'HashSet':
        return Array.isArray(v) ? (t.endsWith('Set') ? dedupe(v) : v) : this.iterate(v, pos);
      case 'Map':
        return v;
      case 'MemoryUnit': {
        if (v instanceof MemoryUnit) return v;
        if (typeof v === 'number') return new MemoryUnit(v);
        return parseMemoryUnit(str(v)) ?? this.fail(`"${str(v)}" is not a memory amount`, pos, 'NF005', "write e.g. '8 GB' or 8.GB");
      }
      case 'Duration': {
        if (v instanceof Duration) return v;
        if (typeof v === 'number') return new Duration(v);
        return parseDurationValue(str(v)) ?? this.fail(`"${str(v)}" is not a duration`, pos, 'NF005', "write e.g. '2h' or 2.h");
      }
      case 'Path':
      case 'File':
        return v instanceof NfPath ? v : new NfPath(str(v));
    }
    return v;
  }
}

export function entry(k: Value, v: Value): GObject {
  return new GObject('MapEntry', new Map<string, Value>([['key', k], ['value', v]]));
}

export function mapKey(v: Value): string | number | boolean | null {
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  return str(v);
}

export function contains(container: Value, item: Value): boolean {
  if (Array.isArray(container)) return container.some((x) => equals(x, item));
  if (container instanceof GMap) return container.has(mapKey(item));
  if (typeof container === 'string') return container.includes(str(item));
  return false;
}

export function dedupe(list: Value[]): Value[] {
  const out: Value[] = [];
  for (const x of list) if (!out.some((y) => equals(x, y))) out.push(x);
  return out;
}

function plus(l: Value, r: Value, pos: A.Pos, interp: Interpreter): Value {
  if (typeof l === 'number' && typeof r === 'number') return l + r;
  if (typeof l === 'string') return l + str(r);
  if (Array.isArray(l)) return Array.isArray(r) ? [...l, ...r] : [...l, r];
  if (l instanceof GMap && r instanceof GMap) return new GMap([...l, ...r]);
  if (l instanceof MemoryUnit && r instanceof MemoryUnit) return new MemoryUnit(l.bytes + r.bytes);
  if (l instanceof Duration && r instanceof Duration) return new Duration(l.millis + r.millis);
  if (l instanceof NfPath) return str(l) + str(r);
  if (l instanceof Channel || r instanceof Channel) return interp.unsupported('+ between channels (use mix or concat)', pos);
  return interp.fail(`operator + does not apply to ${typeName(l)} and ${typeName(r)}`, pos);
}

const MEMORY_RE = /^\s*(\d+(?:\.\d+)?)\s*\.?\s*([KMGTP]?B)\s*$/i;
const DURATION_RE = /(\d+(?:\.\d+)?)\s*(ms|milli|millis|s|sec|second|seconds|m|min|mins|minute|minutes|h|hour|hours|d|day|days)\b/gi;

export function parseMemoryUnit(text: string): MemoryUnit | undefined {
  const m = MEMORY_RE.exec(text);
  if (!m) return /^\s*\d+\s*$/.test(text) ? new MemoryUnit(Number(text)) : undefined;
  const factor = { B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3, TB: 1024 ** 4, PB: 1024 ** 5 }[m[2]!.toUpperCase()]!;
  return new MemoryUnit(Math.round(Number(m[1]) * factor));
}

export function parseDurationValue(text: string): Duration | undefined {
  const t = text.trim();
  if (/^\d+$/.test(t)) return new Duration(Number(t));
  const hms = /^(\d+):(\d{2}):(\d{2})$/.exec(t);
  if (hms) return new Duration(((Number(hms[1]) * 60 + Number(hms[2])) * 60 + Number(hms[3])) * 1000);
  let total = 0;
  let matched = '';
  for (const m of t.matchAll(DURATION_RE)) {
    const unit = m[2]!.toLowerCase();
    const factor = unit.startsWith('ms') || unit.startsWith('milli') ? 1 : unit.startsWith('s') ? 1000 : unit.startsWith('m') ? 60_000 : unit.startsWith('h') ? 3_600_000 : 86_400_000;
    total += Number(m[1]) * factor;
    matched += m[0];
  }
  if (matched.replace(/\s/g, '') !== t.replace(/\s/g, '')) return undefined;
  return new Duration(total);
}
