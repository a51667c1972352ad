// Channel factories and operators. Sources (which step outputs feed a channel) always flow
// through; items flow through when they are known, with each operator's semantics for the common
// closure shapes. An operator whose result depends on the run (file contents not yet written)
// gives a channel of unknown items.

import type { PortSource } from '../../ir/types.js';
import type * as A from './ast.js';
import type { Interpreter } from './interp.js';
import { NO_METHOD } from './methods.js';
import { Channel, Closure, compare, GMap, GObject, keyOf, NfPath, str, truthy, type Value } from './values.js';

export interface ChannelHost {
  readText(path: string): string | undefined;
}

function mergeSources(...lists: (readonly PortSource[])[]): PortSource[] {
  const seen = new Map<string, PortSource>();
  for (const l of lists) for (const s of l) seen.set('input' in s ? `i:${s.input}` : `s:${s.step}:${s.port}`, s);
  return [...seen.values()];
}

export const asChannel = (v: Value): Channel => (v instanceof Channel ? v : Channel.of([v], [], true));

/** A channel like `ch` but with other items (unknown if `items` is). */
function derive(ch: Channel, items: Value[] | undefined, isValue = ch.isValue): Channel {
  return items === undefined ? Channel.unknown(ch.sources, ch.unknownBecause ?? 'its items depend on the run', isValue) : new Channel(ch.sources, items, isValue);
}

function parseCsv(text: string, sep: string, quote = '"'): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === quote && text[i + 1] === quote) {
        field += quote;
        i++;
      } else if (c === quote) quoted = false;
      else field += c;
    } else if (c === quote && field === '') quoted = true;
    else if (c === sep) {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => !(r.length === 1 && r[0] === ''));
}

/** Rows of a CSV file as Nextflow's splitCsv gives them: lists, or maps with `header: true`. */
export function splitCsvText(text: string, opts: GMap | undefined): Value[] {
  const sep = str(opts?.get('sep') ?? ',');
  const rows = parseCsv(text, sep === '\\t' ? '\t' : sep, str(opts?.get('quote') ?? '"'));
  const skip = Number(opts?.get('skip') ?? 0);
  const body = rows.slice(skip);
  const header = opts?.get('header');
  const strip = truthy(opts?.get('strip') ?? false);
  const clean = (s: string) => (strip ? s.trim() : s);
  if (header === true || Array.isArray(header)) {
    const names = Array.isArray(header) ? header.map((h) => str(h)) : (body.shift() ?? []).map(clean);
    return body.map((r) => new GMap(names.map((n, i) => [n, r[i] === undefined ? null : clean(r[i]!)])));
  }
  return body.map((r) => r.map(clean));
}

/** FASTA records: splitFasta gives one record's text per item (or `record: [id: true]` maps). */
function splitFastaText(text: string, opts: GMap | undefined): Value[] {
  const records = text.split(/^(?=>)/m).filter((r) => r.startsWith('>'));
  const by = Number(opts?.get('by') ?? 1);
  const chunks: string[] = [];
  for (let i = 0; i < records.length; i += by) chunks.push(records.slice(i, i + by).join(''));
  if (opts?.get('record') instanceof GMap) return records.map((r) => new GMap([['id', /^>(\S*)/.exec(r)![1]!], ['header', r.split('\n')[0]!.slice(1)], ['seqString', r.split('\n').slice(1).join('')]]));
  return chunks;
}

export class ChannelOps {
  constructor(
    private readonly interp: Interpreter,
    private readonly host: ChannelHost,
  ) {}

  private call = (fn: Value, ...args: Value[]) => this.interp.apply(fn, ...args);

