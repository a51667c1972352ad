// Python values as the interpreter represents them.
//
// None is null, bool is boolean, int is an integral JS number, str is string. Everything else is a
// class below. Objects that Snakemake or pandas provide implement `PyObject`'s protocol hooks.

import type * as A from '../ast.js';

export type PyValue =
  | null
  | boolean
  | number
  | string
  | PyFloat
  | PyList
  | PyTuple
  | PyDict
  | PySet
  | PyFunction
  | PyBuiltin
  | PyObject
  | PyEllipsis;

export class PyFloat {
  constructor(readonly value: number) {}
}

export class PyEllipsis {}
export const ELLIPSIS = new PyEllipsis();

export class PyList {
  constructor(public items: PyValue[] = []) {}
}

export class PyTuple {
  constructor(readonly items: readonly PyValue[] = []) {}
}

/** Dict with Python key equality (1 == 1.0 == True); keeps insertion order. */
export class PyDict {
  readonly entries = new Map<string, [PyValue, PyValue]>();
  /** For defaultdict and Counter: makes the value of a missing key (and stores it). */
  missing?: (key: PyValue) => PyValue;

  static from(pairs: Iterable<[PyValue, PyValue]>): PyDict {
    const d = new PyDict();
    for (const [k, v] of pairs) d.set(k, v);
    return d;
  }
  get(key: PyValue): PyValue | undefined {
    return this.entries.get(hashKey(key))?.[1];
  }
  has(key: PyValue): boolean {
    return this.entries.has(hashKey(key));
  }
  set(key: PyValue, value: PyValue): void {
    const h = hashKey(key);
    const existing = this.entries.get(h);
    if (existing) existing[1] = value;
    else this.entries.set(h, [key, value]);
  }
  delete(key: PyValue): boolean {
    return this.entries.delete(hashKey(key));
  }
  keys(): PyValue[] {
    return [...this.entries.values()].map(([k]) => k);
  }
  values(): PyValue[] {
    return [...this.entries.values()].map(([, v]) => v);
  }
  get size(): number {
    return this.entries.size;
  }
}

export class PySet {
  readonly entries = new Map<string, PyValue>();

  static from(items: Iterable<PyValue>): PySet {
    const s = new PySet();
    for (const v of items) s.add(v);
    return s;
  }
  add(v: PyValue): void {
    const h = hashKey(v);
    if (!this.entries.has(h)) this.entries.set(h, v);
  }
  has(v: PyValue): boolean {
    return this.entries.has(hashKey(v));
  }
  items(): PyValue[] {
    return [...this.entries.values()];
  }
}

/** Keyword arguments, in the order given. */
export type Kwargs = Map<string, PyValue>;

export interface CallContext {
  /** Position of the call, for errors raised inside builtins. */
  pos: A.Pos;
}

export class PyBuiltin {
  constructor(
    readonly name: string,
    readonly fn: (args: PyValue[], kwargs: Kwargs, ctx: CallContext) => PyValue,
    /** For exception classes: the Python type name they raise. */
    readonly exceptionType?: string,
  ) {}
}

export interface Scope {
  vars: Map<string, PyValue>;
  parent?: Scope;
  /** Names declared `global` in this function scope. */
  globals?: Set<string>;
}

export class PyFunction {
  constructor(
    readonly name: string,
    readonly params: A.Param[],
    readonly body: A.Stmt[] | A.Expr,
    readonly closure: Scope,
    readonly defaults: Map<string, PyValue>,
    /** File the function was written in, for error positions. */
    readonly file: string,
  ) {}
}

/**
 * Host objects: modules, Snakemake's namedlists and wildcards, pandas frames. Each implements the
 * protocol hooks it supports; the interpreter raises the usual Python error for the others.
 */
