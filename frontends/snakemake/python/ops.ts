// Python's operators and conversions on interpreter values: truth, str/repr, equality, ordering,
// arithmetic, containment, indexing, iteration.

import {
  PyBuiltin,
  PyDict,
  PyEllipsis,
  PyError,
  PyFloat,
  PyFunction,
  PyList,
  PyObject,
  PySet,
  PyTuple,
  typeName,
  type PyValue,
} from './values.js';

export function isInt(v: PyValue): v is number | boolean {
  return typeof v === 'number' || typeof v === 'boolean';
}

export function isNumber(v: PyValue): v is number | boolean | PyFloat {
  return isInt(v) || v instanceof PyFloat;
}

export function num(v: number | boolean | PyFloat): number {
  return v instanceof PyFloat ? v.value : Number(v);
}

export function truthy(v: PyValue): boolean {
  if (v === null) return false;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'string') return v.length > 0;
  if (v instanceof PyFloat) return v.value !== 0;
  if (v instanceof PyList || v instanceof PyTuple) return v.items.length > 0;
  if (v instanceof PyDict) return v.size > 0;
  if (v instanceof PySet) return v.entries.size > 0;
  if (v instanceof PyObject) {
    if (v.truthy) return v.truthy();
    if (v.len) return v.len() > 0;
  }
  return true;
}