  /** Operators, called as methods of channels. */
  method(ch: Channel, name: string, args: Value[], named: GMap | undefined, _pos: A.Pos): Value | typeof NO_METHOD {
    const items = ch.items;
    const fn = args[args.length - 1] ?? null;
    const known = <T>(f: (xs: Value[]) => T): T | undefined => (items === undefined ? undefined : f(items));
    switch (name) {
      case 'map':
        return derive(ch, known((xs) => xs.map((x) => this.call(fn, x))));
      case 'flatMap':
        return derive(ch, known((xs) => xs.flatMap((x) => {
          const r = this.call(fn, x);
          return Array.isArray(r) ? r : r instanceof GMap ? [...r].map(([k, v]) => [k, v]) : [r];
        })), false);
      case 'filter':
        return derive(ch, known((xs) => xs.filter((x) => this.matches(fn, x))));
      case 'view':
      case 'dump':
      case 'tap':
        return ch;
      case 'set':
        return ch;
      case 'collect': {
        const flat = named?.get('flat') !== false;
        return derive(ch, known((xs) => {
          const mapped = args.some((a) => a instanceof Object && !(a instanceof GMap)) ? xs.map((x) => this.call(fn, x)) : xs;
          const out = flat ? mapped.flatMap((x) => (Array.isArray(x) ? x : [x])) : mapped;
          return out.length === 0 ? [] : [out];
        }), true);
      }
      case 'toList':
      case 'toSortedList':
        return derive(ch, known((xs) => [name === 'toSortedList' ? [...xs].sort((a, b) => (args.length > 0 ? Number(this.call(fn, a, b)) : compare(a, b))) : xs]), true);
      case 'first':
        return derive(ch, known((xs) => {
          const hit = args.length > 0 ? xs.find((x) => this.matches(fn, x)) : xs[0];
          return hit === undefined ? [] : [hit];
        }), true);
      case 'last':
        return derive(ch, known((xs) => (xs.length === 0 ? [] : [xs[xs.length - 1]!])), true);
      case 'take':
        return derive(ch, known((xs) => (Number(args[0]) < 0 ? xs : xs.slice(0, Number(args[0])))));
      case 'count':
        return derive(ch, known((xs) => [xs.length]), true);
      case 'unique':
        return derive(ch, known((xs) => {
          const seen = new Set<string>();
          return xs.filter((x) => {
            const k = keyOf(args.length > 0 ? this.call(fn, x) : x);
            if (seen.has(k)) return false;
            seen.add(k);
            return true;
          });
        }));
      case 'distinct':
        return derive(ch, known((xs) => xs.filter((x, i) => i === 0 || keyOf(xs[i - 1]) !== keyOf(x))));
      case 'flatten':
        return derive(ch, known((xs) => xs.flatMap((x) => flattenDeep(x))), false);
      case 'ifEmpty':
        return derive(ch, known((xs) => (xs.length > 0 ? xs : [args[0] instanceof Object && 'node' in (args[0] as object) ? this.call(args[0]!) : (args[0] ?? null)])));
      case 'mix':
        return this.combineSources([ch, ...args.map(asChannel)], (all) => all.flat());
      case 'concat':
        return this.combineSources([ch, ...args.map(asChannel)], (all) => all.flat());
      case 'join':
        return this.join(ch, asChannel(args[0] ?? null), named);
      case 'combine':
        return this.combine(ch, asChannel(args[0] ?? null), named);
      case 'cross':
        return this.cross(ch, asChannel(args[0] ?? null));
      case 'groupTuple':
        return derive(ch, known((xs) => groupTuple(xs, named)), false);
      case 'transpose':
        return derive(ch, known((xs) => xs.flatMap((x) => transposeItem(x, named))), false);
      case 'branch':
      case 'multiMap':
        return this.fork(ch, name, fn);
      case 'splitCsv':
        return this.split(ch, (text) => splitCsvText(text, named), named);
      case 'splitFasta':
        return this.split(ch, (text) => splitFastaText(text, named), named);
      case 'splitText':
        return this.split(ch, (text) => text.split(/(?<=\n)/).filter((l) => l !== ''), named);
      case 'collectFile':
        // The file is written by Nextflow itself during the run: no task of the workflow makes it.
        return Channel.unknown(ch.sources, 'collectFile writes its file during the run');
      case 'reduce':
        return derive(ch, known((xs) => (xs.length === 0 ? [] : [args.length > 1 ? xs.reduce((acc, x) => this.call(fn, acc, x), args[0]!) : xs.slice(1).reduce((acc, x) => this.call(fn, acc, x), xs[0]!)])), true);
      case 'sum':
      case 'max':
      case 'min':
        return derive(ch, known((xs) => (xs.length === 0 ? [] : [name === 'sum' ? xs.reduce((a, b) => Number(a) + Number(b), 0) : [...xs].sort((a, b) => (name === 'max' ? compare(b, a) : compare(a, b)))[0]!])), true);
      case 'randomSample':
        return derive(ch, known((xs) => xs.slice(0, Number(args[0]))));
      case 'buffer':
      case 'collate': {
        const size = Number(args[0] ?? named?.get('size'));
        return derive(ch, known((xs) => {
          const out: Value[] = [];
          for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
          return out;
        }), false);
      }
      case 'until':
        return derive(ch, known((xs) => {
          const i = xs.findIndex((x) => this.matches(fn, x));
          return i < 0 ? xs : xs.slice(0, i);
        }));
      case 'countLines':
      case 'countFasta':
      case 'countFastq':
      case 'splitFastq':
        return derive(ch, undefined);
      case 'subscribe':
      case 'close':
        return null;
    }
    return NO_METHOD;
  }

