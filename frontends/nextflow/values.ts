// Values of the Groovy subset wfc evaluates: JS primitives, arrays for lists, GMap for maps, and
// a few classes for what Nextflow adds (paths, memory units, durations, channels).

import type * as A from './ast.js';
import type { PortSource } from '../../ir/types.js';

export type Value = null | boolean | number | string | Value[] | GMap | Closure | NativeFn | NfPath | MemoryUnit | Duration | Channel | GObject;

/** Groovy's LinkedHashMap: insertion order, keys compared by value. */
export class GMap extends Map<string | number | boolean | null, Value> {}

export class Scope {
  private readonly vars = new Map<string, Value>();
  constructor(readonly parent?: Scope) {}
  lookup(name: string): { value: Value } | undefined {
    for (let s: Scope | undefined = this; s; s = s.parent) {
      if (s.vars.has(name)) return { value: s.vars.get(name)! };
    }
    return undefined;
  }
  declare(name: string, value: Value): void {
    this.vars.set(name, value);
  }
  /** The names declared in this scope itself. */
  own(): ReadonlyMap<string, Value> {
    return this.vars;
  }
  /** Assigns where the name lives, or declares it here (Groovy script binding). */
  assign(name: string, value: Value): void {
    for (let s: Scope | undefined = this; s; s = s.parent) {
      if (s.vars.has(name)) {
        s.vars.set(name, value);
        return;
      }
    }
    this.vars.set(name, value);
  }
}

export class Closure {
  constructor(
    readonly node: Extract<A.Expr, { k: 'closure' }>,
    readonly scope: Scope,
    readonly file: string,
    /** Names resolved first, before the closure's scope (a config block's delegate). */
    readonly delegate?: GMap,
  ) {}
}

export class NativeFn {
  constructor(
    readonly name: string,
    readonly call: (args: Value[], named: GMap | undefined, pos: A.Pos) => Value,
  ) {}
}

/** An object with named members, answering property reads (workflow, task, nextflow, log). */
export class GObject {
  constructor(
    readonly typeName: string,
    readonly members: Map<string, Value>,
    readonly fallback?: (name: string) => Value | undefined,
  ) {}
  get(name: string): Value | undefined {
    if (this.members.has(name)) return this.members.get(name)!;
    return this.fallback?.(name);
  }
}

/** A file. `producer` is the task that writes it; none for files that exist before the run. */
export class NfPath {
  constructor(
    readonly path: string,
    readonly producer?: string,
    /** A task output named by a glob (`*.bam`): the files are known only after the task runs. */
    readonly glob = false,
  ) {}
  get name(): string {
    const i = this.path.replace(/\/+$/, '').lastIndexOf('/');
    return i < 0 ? this.path : this.path.slice(i + 1);
  }
  get baseName(): string {
    const n = this.name;
    const i = n.lastIndexOf('.');
    return i <= 0 ? n : n.slice(0, i);
  }
  get simpleName(): string {
    const n = this.name;
    const i = n.indexOf('.');
    return i <= 0 ? n : n.slice(0, i);
  }
  get extension(): string {
    const n = this.name;
    const i = n.lastIndexOf('.');
    return i <= 0 ? '' : n.slice(i + 1);
  }
  get parent(): string {
    const i = this.path.replace(/\/+$/, '').lastIndexOf('/');
    return i < 0 ? '.' : this.path.slice(0, i) || '/';
  }
  toString(): string {
    return this.path;
  }
}

const GIB = 1024 ** 3;
const UNITS: [string, number][] = [['PB', 1024 ** 5], ['TB', 1024 ** 4], ['GB', GIB], ['MB', 1024 ** 2], ['KB', 1024], ['B', 1]];

export class MemoryUnit {
  constructor(readonly bytes: number) {}
  toString(): string {
    for (const [unit, size] of UNITS) {
      if (this.bytes >= size && Number.isInteger((this.bytes / size) * 10)) return `${+(this.bytes / size).toFixed(1)} ${unit}`;
    }
    return `${this.bytes} B`;
  }
}

const DURATION_UNITS: [string, number][] = [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000], ['ms', 1]];

export class Duration {
  constructor(readonly millis: number) {}
  toString(): string {
    const parts: string[] = [];
    let rest = this.millis;
    for (const [unit, size] of DURATION_UNITS) {
      const n = Math.floor(rest / size);
      if (n > 0) parts.push(`${n}${unit}`);
      rest -= n * size;
    }
    return parts.length === 0 ? '0ms' : parts.join(' ');
  }
}

export const MEMORY_SUFFIX: Record<string, number> = { B: 1, KB: 1024, MB: 1024 ** 2, GB: GIB, TB: 1024 ** 4, PB: 1024 ** 5 };
export const DURATION_SUFFIX: Record<string, number> = { ms: 1, s: 1000, sec: 1000, m: 60_000, min: 60_000, h: 3_600_000, hour: 3_600_000, hours: 3_600_000, d: 86_400_000, day: 86_400_000, days: 86_400_000 };

/**
 * A channel as wfc sees it before the run: which step outputs feed it (always known), and its items
 * when the data is known (`items` undefined otherwise). A value channel holds one item, reused by
 * every task that reads it.
 */
export class Channel {
  constructor(
    readonly sources: readonly PortSource[],
    readonly items: Value[] | undefined,
    readonly isValue = false,
    /** Why the items are not known, for the loss ledger. */
    readonly unknownBecause?: string,
  ) {}
  static of(items: Value[], sources: readonly PortSource[] = [], isValue = false): Channel {
    return new Channel(sources, items, isValue);
  }
  static unknown(sources: readonly PortSource[], because: string, isValue = false): Channel {
    return new Channel(sources, undefined, isValue, because);
  }
}

