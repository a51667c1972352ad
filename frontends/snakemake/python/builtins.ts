// Python's built-in functions and exception types, as far as workflows use them.

import { compare, formatSpec, isInt, isNumber, iterate, len, num, repr, str, truthy } from './ops.js';
import { sortItems } from './methods.js';
import { runtime } from './runtime.js';
import { PyBuiltin, PyDict, PyError, PyFloat, PyFunction, PyList, PyObject, PySet, PyTuple, typeName, type Kwargs, type PyValue } from './values.js';

const EXCEPTIONS = [
  'Exception', 'BaseException', 'ValueError', 'KeyError', 'IndexError', 'TypeError', 'AttributeError', 'NameError',
  'RuntimeError', 'FileNotFoundError', 'OSError', 'IOError', 'NotImplementedError', 'AssertionError', 'ZeroDivisionError',
  'StopIteration', 'LookupError', 'ImportError', 'ModuleNotFoundError', 'SystemExit', 'Warning', 'UserWarning',
];

/** Which exception types catch which: `except Exception` catches almost all, `LookupError` catches KeyError. */
const PARENTS: Record<string, string[]> = {
  KeyError: ['LookupError', 'Exception', 'BaseException'],
  IndexError: ['LookupError', 'Exception', 'BaseException'],
  FileNotFoundError: ['OSError', 'IOError', 'Exception', 'BaseException'],
  ModuleNotFoundError: ['ImportError', 'Exception', 'BaseException'],
  SystemExit: ['BaseException'],
};

export function exceptionMatches(raised: string, handler: string): boolean {
  if (raised === handler) return true;
  return (PARENTS[raised] ?? ['Exception', 'BaseException']).includes(handler);
}

function toInt(v: PyValue, base?: PyValue): number {
  if (typeof v === 'boolean') return Number(v);
  if (typeof v === 'number') return v;
  if (v instanceof PyFloat) return Math.trunc(v.value);
  const s = str(v).trim().replace(/_/g, '');
  const b = base === undefined || base === null ? 10 : Number(base);
  const ok = b === 10 ? /^[+-]?\d+$/.test(s) : /^[+-]?[0-9a-zA-Z]+$/.test(s);
  const n = parseInt(s, b);
  if (!ok || Number.isNaN(n)) throw new PyError('ValueError', `invalid literal for int() with base ${b}: ${repr(v)}`);
  return n;
}

function toFloat(v: PyValue): PyFloat {
  if (isNumber(v)) return new PyFloat(num(v));
  const s = str(v).trim().toLowerCase();
  if (s === 'nan') return new PyFloat(NaN);
  if (s === 'inf' || s === '+inf' || s === 'infinity') return new PyFloat(Infinity);
  if (s === '-inf' || s === '-infinity') return new PyFloat(-Infinity);
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/.test(s)) throw new PyError('ValueError', `could not convert string to float: ${repr(v)}`);
  return new PyFloat(Number(s));
}

function minmax(args: PyValue[], kwargs: Kwargs, sign: number, name: string): PyValue {
  const items = args.length === 1 ? iterate(args[0]!) : args;
  if (items.length === 0) {
    const d = kwargs.get('default');
    if (d !== undefined) return d;
    throw new PyError('ValueError', `${name}() arg is an empty sequence`);
  }
  const key = kwargs.get('key');
  const k = (v: PyValue) => (key && key !== null ? runtime.call(key, [v], new Map()) : v);
  let best: PyValue = items[0]!;
  let bestKey = k(best);
  for (const v of items.slice(1)) {
    const kv = k(v);
    if (compare(kv, bestKey) * sign > 0) {
      best = v;
      bestKey = kv;
    }
  }
  return best;
}

function isinstance(v: PyValue, t: PyValue): boolean {
  if (t instanceof PyTuple) return t.items.some((x) => isinstance(v, x));
  if (!(t instanceof PyBuiltin)) return false;
  const name = t.exceptionType ?? t.name;
  const actual = typeName(v);
  if (name === 'int') return actual === 'int' || actual === 'bool';
  if (name === 'float') return actual === 'float';
  if (name === 'str') return actual === 'str' || actual === 'AnnotatedString';
  if (name === 'list') return actual === 'list' || actual === 'Namedlist';
  if (name === 'object') return true;
  return actual === name;
}

function b(name: string, fn: (args: PyValue[], kwargs: Kwargs) => PyValue): [string, PyValue] {
  return [name, new PyBuiltin(name, fn)];
}

/** `range()` as a list: workflows iterate small ranges. */
function range(args: PyValue[]): PyValue {
  const [a, bnd, s] = args.map((x) => toInt(x));
  const [start, stop, step] = bnd === undefined ? [0, a!, 1] : [a!, bnd, s ?? 1];
  if (step === 0) throw new PyError('ValueError', 'range() arg 3 must not be zero');
  const out: number[] = [];
  for (let i = start; step > 0 ? i < stop : i > stop; i += step) out.push(i);
  if (out.length > 10_000_000) throw new PyError('MemoryError', 'range too large');
  return new PyList(out);
}