/** Python's repr of a float: shortest round-trip digits, `.0` on integers, exponent from 1e16. */
export function floatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const abs = Math.abs(x);
  if (abs >= 1e16 || abs < 1e-4) {
    const [mant, exp] = x.toExponential().split('e');
    const e = Number(exp);
    return `${mant}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  }
  const s = String(x);
  return Number.isInteger(x) ? `${s}.0` : s;
}

export function str(v: PyValue): string {
  if (typeof v === 'string') return v;
  if (v === null) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return String(v);
  if (v instanceof PyFloat) return floatRepr(v.value);
  if (v instanceof PyObject && v.str) return v.str();
  return repr(v);
}

export function reprString(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (ch === quote || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out + quote;
}

export function repr(v: PyValue): string {
  if (typeof v === 'string') return reprString(v);
  if (v === null || typeof v === 'boolean' || typeof v === 'number' || v instanceof PyFloat) return str(v);
  if (v instanceof PyList) return `[${v.items.map(repr).join(', ')}]`;
  if (v instanceof PyTuple) return v.items.length === 1 ? `(${repr(v.items[0]!)},)` : `(${v.items.map(repr).join(', ')})`;
  if (v instanceof PyDict) return `{${[...v.entries.values()].map(([k, x]) => `${repr(k)}: ${repr(x)}`).join(', ')}}`;
  if (v instanceof PySet) return v.entries.size === 0 ? 'set()' : `{${v.items().map(repr).join(', ')}}`;
  if (v instanceof PyFunction) return `<function ${v.name}>`;
  if (v instanceof PyBuiltin) return v.exceptionType ? `<class '${v.exceptionType}'>` : `<built-in function ${v.name}>`;
  if (v instanceof PyEllipsis) return 'Ellipsis';
  if (v.repr) return v.repr();
  if (v.str) return v.str();
  return `<${v.typeName} object>`;
}

export function eq(a: PyValue, b: PyValue): boolean {
  if (a === b) return true;
  if (isNumber(a) && isNumber(b)) return num(a) === num(b);
  if (typeof a === 'string' || typeof b === 'string') {
    if (typeof a === 'string' && typeof b === 'string') return a === b;
    const obj = typeof a === 'string' ? b : a;
    const s = typeof a === 'string' ? a : b;
    return obj instanceof PyObject && obj.eq ? obj.eq(s) : false;
  }
  if (a === null || b === null) return false;
  if (a instanceof PyList && b instanceof PyList) return seqEq(a.items, b.items);
  if (a instanceof PyTuple && b instanceof PyTuple) return seqEq(a.items, b.items);
  if (a instanceof PyDict && b instanceof PyDict) {
    if (a.size !== b.size) return false;
    for (const [k, v] of a.entries.values()) {
      const other = b.get(k);
      if (other === undefined || !eq(v, other)) return false;
    }
    return true;
  }
  if (a instanceof PySet && b instanceof PySet) return a.entries.size === b.entries.size && a.items().every((x) => b.has(x));
  if (a instanceof PyObject && a.eq) return a.eq(b);
  if (b instanceof PyObject && b.eq) return b.eq(a);
  return false;
}

function seqEq(a: readonly PyValue[], b: readonly PyValue[]): boolean {
  return a.length === b.length && a.every((x, i) => eq(x, b[i]!));
}

/** Ordering: -1, 0, 1; raises TypeError for types Python cannot order. */
export function compare(a: PyValue, b: PyValue): number {
  if (isNumber(a) && isNumber(b)) return Math.sign(num(a) - num(b));
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  const seq = (x: PyValue) => (x instanceof PyList || x instanceof PyTuple ? x.items : undefined);
  const sa = seq(a);
  const sb = seq(b);
  if (sa && sb && a!.constructor === b!.constructor) {
    for (let i = 0; i < Math.min(sa.length, sb.length); i++) {
      if (!eq(sa[i]!, sb[i]!)) return compare(sa[i]!, sb[i]!);
    }
    return Math.sign(sa.length - sb.length);
  }
  if (a instanceof PyObject && a.str && typeof b === 'string') return compare(a.str(), b);
  if (b instanceof PyObject && b.str && typeof a === 'string') return compare(a, b.str());
  throw new PyError('TypeError', `'<' not supported between instances of '${typeName(a)}' and '${typeName(b)}'`);
}

export function iterate(v: PyValue): PyValue[] {
  if (v instanceof PyList || v instanceof PyTuple) return [...v.items];
  if (typeof v === 'string') return [...v];
  if (v instanceof PyDict) return v.keys();
  if (v instanceof PySet) return v.items();
  if (v instanceof PyObject && v.iterate) return v.iterate();
  throw new PyError('TypeError', `'${typeName(v)}' object is not iterable`);
}

export function len(v: PyValue): number {
  if (typeof v === 'string') return [...v].length;
  if (v instanceof PyList || v instanceof PyTuple) return v.items.length;
  if (v instanceof PyDict) return v.size;
  if (v instanceof PySet) return v.entries.size;
  if (v instanceof PyObject && v.len) return v.len();
  throw new PyError('TypeError', `object of type '${typeName(v)}' has no len()`);
}

export function contains(container: PyValue, item: PyValue): boolean {
  if (typeof container === 'string') {
    if (typeof item !== 'string') throw new PyError('TypeError', `'in <string>' requires string as left operand, not ${typeName(item)}`);
    return container.includes(item);
  }
  if (container instanceof PyDict) return container.has(item);
  if (container instanceof PySet) return container.has(item);
  if (container instanceof PyObject && container.contains) return container.contains(item);
  return iterate(container).some((x) => eq(x, item));
}

function index(i: PyValue, length: number, what: string): number {
  if (!isInt(i)) throw new PyError('TypeError', `${what} indices must be integers, not ${typeName(i)}`);
  const n = Number(i);
  const k = n < 0 ? length + n : n;
  if (k < 0 || k >= length) throw new PyError('IndexError', `${what} index out of range`);
  return k;
}

/** `slice(lower, upper, step)` resolved against a length, as Python does. */
export function sliceIndices(lower: PyValue, upper: PyValue, step: PyValue, length: number): number[] {
  const s = step === null ? 1 : Number(step);
  if (s === 0) throw new PyError('ValueError', 'slice step cannot be zero');
  const clamp = (v: PyValue, dflt: number, lo: number, hi: number) => {
    if (v === null) return dflt;
    let n = Number(v);
    if (n < 0) n += length;
    return Math.min(Math.max(n, lo), hi);
  };
  const out: number[] = [];
  if (s > 0) {
    const start = clamp(lower, 0, 0, length);
    const stop = clamp(upper, length, 0, length);
    for (let i = start; i < stop; i += s) out.push(i);
  } else {
    const start = clamp(lower, length - 1, -1, length - 1);
    const stop = clamp(upper, -1, -1, length - 1);
    for (let i = start; i > stop; i += s) out.push(i);
  }
  return out;
}

export class PySlice {
  constructor(
    readonly lower: PyValue,
    readonly upper: PyValue,
    readonly step: PyValue,
  ) {}
}

export function getitem(v: PyValue, key: PyValue | PySlice): PyValue {
  if (key instanceof PySlice) {
    if (typeof v === 'string') {
      const chars = [...v];
      return sliceIndices(key.lower, key.upper, key.step, chars.length).map((i) => chars[i]).join('');
    }
    if (v instanceof PyList) return new PyList(sliceIndices(key.lower, key.upper, key.step, v.items.length).map((i) => v.items[i]!));
    if (v instanceof PyTuple) return new PyTuple(sliceIndices(key.lower, key.upper, key.step, v.items.length).map((i) => v.items[i]!));
    if (v instanceof PyObject && v.getitem) {
      const r = v.getitem(new PyTuple([key.lower, key.upper, key.step]) as PyValue);
      if (r !== undefined) return r;
    }
    throw new PyError('TypeError', `'${typeName(v)}' object is not subscriptable with a slice`);
  }
  if (typeof v === 'string') return [...v][index(key, [...v].length, 'string')]!;
  if (v instanceof PyList) return v.items[index(key, v.items.length, 'list')]!;
  if (v instanceof PyTuple) return v.items[index(key, v.items.length, 'tuple')]!;
  if (v instanceof PyDict) {
    const r = v.get(key);
    if (r !== undefined) return r;
    if (v.missing) {
      const made = v.missing(key);
      v.set(key, made);
      return made;
    }
    throw new PyError('KeyError', repr(key));
  }
  if (v instanceof PyObject && v.getitem) {
    const r = v.getitem(key);
    if (r === undefined) throw new PyError('KeyError', repr(key));
    return r;
  }
  throw new PyError('TypeError', `'${typeName(v)}' object is not subscriptable`);
}

export function setitem(v: PyValue, key: PyValue, value: PyValue): void {
  if (v instanceof PyList) {
    v.items[index(key, v.items.length, 'list')] = value;
    return;
  }
  if (v instanceof PyDict) {
    v.set(key, value);
    return;
  }
  if (v instanceof PyObject && v.setitem && v.setitem(key, value)) return;
  throw new PyError('TypeError', `'${typeName(v)}' object does not support item assignment`);
}

function pyMod(a: number, b: number): number {
  const r = a % b;
  return r !== 0 && Math.sign(r) !== Math.sign(b) ? r + b : r;
}

export function binop(op: string, a: PyValue, b: PyValue): PyValue {
  if (isNumber(a) && isNumber(b)) {
    const x = num(a);
    const y = num(b);
    const ints = isInt(a) && isInt(b);
    const wrap = (r: number) => (ints ? r : new PyFloat(r));
    switch (op) {
      case '+':
        return wrap(x + y);
      case '-':
        return wrap(x - y);
      case '*':
        return wrap(x * y);
      case '/':
        if (y === 0) throw new PyError('ZeroDivisionError', 'division by zero');
        return new PyFloat(x / y);
      case '//':
        if (y === 0) throw new PyError('ZeroDivisionError', 'integer division or modulo by zero');
        return wrap(Math.floor(x / y));
      case '%':
        if (y === 0) throw new PyError('ZeroDivisionError', 'integer division or modulo by zero');
        return wrap(pyMod(x, y));
      case '**':
        return ints && y >= 0 ? x ** y : new PyFloat(x ** y);
      case '<<':
      case '>>':
      case '&':
      case '|':
      case '^':
        if (!ints) break;
        return op === '<<' ? x * 2 ** y : op === '>>' ? Math.floor(x / 2 ** y) : op === '&' ? x & y : op === '|' ? x | y : x ^ y;
    }
  }
  if (op === '+') {
    if (typeof a === 'string' && typeof b === 'string') return a + b;
    if (a instanceof PyList && b instanceof PyList) return new PyList([...a.items, ...b.items]);
    if (a instanceof PyTuple && b instanceof PyTuple) return new PyTuple([...a.items, ...b.items]);
    if (a instanceof PyObject && a.str && typeof b === 'string') return a.str() + b;
    if (b instanceof PyObject && b.str && typeof a === 'string') return a + b.str();
  }
  if (op === '*') {
    const times = (seq: PyValue, n: PyValue) => {
      const k = Math.max(0, Number(n));
      if (typeof seq === 'string') return seq.repeat(k);
      if (seq instanceof PyList) return new PyList(Array.from({ length: k }, () => seq.items).flat());
      if (seq instanceof PyTuple) return new PyTuple(Array.from({ length: k }, () => seq.items).flat());
      return undefined;
    };
    const r = isInt(b) ? times(a, b) : isInt(a) ? times(b, a) : undefined;
    if (r !== undefined) return r;
  }
  if (op === '%' && typeof a === 'string') return percentFormat(a, b);
  if (op === '|' && a instanceof PyDict && b instanceof PyDict) return PyDict.from([...a.entries.values(), ...b.entries.values()]);
  if (a instanceof PySet && b instanceof PySet) {
    if (op === '|') return PySet.from([...a.items(), ...b.items()]);
    if (op === '&') return PySet.from(a.items().filter((x) => b.has(x)));
    if (op === '-') return PySet.from(a.items().filter((x) => !b.has(x)));
    if (op === '^') return PySet.from([...a.items().filter((x) => !b.has(x)), ...b.items().filter((x) => !a.has(x))]);
  }
  if (op === '/' && a instanceof PyObject && a.typeName === 'Path') {
    const join = a.getattr?.('joinpath');
    if (join instanceof PyBuiltin) return join.fn([b], new Map(), { pos: { line: 1, column: 1, offset: 0 } });
  }
  throw new PyError('TypeError', `unsupported operand type(s) for ${op}: '${typeName(a)}' and '${typeName(b)}'`);
}

export function unary(op: string, v: PyValue): PyValue {
  if (op === 'not') return !truthy(v);
  if (isNumber(v)) {
    if (op === '-') return v instanceof PyFloat ? new PyFloat(-v.value) : -Number(v);
    if (op === '+') return v instanceof PyFloat ? v : Number(v);
    if (op === '~' && isInt(v)) return ~Number(v);
  }
  throw new PyError('TypeError', `bad operand type for unary ${op}: '${typeName(v)}'`);
}

/** printf-style `'%s_%d' % (a, b)`. */
function percentFormat(fmt: string, args: PyValue): string {
  const values = args instanceof PyTuple ? [...args.items] : [args];
  const dict = args instanceof PyDict ? args : undefined;
  let i = 0;
  const out = fmt.replace(/%(\((\w+)\))?([-+ 0#]*)(\d+|\*)?(?:\.(\d+))?([sdifrxXeEgGo%])/g, (_m, _k, key: string | undefined, flags: string, width: string | undefined, prec: string | undefined, conv: string) => {
    if (conv === '%') return '%';
    const v = key !== undefined && dict ? dict.get(key) ?? null : values[i++];
    if (v === undefined) throw new PyError('TypeError', 'not enough arguments for format string');
    const spec = `${flags.includes('-') ? '<' : ''}${flags.includes('0') ? '0' : ''}${width ?? ''}${prec !== undefined ? `.${prec}` : ''}${conv === 'i' ? 'd' : conv === 's' || conv === 'r' ? '' : conv}`;
    return formatSpec(conv === 'r' ? repr(v) : conv === 's' ? str(v) : v, spec);
  });
  if (!dict && i < values.length) throw new PyError('TypeError', 'not all arguments converted during string formatting');
  return out;
}

/** The format-spec mini-language: `[[fill]align][sign][#][0][width][,][.precision][type]`. */
export function formatSpec(v: PyValue, spec: string): string {
  if (spec === '') return str(v);
  const m = /^(?:(.)?([<>=^]))?([+\- ])?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([bcdeEfFgGnosxX%])?$/s.exec(spec);
  if (!m) throw new PyError('ValueError', `Invalid format specifier '${spec}'`);
  const [, fillCh, alignCh, sign, alternate, zero, widthS, grouping, precS, type] = m;
  const width = widthS ? Number(widthS) : 0;
  const prec = precS !== undefined ? Number(precS) : undefined;
  let body: string;
  let numeric = false;
  if (type === undefined || type === 's') {
    if (isNumber(v) && type === undefined && typeof v !== 'boolean') {
      numeric = true;
      body = v instanceof PyFloat && prec !== undefined ? trimG(v.value.toPrecision(prec)) : str(v);
    } else body = prec !== undefined ? str(v).slice(0, prec) : str(v);
  } else {
    if (!isNumber(v)) throw new PyError('ValueError', `Unknown format code '${type}' for object of type '${typeName(v)}'`);
    numeric = true;
    const x = num(v);
    const p = prec ?? 6;
    switch (type) {
      case 'd':
      case 'n':
        body = String(Math.trunc(x));
        break;
      case 'f':
      case 'F':
        body = toFixedPython(x, p);
        break;
      case 'e':
      case 'E': {
        const [mant, exp] = x.toExponential(p).split('e');
        const e = Number(exp);
        body = `${mant}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
        if (type === 'E') body = body.toUpperCase();
        break;
      }
      case 'g':
      case 'G':
        body = trimG(x.toPrecision(p || 1));
        break;
      case '%':
        body = `${toFixedPython(x * 100, p)}%`;
        break;
      case 'x':
      case 'X':
      case 'o':
      case 'b': {
        const radix = type === 'b' ? 2 : type === 'o' ? 8 : 16;
        const digits = Math.abs(Math.trunc(x)).toString(radix);
        const prefix = alternate ? `0${type}` : '';
        body = `${x < 0 ? '-' : ''}${prefix}${type === 'X' ? digits.toUpperCase() : digits}`;
        break;
      }
      default:
        body = String.fromCodePoint(x);
    }
  }
  if (numeric) {
    const negative = body.startsWith('-');
    let digits = negative ? body.slice(1) : body;
    if (grouping) {
      const [int, frac] = digits.split('.');
      digits = int!.replace(/\B(?=(\d{3})+(?!\d))/g, grouping) + (frac !== undefined ? `.${frac}` : '');
    }
    const signText = negative ? '-' : sign === '+' ? '+' : sign === ' ' ? ' ' : '';
    if ((zero && !alignCh) || alignCh === '=') {
      const fill = alignCh === '=' ? fillCh ?? ' ' : '0';
      return signText + digits.padStart(width - signText.length, fill);
    }
    body = signText + digits;
  }
  const fill = fillCh ?? ' ';
  const align = alignCh ?? (numeric ? '>' : '<');
  const pad = Math.max(0, width - [...body].length);
  if (align === '<') return body + fill.repeat(pad);
  if (align === '>') return fill.repeat(pad) + body;
  const left = Math.floor(pad / 2);
  return fill.repeat(left) + body + fill.repeat(pad - left);
}

/**
 * `x.toFixed(p)` as Python rounds: from the exact binary value, ties to even (`'%.1f' % 2.25` is
 * '2.2', where JavaScript's toFixed gives '2.3').
 */
export function toFixedPython(x: number, p: number): string {
  if (!Number.isFinite(x)) return floatRepr(x);
  const abs = Math.abs(x);
  if (abs >= 1e21) return x.toFixed(p);
  const exact = abs.toFixed(100);
  const [int, frac] = exact.split('.') as [string, string];
  let digits = int + frac.slice(0, p);
  const rest = frac.slice(p);
  const last = Number(digits[digits.length - 1] ?? 0);
  const up = rest[0]! > '5' || (rest[0] === '5' && (/[1-9]/.test(rest.slice(1)) || last % 2 === 1));
  if (up) {
    const arr = digits.split('');
    let i = arr.length - 1;
    while (i >= 0 && arr[i] === '9') arr[i--] = '0';
    if (i < 0) arr.unshift('1');
    else arr[i] = String(Number(arr[i]) + 1);
    digits = arr.join('');
  }
  const intLen = digits.length - p;
  const text = p > 0 ? `${digits.slice(0, intLen)}.${digits.slice(intLen)}` : digits;
  return x < 0 && /[1-9]/.test(text) ? `-${text}` : x < 0 || Object.is(x, -0) ? `-${text}` : text;
}

function trimG(s: string): string {
  if (s.includes('e')) {
    const [mant, exp] = s.split('e');
    const e = Number(exp);
    return `${mant!.includes('.') ? mant!.replace(/\.?0+$/, '') : mant}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  }
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}