export class GroovyError extends Error {
  constructor(
    message: string,
    readonly pos: A.Pos | undefined,
    readonly code: 'NF002' | 'NF004' | 'NF005' = 'NF005',
    readonly hint?: string,
    /** The file `pos` is in, when the thrower knows it. */
    readonly file?: string,
  ) {
    super(message);
  }
}

export function typeName(v: Value | undefined): string {
  if (v === undefined || v === null) return 'null';
  if (typeof v === 'string') return 'String';
  if (typeof v === 'number') return Number.isInteger(v) ? 'Integer' : 'BigDecimal';
  if (typeof v === 'boolean') return 'Boolean';
  if (Array.isArray(v)) return 'List';
  if (v instanceof GMap) return 'Map';
  if (v instanceof Closure) return 'Closure';
  if (v instanceof NativeFn) return 'Method';
  if (v instanceof NfPath) return 'Path';
  if (v instanceof MemoryUnit) return 'MemoryUnit';
  if (v instanceof Duration) return 'Duration';
  if (v instanceof Channel) return 'Channel';
  return v.typeName;
}

/** Groovy truth. */
export function truthy(v: Value | undefined): boolean {
  if (v === undefined || v === null || v === false || v === 0 || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof GMap) return v.size > 0;
  return true;
}

/** Lists of staged files, which Nextflow prints blank-separated in scripts (`cat ${files}`). */
export const BLANK_SEPARATED = new WeakSet<Value[]>();

/** Groovy's toString. */
export function str(v: Value | undefined): string {
  if (v === undefined || v === null) return 'null';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(v);
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return BLANK_SEPARATED.has(v) ? v.map(str).join(' ') : `[${v.map(str).join(', ')}]`;
  if (v instanceof GMap) return v.size === 0 ? '[:]' : `[${[...v].map(([k, x]) => `${str(k)}:${str(x)}`).join(', ')}]`;
  if (v instanceof NfPath || v instanceof MemoryUnit || v instanceof Duration) return v.toString();
  if (v instanceof Channel) return 'DataflowChannel';
  if (v instanceof Closure) return 'Closure';
  if (v instanceof NativeFn) return v.name;
  return v.typeName;
}

/** Groovy's `==`: numbers by value, lists and maps element by element, strings by text. */
export function equals(a: Value | undefined, b: Value | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a === null || b === null) return (a ?? null) === (b ?? null);
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => equals(x, b[i]));
  if (a instanceof GMap && b instanceof GMap) return a.size === b.size && [...a].every(([k, v]) => b.has(k) && equals(v, b.get(k)));
  if (a instanceof NfPath && b instanceof NfPath) return a.path === b.path;
  if (a instanceof MemoryUnit && b instanceof MemoryUnit) return a.bytes === b.bytes;
  if (a instanceof Duration && b instanceof Duration) return a.millis === b.millis;
  if (a instanceof NfPath || b instanceof NfPath) return str(a) === str(b);
  return false;
}

/** Groovy's `<=>` for the values pipelines sort. */
export function compare(a: Value | undefined, b: Value | undefined): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (a instanceof MemoryUnit && b instanceof MemoryUnit) return a.bytes - b.bytes;
  if (a instanceof Duration && b instanceof Duration) return a.millis - b.millis;
  if (a instanceof MemoryUnit && typeof b === 'number') return a.bytes - b;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const c = compare(a[i], b[i]);
      if (c !== 0) return c;
    }
    return a.length - b.length;
  }
  if (a === null || a === undefined) return b === null || b === undefined ? 0 : -1;
  if (b === null || b === undefined) return 1;
  const x = str(a);
  const y = str(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** A stable key for grouping and joining by value. */
export function keyOf(v: Value | undefined): string {
  if (v instanceof GMap) return `{${[...v].map(([k, x]) => `${JSON.stringify(k)}:${keyOf(x)}`).join(',')}}`;
  if (Array.isArray(v)) return `[${v.map(keyOf).join(',')}]`;
  if (typeof v === 'string') return JSON.stringify(v);
  if (v instanceof NfPath) return `path:${v.path}`;
  return `${typeName(v)}:${str(v)}`;
}

/** The files a value holds (a path, or paths inside lists), for task inputs. */
export function pathsIn(v: Value | undefined, out: NfPath[] = []): NfPath[] {
  if (v instanceof NfPath) out.push(v);
  else if (Array.isArray(v)) for (const x of v) pathsIn(x, out);
  return out;
}

export function toJson(v: Value | undefined): import('../../ir/types.js').JsonValue {
  if (v === undefined || v === null || typeof v === 'boolean' || typeof v === 'number' || typeof v === 'string') return v ?? null;
  if (Array.isArray(v)) return v.map(toJson);
  if (v instanceof GMap) {
    const o: Record<string, import('../../ir/types.js').JsonValue> = {};
    for (const [k, x] of v) o[str(k)] = toJson(x);
    return o;
  }
  return str(v);
}

export function fromJson(v: unknown): Value {
  if (v === null || v === undefined) return null;
  if (Array.isArray(v)) return v.map(fromJson);
  if (typeof v === 'object') {
    const m = new GMap();
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) m.set(k, fromJson(x));
    return m;
  }
  return v as Value;
}