  private matches(criteria: Value, x: Value): boolean {
    if (typeof criteria === 'string') return str(x) === criteria;
    if (criteria instanceof Object && ('node' in criteria || 'call' in criteria)) return truthy(this.call(criteria, x));
    return str(x) === str(criteria);
  }

  private combineSources(chs: Channel[], f: (all: Value[][]) => Value[]): Channel {
    const sources = mergeSources(...chs.map((c) => c.sources));
    if (chs.some((c) => c.items === undefined)) return Channel.unknown(sources, chs.find((c) => c.items === undefined)!.unknownBecause ?? 'its items depend on the run');
    return new Channel(sources, f(chs.map((c) => c.items!)), false);
  }

  private join(left: Channel, right: Channel, named: GMap | undefined): Channel {
    const by = byIndexes(named);
    return this.combineSources([left, right], ([l, r]) => {
      const index = new Map<string, Value[][]>();
      for (const item of r!) {
        const k = keyOf(pick(item, by));
        const list = index.get(k) ?? [];
        list.push(asList(item));
        index.set(k, list);
      }
      const out: Value[] = [];
      for (const item of l!) {
        const k = keyOf(pick(item, by));
        const match = index.get(k)?.shift();
        if (match) out.push([...asList(item), ...match.filter((_, i) => !by.includes(i))]);
      }
      return out;
    });
  }

  private combine(left: Channel, right: Channel, named: GMap | undefined): Channel {
    const byRaw = named?.get('by');
    return this.combineSources([left, right], ([l, r]) => {
      if (byRaw === undefined || byRaw === null) return l!.flatMap((a) => r!.map((b) => [...asList(a), ...asList(b)]));
      const by = byIndexes(named);
      const out: Value[] = [];
      for (const a of l!) for (const b of r!) if (keyOf(pick(a, by)) === keyOf(pick(b, by))) out.push([...asList(a), ...asList(b).filter((_, i) => !by.includes(i))]);
      return out;
    });
  }

  private cross(left: Channel, right: Channel): Channel {
    return this.combineSources([left, right], ([l, r]) => {
      const out: Value[] = [];
      for (const b of r!) for (const a of l!) if (keyOf(asList(a)[0] ?? null) === keyOf(asList(b)[0] ?? null)) out.push([a, b]);
      return out;
    });
  }

  /** branch and multiMap: run the closure with a recording delegate, one channel per label. */
  private fork(ch: Channel, kind: 'branch' | 'multiMap', fn: Value): Value {
    if (!(fn instanceof Closure)) return this.interp.unsupported(`${kind} without a closure`, undefined);
    const outs = new Map<string, Value[] | undefined>(forkLabels(fn).map((l) => [l, ch.items === undefined ? undefined : []]));
    if (ch.items !== undefined) {
      for (const x of ch.items) {
        for (const [label, value] of this.runFork(fn, x, kind)) outs.get(label)?.push(value);
      }
    }
    const members = new Map<string, Value>();
    for (const [label, items] of outs) members.set(label, derive(ch, items, false));
    return new GObject('ForkOutput', members);
  }