export function makeBuiltins(print: (text: string) => void): Map<string, PyValue> {
  const table = new Map<string, PyValue>([
    b('len', (a) => len(a[0]!)),
    b('str', (a) => (a.length === 0 ? '' : str(a[0]!))),
    b('repr', (a) => repr(a[0]!)),
    b('int', (a) => (a.length === 0 ? 0 : toInt(a[0]!, a[1]))),
    b('float', (a) => (a.length === 0 ? new PyFloat(0) : toFloat(a[0]!))),
    b('bool', (a) => (a.length === 0 ? false : truthy(a[0]!))),
    b('list', (a) => new PyList(a.length === 0 ? [] : iterate(a[0]!))),
    b('tuple', (a) => new PyTuple(a.length === 0 ? [] : iterate(a[0]!))),
    b('set', (a) => PySet.from(a.length === 0 ? [] : iterate(a[0]!))),
    b('frozenset', (a) => PySet.from(a.length === 0 ? [] : iterate(a[0]!))),
    b('dict', (a, kw) => {
      const d = new PyDict();
      if (a[0] instanceof PyDict) for (const [k, v] of a[0].entries.values()) d.set(k, v);
      else if (a[0] !== undefined) for (const pair of iterate(a[0])) {
        const [k, v] = iterate(pair);
        d.set(k!, v!);
      }
      for (const [k, v] of kw) d.set(k, v);
      return d;
    }),
    b('range', range),
    b('enumerate', (a, kw) => {
      const start = toInt(a[1] ?? kw.get('start') ?? 0);
      return new PyList(iterate(a[0]!).map((v, i) => new PyTuple([i + start, v])));
    }),
    b('zip', (a) => {
      const lists = a.map((x) => iterate(x));
      const n = Math.min(...lists.map((l) => l.length));
      return new PyList(Array.from({ length: lists.length ? n : 0 }, (_, i) => new PyTuple(lists.map((l) => l[i]!))));
    }),
    b('sorted', (a, kw) => new PyList(sortItems(iterate(a[0]!), kw))),
    b('reversed', (a) => new PyList(iterate(a[0]!).reverse())),
    b('min', (a, kw) => minmax(a, kw, -1, 'min')),
    b('max', (a, kw) => minmax(a, kw, 1, 'max')),
    b('sum', (a) => iterate(a[0]!).reduce<PyValue>((acc, v) => {
      if (!isNumber(acc) || !isNumber(v)) throw new PyError('TypeError', `unsupported operand type(s) for +: '${typeName(acc)}' and '${typeName(v)}'`);
      return isInt(acc) && isInt(v) ? num(acc) + num(v) : new PyFloat(num(acc) + num(v));
    }, a[1] ?? 0)),
    b('any', (a) => iterate(a[0]!).some(truthy)),
    b('all', (a) => iterate(a[0]!).every(truthy)),
    b('abs', (a) => (a[0] instanceof PyFloat ? new PyFloat(Math.abs(a[0].value)) : Math.abs(num(a[0] as number)))),
    b('round', (a) => {
      const x = num(a[0] as number);
      if (a[1] === undefined || a[1] === null) {
        // Python rounds halves to even.
        const r = Math.round(x);
        return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
      }
      const f = 10 ** toInt(a[1]);
      return new PyFloat(Math.round(x * f) / f);
    }),
    b('divmod', (a) => {
      const x = num(a[0] as number);
      const y = num(a[1] as number);
      return new PyTuple([Math.floor(x / y), x - Math.floor(x / y) * y]);
    }),
    b('pow', (a) => num(a[0] as number) ** num(a[1] as number)),
    b('map', (a) => {
      const lists = a.slice(1).map((x) => iterate(x));
      const n = Math.min(...lists.map((l) => l.length));
      return new PyList(Array.from({ length: n }, (_, i) => runtime.call(a[0]!, lists.map((l) => l[i]!), new Map())));
    }),
    b('filter', (a) => new PyList(iterate(a[1]!).filter((v) => (a[0] === null ? truthy(v) : truthy(runtime.call(a[0]!, [v], new Map())))))),
    b('isinstance', (a) => isinstance(a[0]!, a[1]!)),
    b('callable', (a) => a[0] instanceof PyFunction || a[0] instanceof PyBuiltin || (a[0] instanceof PyObject && a[0].call !== undefined)),
    b('hasattr', (a) => {
      try {
        runtime.getattr(a[0]!, str(a[1]!));
        return true;
      } catch (e) {
        if (e instanceof PyError && e.type === 'AttributeError') return false;
        throw e;
      }
    }),
    b('getattr', (a) => {
      try {
        return runtime.getattr(a[0]!, str(a[1]!));
      } catch (e) {
        if (e instanceof PyError && e.type === 'AttributeError' && a[2] !== undefined) return a[2];
        throw e;
      }
    }),
    b('type', (a) => new PyBuiltin(typeName(a[0]!), () => {
      throw new PyError('TypeError', 'cannot create instances of this type');
    })),
    b('print', (a, kw) => {
      print(a.map(str).join(kw.has('sep') ? str(kw.get('sep')!) : ' '));
      return null;
    }),
    b('iter', (a) => new PyList(iterate(a[0]!))),
    b('next', (a) => {
      const items = iterate(a[0]!);
      if (items.length === 0) {
        if (a[1] !== undefined) return a[1];
        throw new PyError('StopIteration', '');
      }
      return items[0]!;
    }),
    b('chr', (a) => String.fromCodePoint(toInt(a[0]!))),
    b('ord', (a) => str(a[0]!).codePointAt(0) ?? 0),
    b('hex', (a) => `0x${toInt(a[0]!).toString(16)}`),
    b('format', (a) => formatSpec(a[0]!, a[1] === undefined ? '' : str(a[1]))),
    b('hash', (a) => str(a[0]!).length),
    b('id', () => 0),
    b('vars', (a) => (a[0] instanceof PyDict ? a[0] : new PyDict())),
    b('locals', () => new PyDict()),
    b('globals', () => new PyDict()),
    ['object', new PyBuiltin('object', () => new PyDict())],
  ]);
  for (const name of EXCEPTIONS) {
    table.set(name, new PyBuiltin(name, (a) => {
      throw new PyError(name, a.map(str).join(', '));
    }, name));
  }
  return table;
}
