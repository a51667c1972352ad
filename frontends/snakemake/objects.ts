// Snakemake's own objects as the interpreter sees them: flagged file names (temp, directory, ...),
// named lists (input, output, params, wildcards), and the `rules` / `checkpoints` namespaces.

import { builtinMethod } from './python/methods.js';
import { contains, eq, getitem, iterate, len, str } from './python/ops.js';
import { PyDict, PyError, PyList, PyObject, PyTuple, type PyValue } from './python/values.js';

/** A file name with Snakemake flags: `temp("x")`, `directory("d")`, `ancient(...)`, `multiext` parts. */
export class Flagged extends PyObject {
  readonly typeName = 'AnnotatedString';
  constructor(
    readonly value: string,
    readonly flags: ReadonlySet<string>,
  ) {
    super();
  }
  override str(): string {
    return this.value;
  }
  override repr(): string {
    return JSON.stringify(this.value);
  }
  override eq(other: PyValue): boolean {
    return str(other) === this.value && (typeof other === 'string' || other instanceof Flagged);
  }
  override getattr(name: string): PyValue | undefined {
    if (name === 'flags') return new PyDict();
    return builtinMethod(this.value, name);
  }
  override len(): number {
    return [...this.value].length;
  }
  override contains(v: PyValue): boolean {
    return this.value.includes(str(v));
  }
  override iterate(): PyValue[] {
    return [...this.value];
  }
  override getitem(key: PyValue): PyValue | undefined {
    return getitem(this.value, key);
  }
}

/** Adds flags to a name, a list of names, or to every value of an `unpack`-able dict. */
export function flag(value: PyValue, name: string): PyValue {
  if (typeof value === 'string') return new Flagged(value, new Set([name]));
  if (value instanceof Flagged) return new Flagged(value.value, new Set([...value.flags, name]));
  if (value instanceof PyList || value instanceof PyTuple) return new PyList(iterate(value).map((v) => flag(v, name)));
  if (value instanceof Namedlist) return new Namedlist(value.items.map((v) => flag(v, name)), value.names);
  return value; // callables: Snakemake flags their results; we keep the function
}

export function flagsOf(v: PyValue): ReadonlySet<string> {
  return v instanceof Flagged ? v.flags : new Set();
}

/**
 * A list whose items may also have names: `input.fa`, `input[0]`, `str(input)` joins with spaces.
 * Snakemake uses one for input, output, params, log, resources and wildcards.
 */
export class Namedlist extends PyObject {
  readonly typeName: string;
  constructor(
    readonly items: PyValue[],
    /** Name → index of the first item it covers, and how many items. */
    readonly names: ReadonlyMap<string, [number, number]> = new Map(),
    typeName = 'Namedlist',
  ) {
    super();
    this.typeName = typeName;
  }

  static fromPairs(pairs: [string | undefined, PyValue[]][], typeName?: string): Namedlist {
    const items: PyValue[] = [];
    const names = new Map<string, [number, number]>();
    for (const [name, values] of pairs) {
      if (name !== undefined) names.set(name, [items.length, values.length]);
      items.push(...values);
    }
    return new Namedlist(items, names, typeName);
  }

  /** The value under a name: one item, or a list when the name covers several. */
  named(name: string): PyValue | undefined {
    const at = this.names.get(name);
    if (!at) return undefined;
    const [start, n] = at;
    return n === 1 ? this.items[start]! : new Namedlist(this.items.slice(start, start + n));
  }

  override getattr(name: string): PyValue | undefined {
    const v = this.named(name);
    if (v !== undefined) return v;
    if (name === 'keys') return builtinMethodOf(() => new PyList([...this.names.keys()]));
    if (name === 'items') return builtinMethodOf(() => new PyList([...this.names.keys()].map((k) => new PyTuple([k, this.named(k)!]))));
    if (name === 'get') return builtinMethodOf((args) => this.named(str(args[0]!)) ?? args[1] ?? null);
    if (name === 'index') return builtinMethodOf((args) => this.items.findIndex((x) => eq(x, args[0]!)));
    return undefined;
  }
  override getitem(key: PyValue): PyValue | undefined {
    if (typeof key === 'string') return this.named(key);
    if (key instanceof PyTuple && key.items.length === 3) return new PyList(iterate(getitem(new PyList(this.items), key) as PyValue));
    return getitem(new PyList(this.items), key);
  }
  override iterate(): PyValue[] {
    return [...this.items];
  }
  override keys(): string[] {
    return [...this.names.keys()];
  }
  override len(): number {
    return this.items.length;
  }
  override contains(v: PyValue): boolean {
    return contains(new PyList(this.items), v);
  }
  override str(): string {
    return this.items.map((x) => str(x)).join(' ');
  }
  override repr(): string {
    return str(new PyList(this.items));
  }
  override eq(other: PyValue): boolean {
    return other instanceof Namedlist ? eq(new PyList(this.items), new PyList(other.items)) : false;
  }
}

function builtinMethodOf(fn: (args: PyValue[]) => PyValue): PyValue {
  return new (class extends PyObject {
    readonly typeName = 'method';
    override call(args: PyValue[]): PyValue {
      return fn(args);
    }
  })();
}

/** `wildcards`: named values, attribute and item access, `**wildcards`. */
export function wildcardsObject(values: ReadonlyMap<string, string>): Namedlist {
  return Namedlist.fromPairs([...values].map(([k, v]) => [k, [v]]), 'Wildcards');
}

/** `rules.NAME` and `checkpoints.NAME` look-ups, with Snakemake's message for an unknown name. */
export class NameTable extends PyObject {
  constructor(
    readonly typeName: string,
    private readonly lookup: (name: string) => PyValue | undefined,
    private readonly what: string,
  ) {
    super();
  }
  override getattr(name: string): PyValue | undefined {
    const v = this.lookup(name);
    if (v === undefined) throw new PyError('AttributeError', `no ${this.what} named '${name}' is defined (yet)`);
    return v;
  }
}

/** The number of items a value stands for as an input or output entry. */
export function itemsOf(v: PyValue): PyValue[] {
  if (v instanceof PyList || v instanceof PyTuple || v instanceof Namedlist) return iterate(v).flatMap(itemsOf);
  return [v];
}

export { len };