export abstract class PyObject {
  abstract readonly typeName: string;
  getattr?(name: string): PyValue | undefined;
  setattr?(name: string, value: PyValue): boolean;
  getitem?(key: PyValue): PyValue | undefined;
  setitem?(key: PyValue, value: PyValue): boolean;
  call?(args: PyValue[], kwargs: Kwargs, ctx: CallContext): PyValue;
  iterate?(): PyValue[];
  /** For `**obj`: the keys of a mapping-like object. */
  keys?(): string[];
  len?(): number;
  contains?(v: PyValue): boolean;
  str?(): string;
  repr?(): string;
  eq?(other: PyValue): boolean;
  truthy?(): boolean;
  /** Elementwise operators (pandas): `series == x`, `mask & other`, `~mask`. */
  compareOp?(op: string, other: PyValue): PyValue;
  binop?(op: string, other: PyValue): PyValue | undefined;
  invert?(): PyValue;
}

/** A module or any plain namespace of attributes. */
export class PyNamespace extends PyObject {
  readonly attrs: Map<string, PyValue>;
  constructor(
    readonly typeName: string,
    attrs: Record<string, PyValue> | Map<string, PyValue> = {},
  ) {
    super();
    this.attrs = attrs instanceof Map ? attrs : new Map(Object.entries(attrs));
  }
  override getattr(name: string): PyValue | undefined {
    return this.attrs.get(name);
  }
  override setattr(name: string, value: PyValue): boolean {
    this.attrs.set(name, value);
    return true;
  }
  override repr(): string {
    return `<${this.typeName}>`;
  }
}

/** A Python exception on its way up; `type` is the Python class name. */
export class PyError extends Error {
  /** Set on a KeyError raised by a config mapping: a missing config key. */
  configKey?: boolean;
  constructor(
    readonly type: string,
    message: string,
    public pos?: A.Pos,
    public file?: string,
  ) {
    super(message);
  }
}

/** A construct outside the subset: becomes SMK003 "unsupported Python". */
export class Unsupported extends Error {
  constructor(
    message: string,
    public pos?: A.Pos,
    public file?: string,
  ) {
    super(message);
  }
}

/** The value of `except E as e`. */
export class PyExceptionValue extends PyObject {
  readonly typeName: string;
  constructor(readonly error: PyError) {
    super();
    this.typeName = error.type;
  }
  override str(): string {
    return this.error.message;
  }
  override repr(): string {
    return `${this.error.type}(${JSON.stringify(this.error.message)})`;
  }
  override getattr(name: string): PyValue | undefined {
    if (name === 'args') return new PyTuple([this.error.message]);
    return undefined;
  }
}

/** Hash key under Python's equality: equal values share a key. */
export function hashKey(v: PyValue): string {
  if (v === null) return 'N';
  if (typeof v === 'boolean') return `i${v ? 1 : 0}`;
  if (typeof v === 'number') return `i${v}`;
  if (typeof v === 'string') return `s${v}`;
  if (v instanceof PyFloat) return Number.isInteger(v.value) ? `i${v.value}` : `f${v.value}`;
  if (v instanceof PyTuple) return `t(${v.items.map(hashKey).join(',')})`;
  if (v instanceof PyObject && v.str && (v.typeName === 'AnnotatedString' || v.typeName === 'Path')) return `s${v.str()}`;
  if (v instanceof PyList || v instanceof PyDict || v instanceof PySet) throw new PyError('TypeError', `unhashable type: '${typeName(v)}'`);
  return `o${objectId(v as object)}`;
}

const ids = new WeakMap<object, number>();
let nextId = 1;
function objectId(o: object): number {
  let id = ids.get(o);
  if (id === undefined) {
    id = nextId++;
    ids.set(o, id);
  }
  return id;
}

export function typeName(v: PyValue): string {
  if (v === null) return 'NoneType';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return 'int';
  if (typeof v === 'string') return 'str';
  if (v instanceof PyFloat) return 'float';
  if (v instanceof PyList) return 'list';
  if (v instanceof PyTuple) return 'tuple';
  if (v instanceof PyDict) return 'dict';
  if (v instanceof PySet) return 'set';
  if (v instanceof PyFunction) return 'function';
  if (v instanceof PyBuiltin) return v.exceptionType ? 'type' : 'builtin_function_or_method';
  if (v instanceof PyEllipsis) return 'ellipsis';
  return v.typeName;
}