  /** Runs a branch / multiMap closure on one item: its labelled statements in order. */
  private runFork(closure: Closure, x: Value, kind: 'branch' | 'multiMap'): [string, Value][] {
    const results: [string, Value][] = [];
    const scope = this.interp.closureScope(closure, [x]);
    let label: string | undefined;
    for (const s of closure.node.body) {
      if (s.k === 'label') {
        label = s.name;
        continue;
      }
      if (s.k !== 'expr' || label === undefined) {
        this.interp.exec([s], scope, closure.file);
        continue;
      }
      if (kind === 'multiMap') {
        results.push([label, this.interp.eval(s.e, scope, closure.file)]);
      } else {
        // branch: `label: condition` optionally followed by `return value` (not supported: value is the item)
        if (truthy(this.interp.eval(s.e, scope, closure.file))) return [[label, x]];
      }
      label = undefined;
    }
    return results;
  }

  private split(ch: Channel, f: (text: string) => Value[], named: GMap | undefined): Channel {
    if (ch.items === undefined) return derive(ch, undefined, false);
    const out: Value[] = [];
    const elem = named?.get('elem');
    for (const x of ch.items) {
      const parts = Array.isArray(x) ? x : [x];
      const i = typeof elem === 'number' ? elem : parts.findIndex((p) => p instanceof NfPath);
      const file = parts[i < 0 ? 0 : i];
      if (!(file instanceof NfPath) || file.producer !== undefined) return Channel.unknown(ch.sources, 'it splits a file that is written during the run', false);
      const text = this.host.readText(file.path);
      if (text === undefined) return Channel.unknown(ch.sources, `it splits ${file.path}, which cannot be read`, false);
      for (const rec of f(text)) out.push(Array.isArray(x) ? parts.map((p, j) => (j === i ? rec : p)) : rec);
    }
    return new Channel(ch.sources, out, false);
  }
}

function flattenDeep(x: Value): Value[] {
  return Array.isArray(x) ? x.flatMap(flattenDeep) : [x];
}

const asList = (x: Value): Value[] => (Array.isArray(x) ? x : [x]);

function byIndexes(named: GMap | undefined): number[] {
  const by = named?.get('by');
  if (by === undefined || by === null) return [0];
  return Array.isArray(by) ? by.map(Number) : [Number(by)];
}

function pick(item: Value, by: number[]): Value {
  const l = asList(item);
  return by.length === 1 ? (l[by[0]!] ?? null) : by.map((i) => l[i] ?? null);
}

/** groupTuple: items with equal keys gathered, other elements collected into lists (first-seen key order). */
function groupTuple(items: Value[], named: GMap | undefined): Value[] {
  const by = byIndexes(named);
  const groups = new Map<string, { key: Value[]; rest: Value[][] }>();
  for (const item of items) {
    const l = asList(item);
    const k = keyOf(pick(item, by));
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { key: by.map((i) => l[i] ?? null), rest: [] }));
    g.rest.push(l);
  }
  const out: Value[] = [];
  for (const g of groups.values()) {
    const width = Math.max(...g.rest.map((r) => r.length));
    const tuple: Value[] = [];
    let ki = 0;
    for (let i = 0; i < width; i++) {
      if (by.includes(i)) tuple.push(g.key[ki++]!);
      else tuple.push(g.rest.map((r) => r[i] ?? null));
    }
    out.push(tuple);
  }
  return out;
}

function transposeItem(item: Value, named: GMap | undefined): Value[] {
  const l = asList(item);
  const by = named?.get('by');
  const cols = by === undefined || by === null ? l.map((x, i) => (Array.isArray(x) ? i : -1)).filter((i) => i >= 0) : (Array.isArray(by) ? by : [by]).map(Number);
  const n = Math.max(0, ...cols.map((i) => (Array.isArray(l[i]) ? (l[i] as Value[]).length : 0)));
  return Array.from({ length: n }, (_, j) => l.map((x, i) => (cols.includes(i) ? ((x as Value[])[j] ?? null) : x)));
}

/** The labels of a branch / multiMap closure, in order. */
export function forkLabels(fn: Value): string[] {
  const node = (fn as { node?: Extract<A.Expr, { k: 'closure' }> }).node;
  if (!node) return [];
  return [...new Set(node.body.filter((s): s is Extract<A.Stmt, { k: 'label' }> => s.k === 'label').map((s) => s.name))];
}
