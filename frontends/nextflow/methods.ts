// Methods and properties of Groovy's built-in values as pipelines use them: strings, lists, maps,
// numbers, paths, memory units and durations.

import type * as A from './ast.js';
import type { Interpreter } from './interp.js';
import { contains, dedupe, entry, mapKey } from './interp.js';
import { compare, Duration, DURATION_SUFFIX, equals, GMap, keyOf, MEMORY_SUFFIX, MemoryUnit, NfPath, str, truthy, typeName, type Value } from './values.js';

export const NO_METHOD = Symbol('no method');
type Result = Value | typeof NO_METHOD;

/** `x.name` for values that are not maps or objects. */
export function propertyOf(obj: Value, name: string, interp: Interpreter): Result {
  if (typeof obj === 'number') {
    if (name in MEMORY_SUFFIX) return new MemoryUnit(Math.round(obj * MEMORY_SUFFIX[name]!));
    if (name in DURATION_SUFFIX) return new Duration(Math.round(obj * DURATION_SUFFIX[name]!));
  }
  if (obj instanceof NfPath) {
    switch (name) {
      case 'name':
      case 'fileName':
        return obj.name;
      case 'baseName':
        return obj.baseName;
      case 'simpleName':
        return obj.simpleName;
      case 'extension':
        return obj.extension;
      case 'parent':
        return new NfPath(obj.parent);
      case 'text': {
        const t = interp.hooks.readText(obj.path);
        return t ?? interp.fail(`cannot read ${obj.path}`, undefined, 'NF005');
      }
    }
  }
  if (obj instanceof MemoryUnit) {
    const m: Record<string, number> = { bytes: obj.bytes, kilo: Math.floor(obj.bytes / 1024), mega: Math.floor(obj.bytes / 1024 ** 2), giga: Math.floor(obj.bytes / 1024 ** 3) };
    if (name in m) return m[name]!;
  }
  if (obj instanceof Duration) {
    const d: Record<string, number> = { millis: obj.millis, seconds: Math.floor(obj.millis / 1000), minutes: Math.floor(obj.millis / 60_000), hours: Math.floor(obj.millis / 3_600_000), days: Math.floor(obj.millis / 86_400_000) };
    if (name in d) return d[name]!;
  }
  if (name === 'class') return typeName(obj);
  if (typeof obj === 'string' && (name === 'size' || name === 'length')) return obj.length;
  if (Array.isArray(obj) && (name === 'size' || name === 'length')) return obj.length;
  if (Array.isArray(obj) && name === 'first') return obj[0] ?? null;
  if (Array.isArray(obj) && name === 'last') return obj[obj.length - 1] ?? null;
  return NO_METHOD;
}

const num = (v: Value | undefined): number => (typeof v === 'number' ? v : Number(str(v ?? null)));

/** Java's String.split: a regex, trailing empty strings dropped. */
function javaSplit(s: string, re: string): string[] {
  const parts = s.split(new RegExp(re));
  while (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

/** Groovy's replacement strings use `$1`, as JS does; `\$` is a literal dollar. */
const jsReplacement = (r: string) => r.replace(/\\\$/g, '$$$$');

export function builtinMethod(obj: Value, name: string, args: Value[], interp: Interpreter, pos: A.Pos): Result {
  const call = interp.apply;
  const a0 = args[0];
  // Methods every object has.
  switch (name) {
    case 'toString':
      return str(obj);
    case 'equals':
      return equals(obj, a0 ?? null);
    case 'getClass':
      return typeName(obj);
    case 'is':
      return obj === a0;
    case 'with':
      return call(a0 ?? null, obj);
  }
  if (typeof obj === 'string') return stringMethod(obj, name, args, interp, pos);
  if (typeof obj === 'number') return numberMethod(obj, name, args, interp);
  if (typeof obj === 'boolean') return name === 'booleanValue' ? obj : NO_METHOD;
  if (Array.isArray(obj)) return listMethod(obj, name, args, interp, pos);
  if (obj instanceof GMap) return mapMethod(obj, name, args, interp, pos);
  if (obj instanceof NfPath) return pathMethod(obj, name, args, interp);
  if (obj instanceof MemoryUnit) {
    const units: Record<string, number> = { toBytes: 1, toKilo: 1024, toMega: 1024 ** 2, toGiga: 1024 ** 3 };
    if (name in units) return Math.floor(obj.bytes / units[name]!);
    if (name === 'compareTo') return compare(obj, a0);
    if (name === 'toUnit') return obj.bytes / (MEMORY_SUFFIX[str(a0 ?? 'B')] ?? 1);
  }
  if (obj instanceof Duration) {
    const units: Record<string, number> = { toMillis: 1, toSeconds: 1000, toMinutes: 60_000, toHours: 3_600_000, toDays: 86_400_000 };
    if (name in units) return Math.floor(obj.millis / units[name]!);
    if (name === 'compareTo') return compare(obj, a0);
  }
  if (obj === null) {
    if (name === 'asBoolean') return false;
    return interp.fail(`cannot call ${name}() on null`, pos, 'NF005', 'use the safe navigation operator ?. where the value may be missing');
  }
  return NO_METHOD;
}

function stringMethod(s: string, name: string, args: Value[], interp: Interpreter, pos: A.Pos): Result {
  const a0 = args[0];
  const a1 = args[1];
  switch (name) {
    case 'trim':
    case 'strip':
      return s.trim();
    case 'stripIndent':
      return stripIndent(s);
    case 'size':
    case 'length':
      return s.length;
    case 'isEmpty':
      return s.length === 0;
    case 'toLowerCase':
      return s.toLowerCase();
    case 'toUpperCase':
      return s.toUpperCase();
    case 'capitalize':
      return s.charAt(0).toUpperCase() + s.slice(1);
    case 'startsWith':
      return s.startsWith(str(a0 ?? null));
    case 'endsWith':
      return s.endsWith(str(a0 ?? null));
    case 'contains':
      return s.includes(str(a0 ?? null));
    case 'indexOf':
      return s.indexOf(str(a0 ?? null));
    case 'lastIndexOf':
      return s.lastIndexOf(str(a0 ?? null));
    case 'substring':
      return a1 === undefined ? s.substring(num(a0)) : s.substring(num(a0), num(a1));
    case 'replace':
      return s.split(str(a0 ?? null)).join(str(a1 ?? null));
    case 'replaceAll':
      return s.replace(new RegExp(str(a0 ?? null), 'g'), jsReplacement(str(a1 ?? null)));
    case 'replaceFirst':
      return s.replace(new RegExp(str(a0 ?? null)), jsReplacement(str(a1 ?? null)));
    case 'matches':
      return new RegExp(`^(?:${str(a0 ?? null)})$`).test(s);
    case 'split':
      return a0 === undefined ? s.split(/\s+/).filter((x) => x !== '') : javaSplit(s, str(a0));
    case 'tokenize': {
      const delims = a0 === undefined ? ' \t\n\r\f' : str(a0);
      const out: string[] = [];
      let cur = '';
      for (const c of s) {
        if (delims.includes(c)) {
          if (cur !== '') out.push(cur);
          cur = '';
        } else cur += c;
      }
      if (cur !== '') out.push(cur);
      return out;
    }
    case 'readLines':
      return s.split(/\r?\n/).filter((l, i, all) => i < all.length - 1 || l !== '');
    case 'toInteger':
    case 'toLong':
    case 'asInteger':
      return parseInt(s, 10);
    case 'toFloat':
    case 'toDouble':
    case 'toBigDecimal':
      return Number(s);
    case 'toBoolean':
      return ['true', 'y', '1', 'yes'].includes(s.trim().toLowerCase());
    case 'isNumber':
    case 'isInteger':
    case 'isDouble':
    case 'isFloat':
      return s.trim() !== '' && !Number.isNaN(Number(s)) && (name !== 'isInteger' || /^[+-]?\d+$/.test(s.trim()));
    case 'padLeft':
      return s.padStart(num(a0), a1 === undefined ? ' ' : str(a1));
    case 'padRight':
      return s.padEnd(num(a0), a1 === undefined ? ' ' : str(a1));
    case 'take':
      return s.slice(0, num(a0));
    case 'drop':
      return s.slice(num(a0));
    case 'reverse':
      return [...s].reverse().join('');
    case 'count':
      return s.split(str(a0 ?? null)).length - 1;
    case 'multiply':
      return s.repeat(num(a0));
    case 'plus':
      return s + str(a0 ?? null);
    case 'toList':
    case 'chars':
      return [...s];
    case 'concat':
      return s + str(a0 ?? null);
    case 'compareTo':
      return compare(s, a0);
    case 'equalsIgnoreCase':
      return s.toLowerCase() === str(a0 ?? null).toLowerCase();
    case 'find': {
      const m = new RegExp(str(a0 ?? null)).exec(s);
      return m ? m[0] : null;
    }
    case 'findAll':
      return [...s.matchAll(new RegExp(str(a0 ?? null), 'g'))].map((m) => m[0]);
    case 'format':
      return interp.unsupported('String.format', pos);
    case 'asBoolean':
      return s !== '';
    case 'getAt':
      return s[num(a0)] ?? null;
    case 'each':
      for (const c of s) interp.apply(a0 ?? null, c);
      return s;
  }
  return NO_METHOD;
}

export function stripIndent(s: string): string {
  const lines = s.split('\n');
  const indents = lines.filter((l) => l.trim() !== '').map((l) => /^[ \t]*/.exec(l)![0].length);
  const cut = indents.length === 0 ? 0 : Math.min(...indents);
  return lines.map((l) => l.slice(Math.min(cut, /^[ \t]*/.exec(l)![0].length))).join('\n');
}

function numberMethod(n: number, name: string, args: Value[], interp: Interpreter): Result {
  switch (name) {
    case 'toInteger':
    case 'intValue':
    case 'toLong':
    case 'longValue':
      return Math.trunc(n);
    case 'toFloat':
    case 'toDouble':
    case 'doubleValue':
    case 'floatValue':
    case 'toBigDecimal':
      return n;
    case 'round':
      return args.length > 0 ? Number(n.toFixed(num(args[0]))) : Math.round(n);
    case 'abs':
      return Math.abs(n);
    case 'floor':
      return Math.floor(n);
    case 'ceil':
      return Math.ceil(n);
    case 'power':
      return n ** num(args[0]);
    case 'times':
      for (let i = 0; i < n; i++) interp.apply(args[0] ?? null, i);
      return null;
    case 'compareTo':
      return compare(n, args[0]);
    case 'plus':
      return n + num(args[0]);
    case 'minus':
      return n - num(args[0]);
    case 'multiply':
      return n * num(args[0]);
    case 'div':
      return n / num(args[0]);
    case 'max':
      return Math.max(n, num(args[0]));
    case 'min':
      return Math.min(n, num(args[0]));
  }
  return NO_METHOD;
}

function pathMethod(p: NfPath, name: string, args: Value[], interp: Interpreter): Result {
  switch (name) {
    case 'getName':
      return p.name;
    case 'getBaseName':
      return p.baseName;
    case 'getSimpleName':
      return p.simpleName;
    case 'getExtension':
      return p.extension;
    case 'getParent':
      return new NfPath(p.parent);
    case 'resolve':
      return new NfPath(`${p.path.replace(/\/+$/, '')}/${str(args[0] ?? null)}`);
    case 'toUriString':
    case 'toAbsolutePath':
    case 'toRealPath':
      return p;
    case 'getText':
    case 'readLines':
    case 'splitCsv':
    case 'countLines': {
      const t = interp.hooks.readText(p.path);
      if (t === undefined) return interp.fail(`cannot read ${p.path}`, undefined, 'NF005');
      if (name === 'getText') return t;
      const lines = t.split(/\r?\n/).filter((l, i, all) => i < all.length - 1 || l !== '');
      return name === 'countLines' ? lines.length : lines;
    }
    case 'exists':
      return interp.hooks.readText(p.path) !== undefined;
  }
  return NO_METHOD;
}

/** Sorts by a closure of one argument (a key) or two (a comparator), or naturally. */
function sortBy(list: Value[], fn: Value | undefined, interp: Interpreter): Value[] {
  const copy = [...list];
  if (fn === undefined || fn === null || typeof fn === 'boolean') return copy.sort((a, b) => compare(a, b));
  const arity = (fn as { node?: { params: unknown[]; implicit: boolean } }).node;
  if (arity && !arity.implicit && arity.params.length === 2) return copy.sort((a, b) => num(interp.apply(fn, a, b)));
  return copy.sort((a, b) => compare(interp.apply(fn, a), interp.apply(fn, b)));
}

function flatten(list: Value[]): Value[] {
  return list.flatMap((x) => (Array.isArray(x) ? flatten(x) : [x]));
}

function listMethod(list: Value[], name: string, args: Value[], interp: Interpreter, pos: A.Pos): Result {
  const call = interp.apply;
  const a0 = args[0];
  const fn = a0 ?? null;
  switch (name) {
    case 'size':
      return list.length;
    case 'isEmpty':
      return list.length === 0;
    case 'collect':
      return a0 === undefined ? [...list] : list.map((x) => call(fn, x));
    case 'collectMany':
    case 'flatMap':
      return list.flatMap((x) => {
        const r = call(fn, x);
        return Array.isArray(r) ? r : [r];
      });
    case 'each':
      list.forEach((x) => call(fn, x));
      return list;
    case 'eachWithIndex':
      list.forEach((x, i) => call(fn, x, i));
      return list;
    case 'withIndex':
    case 'indexed':
      return list.map((x, i) => [x, i]);
    case 'findAll':
    case 'filter':
      return a0 === undefined ? list.filter((x) => truthy(x)) : list.filter((x) => truthy(call(fn, x)));
    case 'find':
      return list.find((x) => truthy(call(fn, x))) ?? null;
    case 'findIndexOf':
      return list.findIndex((x) => truthy(call(fn, x)));
    case 'findResults':
      return list.map((x) => call(fn, x)).filter((x) => x !== null);
    case 'any':
      return a0 === undefined ? list.some((x) => truthy(x)) : list.some((x) => truthy(call(fn, x)));
    case 'every':
      return a0 === undefined ? list.every((x) => truthy(x)) : list.every((x) => truthy(call(fn, x)));
    case 'count':
      return typeof fn === 'object' && fn !== null && !Array.isArray(fn) && 'node' in fn ? list.filter((x) => truthy(call(fn, x))).length : list.filter((x) => equals(x, fn)).length;
    case 'join':
      return list.map((x) => str(x)).join(a0 === undefined ? '' : str(a0));
    case 'sort':
      return sortBy(list, a0, interp);
    case 'unique':
    case 'toUnique':
      if (a0 !== undefined && a0 !== null && typeof a0 !== 'boolean') {
        const seen = new Set<string>();
        return list.filter((x) => {
          const k = keyOf(call(fn, x));
          if (seen.has(k)) return false;
          seen.add(k);
          return true;
        });
      }
      return dedupe(list);
    case 'flatten':
      return flatten(list);
    case 'first':
    case 'head':
      return list[0] ?? null;
    case 'last':
      return list[list.length - 1] ?? null;
    case 'tail':
      return list.slice(1);
    case 'init':
      return list.slice(0, -1);
    case 'take':
      return list.slice(0, num(a0));
    case 'drop':
      return list.slice(num(a0));
    case 'reverse':
      return [...list].reverse();
    case 'plus':
      return Array.isArray(a0) ? [...list, ...a0] : [...list, a0 ?? null];
    case 'minus':
      return list.filter((x) => !(Array.isArray(a0) ? a0.some((y) => equals(x, y)) : equals(x, a0 ?? null)));
    case 'contains':
      return contains(list, a0 ?? null);
    case 'containsAll':
      return Array.isArray(a0) && a0.every((x) => contains(list, x));
    case 'indexOf':
      return list.findIndex((x) => equals(x, a0 ?? null));
    case 'get':
    case 'getAt':
      return list[num(a0) < 0 ? list.length + num(a0) : num(a0)] ?? null;
    case 'add':
    case 'push':
    case 'leftShift':
      if (args.length === 2) list.splice(num(a0), 0, args[1]!);
      else list.push(a0 ?? null);
      return true;
    case 'addAll':
      list.push(...(Array.isArray(a0) ? a0 : []));
      return true;
    case 'remove':
      return typeof a0 === 'number' ? (list.splice(a0, 1)[0] ?? null) : null;
    case 'sum':
      return list.reduce<Value>((acc, x) => (acc === null ? (a0 === undefined ? x : call(fn, x)) : interp.arith('+', acc, a0 === undefined ? x : call(fn, x), pos)), null);
    case 'max':
      return list.length === 0 ? null : (a0 === undefined ? [...list].sort((x, y) => compare(y, x)) : sortBy(list, a0, interp).reverse())[0]!;
    case 'min':
      return list.length === 0 ? null : sortBy(list, a0, interp)[0]!;
    case 'inject': {
      if (args.length === 1) return list.slice(1).reduce<Value>((acc, x) => call(a0!, acc, x), list[0] ?? null);
      return list.reduce<Value>((acc, x) => call(args[1]!, acc, x), a0 ?? null);
    }
    case 'collectEntries': {
      const m = new GMap();
      for (const x of list) {
        const r = a0 === undefined ? x : call(fn, x);
        if (Array.isArray(r)) m.set(mapKey(r[0] ?? null), r[1] ?? null);
        else if (r instanceof GMap) for (const [k, v] of r) m.set(k, v);
      }
      return m;
    }
    case 'groupBy': {
      const m = new GMap();
      for (const x of list) {
        const k = mapKey(call(fn, x));
        const group = (m.get(k) as Value[] | undefined) ?? [];
        group.push(x);
        m.set(k, group);
      }
      return m;
    }
    case 'countBy': {
      const m = new GMap();
      for (const x of list) {
        const k = mapKey(call(fn, x));
        m.set(k, ((m.get(k) as number | undefined) ?? 0) + 1);
      }
      return m;
    }
    case 'transpose': {
      const rows = list as Value[][];
      const n = Math.min(...rows.map((r) => (Array.isArray(r) ? r.length : 0)));
      return Array.from({ length: rows.length === 0 ? 0 : n }, (_, i) => rows.map((r) => r[i]!));
    }
    case 'subList':
      return list.slice(num(a0), num(args[1]));
    case 'toList':
    case 'asList':
    case 'toArray':
    case 'asImmutable':
    case 'clone':
      return [...list];
    case 'toSet':
    case 'asUnique':
      return dedupe(list);
    case 'toSorted':
      return sortBy(list, a0, interp);
    case 'asBoolean':
      return list.length > 0;
    case 'split': {
      const yes: Value[] = [];
      const no: Value[] = [];
      for (const x of list) (truthy(call(fn, x)) ? yes : no).push(x);
      return [yes, no];
    }
    case 'combinations': {
      const lists = list as Value[][];
      return lists.reduce<Value[][]>((acc, l) => acc.flatMap((prefix) => (Array.isArray(l) ? l : [l]).map((x) => [...prefix, x])), [[]]);
    }
    case 'intersect':
      return list.filter((x) => Array.isArray(a0) && contains(a0, x));
  }
  return NO_METHOD;
}

function mapMethod(m: GMap, name: string, args: Value[], interp: Interpreter, _pos: A.Pos): Result {
  const call = interp.apply;
  const a0 = args[0];
  const fn = a0 ?? null;
  const pairCall = (k: Value, v: Value) => {
    const c = fn as { node?: { params: unknown[]; implicit: boolean } };
    return c.node && !c.node.implicit && c.node.params.length === 2 ? call(fn, k, v) : call(fn, entry(k, v));
  };
  switch (name) {
    case 'size':
      return m.size;
    case 'isEmpty':
      return m.size === 0;
    case 'get':
    case 'getAt':
      return m.get(mapKey(a0 ?? null)) ?? (args.length > 1 ? args[1]! : null);
    case 'getOrDefault':
      return m.has(mapKey(a0 ?? null)) ? m.get(mapKey(a0 ?? null))! : (args[1] ?? null);
    case 'containsKey':
      return m.has(mapKey(a0 ?? null));
    case 'containsValue':
      return [...m.values()].some((v) => equals(v, a0 ?? null));
    case 'keySet':
    case 'keys':
      return [...m.keys()];
    case 'values':
      return [...m.values()];
    case 'entrySet':
      return [...m].map(([k, v]) => entry(k, v));
    case 'put':
      m.set(mapKey(a0 ?? null), args[1] ?? null);
      return null;
    case 'putAll':
      if (a0 instanceof GMap) for (const [k, v] of a0) m.set(k, v);
      return null;
    case 'remove': {
      const k = mapKey(a0 ?? null);
      const v = m.get(k) ?? null;
      m.delete(k);
      return v;
    }
    case 'plus':
      return new GMap([...m, ...(a0 instanceof GMap ? a0 : [])]);
    case 'clone':
    case 'asImmutable':
      return new GMap(m);
    case 'subMap': {
      const keys = Array.isArray(a0) ? a0 : args;
      return new GMap(keys.filter((k) => m.has(mapKey(k))).map((k) => [mapKey(k), m.get(mapKey(k))!]));
    }
    case 'each':
      for (const [k, v] of m) pairCall(k, v);
      return m;
    case 'collect':
      return [...m].map(([k, v]) => pairCall(k, v));
    case 'findAll':
      return new GMap([...m].filter(([k, v]) => truthy(pairCall(k, v))));
    case 'find': {
      const hit = [...m].find(([k, v]) => truthy(pairCall(k, v)));
      return hit ? entry(hit[0], hit[1]) : null;
    }
    case 'any':
      return [...m].some(([k, v]) => truthy(pairCall(k, v)));
    case 'every':
      return [...m].every(([k, v]) => truthy(pairCall(k, v)));
    case 'collectEntries': {
      const out = new GMap();
      for (const [k, v] of m) {
        const r = pairCall(k, v);
        if (Array.isArray(r)) out.set(mapKey(r[0] ?? null), r[1] ?? null);
        else if (r instanceof GMap) for (const [x, y] of r) out.set(x, y);
      }
      return out;
    }
    case 'sort':
      return new GMap([...m].sort(([a], [b]) => compare(a, b)));
    case 'asBoolean':
      return m.size > 0;
  }
  return NO_METHOD;
}
