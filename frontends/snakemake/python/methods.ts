// Methods of str, list, dict and set, as bound builtins.

import { compare, contains, eq, formatSpec, iterate, repr, str, truthy } from './ops.js';
import { runtime } from './runtime.js';
import { PyBuiltin, PyDict, PyError, PyList, PySet, PyTuple, type Kwargs, type PyValue } from './values.js';

type Method = (self: never, args: PyValue[], kwargs: Kwargs) => PyValue;

function arg(args: PyValue[], kwargs: Kwargs, i: number, name: string): PyValue | undefined {
  return args[i] ?? kwargs.get(name);
}

function optStr(v: PyValue | undefined): string | undefined {
  return v === undefined || v === null ? undefined : str(v);
}

/** Python's whitespace-splitting and separator-splitting, with maxsplit. */
function split(s: string, sep: string | undefined, maxsplit: number, fromRight: boolean): string[] {
  if (sep === undefined) {
    const words = s.split(/\s+/).filter((w) => w !== '');
    if (maxsplit < 0 || words.length <= maxsplit + 1) return words;
    if (!fromRight) {
      const head = words.slice(0, maxsplit);
      const rest = s.trimStart().replace(new RegExp(`^(?:\\S+\\s+){${maxsplit}}`), '');
      return [...head, rest.trimEnd()];
    }
    const tail = words.slice(words.length - maxsplit);
    const rest = s.trimEnd().replace(new RegExp(`(?:\\s+\\S+){${maxsplit}}$`), '');
    return [rest.trimStart(), ...tail];
  }
  if (sep === '') throw new PyError('ValueError', 'empty separator');
  const parts = s.split(sep);
  if (maxsplit < 0 || parts.length <= maxsplit + 1) return parts;
  if (!fromRight) return [...parts.slice(0, maxsplit), parts.slice(maxsplit).join(sep)];
  return [parts.slice(0, parts.length - maxsplit).join(sep), ...parts.slice(parts.length - maxsplit)];
}

function stripChars(s: string, chars: string | undefined, left: boolean, right: boolean): string {
  const set = chars === undefined ? undefined : new Set(chars);
  const strip = (ch: string) => (set ? set.has(ch) : /\s/.test(ch));
  let a = 0;
  let b = s.length;
  if (left) while (a < b && strip(s[a]!)) a++;
  if (right) while (b > a && strip(s[b - 1]!)) b--;
  return s.slice(a, b);
}

const STR_METHODS: Record<string, Method> = {
  format: (s: string, args, kwargs) => formatString(s, args, kwargs),
  format_map: (s: string, args) => formatString(s, [], new Map((args[0] as PyDict).keys().map((k) => [str(k), (args[0] as PyDict).get(k)!]))),
  join: (s: string, args) => iterate(args[0] ?? new PyList()).map((x) => {
    if (typeof x !== 'string' && !(x instanceof Object && 'typeName' in x)) throw new PyError('TypeError', `sequence item: expected str instance, ${repr(x)} found`);
    return str(x);
  }).join(s),
  split: (s: string, args, kwargs) => new PyList(split(s, optStr(arg(args, kwargs, 0, 'sep')), Number(arg(args, kwargs, 1, 'maxsplit') ?? -1), false)),
  rsplit: (s: string, args, kwargs) => new PyList(split(s, optStr(arg(args, kwargs, 0, 'sep')), Number(arg(args, kwargs, 1, 'maxsplit') ?? -1), true)),
  splitlines: (s: string) => new PyList(s.split(/\r\n|\r|\n/).filter((x, i, all) => i < all.length - 1 || x !== '')),
  strip: (s: string, args) => stripChars(s, optStr(args[0]), true, true),
  lstrip: (s: string, args) => stripChars(s, optStr(args[0]), true, false),
  rstrip: (s: string, args) => stripChars(s, optStr(args[0]), false, true),
  replace: (s: string, args) => {
    const count = args[2] === undefined ? -1 : Number(args[2]);
    const from = str(args[0]!);
    const to = str(args[1]!);
    if (count < 0) return s.split(from).join(to);
    let out = s;
    let done = 0;
    let at = 0;
    while (done < count) {
      const i = out.indexOf(from, at);
      if (i < 0) break;
      out = out.slice(0, i) + to + out.slice(i + from.length);
      at = i + to.length;
      done++;
    }
    return out;
  },
  startswith: (s: string, args) => {
    const p = args[0]!;
    return p instanceof PyTuple ? p.items.some((x) => s.startsWith(str(x))) : s.startsWith(str(p));
  },
  endswith: (s: string, args) => {
    const p = args[0]!;
    return p instanceof PyTuple ? p.items.some((x) => s.endsWith(str(x))) : s.endsWith(str(p));
  },
  upper: (s: string) => s.toUpperCase(),
  lower: (s: string) => s.toLowerCase(),
  casefold: (s: string) => s.toLowerCase(),
  capitalize: (s: string) => s.charAt(0).toUpperCase() + s.slice(1).toLowerCase(),
  title: (s: string) => s.replace(/[A-Za-z]+/g, (w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase()),
  find: (s: string, args) => s.indexOf(str(args[0]!), Number(args[1] ?? 0)),
  rfind: (s: string, args) => s.lastIndexOf(str(args[0]!)),
  index: (s: string, args) => {
    const i = s.indexOf(str(args[0]!));
    if (i < 0) throw new PyError('ValueError', 'substring not found');
    return i;
  },
  count: (s: string, args) => (str(args[0]!) === '' ? s.length + 1 : s.split(str(args[0]!)).length - 1),
  isdigit: (s: string) => s !== '' && /^\d+$/.test(s),
  isnumeric: (s: string) => s !== '' && /^\d+$/.test(s),
  isalpha: (s: string) => s !== '' && /^\p{L}+$/u.test(s),
  isalnum: (s: string) => s !== '' && /^[\p{L}\d]+$/u.test(s),
  isspace: (s: string) => s !== '' && /^\s+$/.test(s),
  islower: (s: string) => /[a-z]/.test(s) && s === s.toLowerCase(),
  isupper: (s: string) => /[A-Z]/.test(s) && s === s.toUpperCase(),
  zfill: (s: string, args) => {
    const w = Number(args[0]);
    const sign = /^[+-]/.test(s) ? s[0]! : '';
    return sign + s.slice(sign.length).padStart(w - sign.length, '0');
  },
  ljust: (s: string, args) => s.padEnd(Number(args[0]), optStr(args[1]) ?? ' '),
  rjust: (s: string, args) => s.padStart(Number(args[0]), optStr(args[1]) ?? ' '),
  center: (s: string, args) => formatSpec(s, `${optStr(args[1]) ?? ' '}^${Number(args[0])}`),
  partition: (s: string, args) => {
    const sep = str(args[0]!);
    const i = s.indexOf(sep);
    return i < 0 ? new PyTuple([s, '', '']) : new PyTuple([s.slice(0, i), sep, s.slice(i + sep.length)]);
  },
  rpartition: (s: string, args) => {
    const sep = str(args[0]!);
    const i = s.lastIndexOf(sep);
    return i < 0 ? new PyTuple(['', '', s]) : new PyTuple([s.slice(0, i), sep, s.slice(i + sep.length)]);
  },
  removeprefix: (s: string, args) => (s.startsWith(str(args[0]!)) ? s.slice(str(args[0]!).length) : s),
  removesuffix: (s: string, args) => {
    const x = str(args[0]!);
    return x !== '' && s.endsWith(x) ? s.slice(0, -x.length) : s;
  },
  encode: (s: string) => s,
  expandtabs: (s: string) => s.replace(/\t/g, '        '),
};

function sortItems(items: PyValue[], kwargs: Kwargs): PyValue[] {
  const key = kwargs.get('key');
  const reverse = truthy(kwargs.get('reverse') ?? false);
  const keyed = items.map((v) => ({ v, k: key && key !== null ? runtime.call(key, [v], new Map()) : v }));
  keyed.sort((a, b) => compare(a.k, b.k));
  if (reverse) keyed.reverse();
  return keyed.map((x) => x.v);
}

export { sortItems };

const LIST_METHODS: Record<string, Method> = {
  append: (l: PyList, args) => {
    l.items.push(args[0]!);
    return null;
  },
  extend: (l: PyList, args) => {
    l.items.push(...iterate(args[0]!));
    return null;
  },
  insert: (l: PyList, args) => {
    let i = Number(args[0]);
    if (i < 0) i = Math.max(0, l.items.length + i);
    l.items.splice(i, 0, args[1]!);
    return null;
  },
  pop: (l: PyList, args) => {
    if (l.items.length === 0) throw new PyError('IndexError', 'pop from empty list');
    const i = args[0] === undefined ? l.items.length - 1 : Number(args[0]) < 0 ? l.items.length + Number(args[0]) : Number(args[0]);
    return l.items.splice(i, 1)[0]!;
  },
  remove: (l: PyList, args) => {
    const i = l.items.findIndex((x) => eq(x, args[0]!));
    if (i < 0) throw new PyError('ValueError', 'list.remove(x): x not in list');
    l.items.splice(i, 1);
    return null;
  },
  index: (l: PyList, args) => {
    const i = l.items.findIndex((x) => eq(x, args[0]!));
    if (i < 0) throw new PyError('ValueError', `${repr(args[0]!)} is not in list`);
    return i;
  },
  count: (l: PyList, args) => l.items.filter((x) => eq(x, args[0]!)).length,
  sort: (l: PyList, _args, kwargs) => {
    l.items = sortItems(l.items, kwargs);
    return null;
  },
  reverse: (l: PyList) => {
    l.items.reverse();
    return null;
  },
  copy: (l: PyList) => new PyList([...l.items]),
  clear: (l: PyList) => {
    l.items = [];
    return null;
  },
};

const TUPLE_METHODS: Record<string, Method> = {
  index: (t: PyTuple, args) => {
    const i = t.items.findIndex((x) => eq(x, args[0]!));
    if (i < 0) throw new PyError('ValueError', 'tuple.index(x): x not in tuple');
    return i;
  },
  count: (t: PyTuple, args) => t.items.filter((x) => eq(x, args[0]!)).length,
};

const DICT_METHODS: Record<string, Method> = {
  get: (d: PyDict, args) => d.get(args[0]!) ?? args[1] ?? null,
  keys: (d: PyDict) => new PyList(d.keys()),
  values: (d: PyDict) => new PyList(d.values()),
  items: (d: PyDict) => new PyList([...d.entries.values()].map(([k, v]) => new PyTuple([k, v]))),
  update: (d: PyDict, args, kwargs) => {
    const other = args[0];
    if (other instanceof PyDict) for (const [k, v] of other.entries.values()) d.set(k, v);
    else if (other !== undefined) for (const pair of iterate(other)) {
      const [k, v] = iterate(pair);
      d.set(k!, v!);
    }
    for (const [k, v] of kwargs) d.set(k, v);
    return null;
  },
  pop: (d: PyDict, args) => {
    const v = d.get(args[0]!);
    if (v === undefined) {
      if (args[1] !== undefined) return args[1];
      throw new PyError('KeyError', repr(args[0]!));
    }
    d.delete(args[0]!);
    return v;
  },
  setdefault: (d: PyDict, args) => {
    const v = d.get(args[0]!);
    if (v !== undefined) return v;
    d.set(args[0]!, args[1] ?? null);
    return args[1] ?? null;
  },
  copy: (d: PyDict) => PyDict.from(d.entries.values()),
  clear: (d: PyDict) => {
    d.entries.clear();
    return null;
  },
};

const SET_METHODS: Record<string, Method> = {
  add: (s: PySet, args) => {
    s.add(args[0]!);
    return null;
  },
  update: (s: PySet, args) => {
    for (const a of args) for (const x of iterate(a)) s.add(x);
    return null;
  },
  discard: (s: PySet, args) => {
    s.entries.delete([...s.entries].find(([, v]) => eq(v, args[0]!))?.[0] ?? '');
    return null;
  },
  remove: (s: PySet, args) => {
    if (!s.has(args[0]!)) throw new PyError('KeyError', repr(args[0]!));
    return SET_METHODS.discard!(s as never, args, new Map());
  },
  union: (s: PySet, args) => PySet.from([...s.items(), ...args.flatMap((a) => iterate(a))]),
  intersection: (s: PySet, args) => PySet.from(s.items().filter((x) => args.every((a) => contains(a, x)))),
  difference: (s: PySet, args) => PySet.from(s.items().filter((x) => !args.some((a) => contains(a, x)))),
  issubset: (s: PySet, args) => s.items().every((x) => contains(args[0]!, x)),
  issuperset: (s: PySet, args) => iterate(args[0]!).every((x) => s.has(x)),
  copy: (s: PySet) => PySet.from(s.items()),
};

/** A bound method of a built-in value, or undefined. */
export function builtinMethod(self: PyValue, name: string): PyBuiltin | undefined {
  const table =
    typeof self === 'string'
      ? STR_METHODS
      : self instanceof PyList
        ? LIST_METHODS
        : self instanceof PyTuple
          ? TUPLE_METHODS
          : self instanceof PyDict
            ? DICT_METHODS
            : self instanceof PySet
              ? SET_METHODS
              : undefined;
  const m = table?.[name];
  return m ? new PyBuiltin(name, (args, kwargs) => m(self as never, args, kwargs)) : undefined;
}

export type FieldRenderer = (value: PyValue, conversion: string | undefined, spec: string) => string;

const pythonRenderer: FieldRenderer = (value, conversion, spec) => {
  if (conversion === 'r' || conversion === 'a') return formatSpec(repr(value), spec);
  if (conversion === 's') return formatSpec(str(value), spec);
  return formatSpec(value, spec);
};

/** Named values for format(): a map, or a look-up (for layered scopes, without copying them). */
export type Names = Kwargs | { get(name: string): PyValue | undefined };

/**
 * `str.format`: `{}`, `{0}`, `{name}`, `{name.attr}`, `{name[key]}`, `!r`/`!s`, and a format spec
 * (which may itself hold fields). Templates are compiled once: Snakemake formats the same shell
 * command for thousands of jobs.
 */
export function formatString(template: string, args: PyValue[], kwargs: Names, render: FieldRenderer = pythonRenderer): string {
  let auto = 0;
  const evalParts = (parts: FormatPart[]): string => {
    let out = '';
    for (const p of parts) {
      if (typeof p === 'string') {
        out += p;
        continue;
      }
      let value: PyValue | undefined;
      if (p.head === '') value = args[auto++];
      else if (p.index !== undefined) value = args[p.index];
      else value = kwargs.get(p.head);
      if (value === undefined) {
        if (p.head === '' || p.index !== undefined) throw new PyError('IndexError', 'Replacement index out of range for positional args tuple');
        throw new PyError('KeyError', repr(p.head));
      }
      for (const step of p.path) value = step.attr !== undefined ? runtime.getattr(value, step.attr) : runtime.getitem(value, step.key!);
      out += render(value, p.conversion, p.spec === undefined ? '' : evalParts(p.spec));
    }
    return out;
  };
  return evalParts(compileFormat(template));
}

interface FormatField {
  head: string;
  /** Set when the head is a number: a positional argument. */
  index?: number;
  path: { attr?: string; key?: PyValue }[];
  conversion?: string;
  spec?: FormatPart[];
}

type FormatPart = string | FormatField;

const compiledFormats = new Map<string, FormatPart[]>();

function compileFormat(template: string): FormatPart[] {
  let parts = compiledFormats.get(template);
  if (parts) return parts;
  parts = [];
  let text = '';
  for (let i = 0; i < template.length; i++) {
    const ch = template[i]!;
    if ((ch === '{' || ch === '}') && template[i + 1] === ch) {
      text += ch;
      i++;
      continue;
    }
    if (ch === '}') throw new PyError('ValueError', "Single '}' encountered in format string");
    if (ch !== '{') {
      text += ch;
      continue;
    }
    let depth = 1;
    let j = i + 1;
    for (; j < template.length && depth > 0; j++) {
      if (template[j] === '{') depth++;
      else if (template[j] === '}') depth--;
    }
    if (depth !== 0) throw new PyError('ValueError', "Single '{' encountered in format string");
    if (text) parts.push(text);
    text = '';
    parts.push(compileField(template.slice(i + 1, j - 1)));
    i = j - 1;
  }
  if (text) parts.push(text);
  if (compiledFormats.size > 10_000) compiledFormats.clear();
  compiledFormats.set(template, parts);
  return parts;
}

function compileField(field: string): FormatField {
  const m = /^([^!:]*)(?:!([rsa]))?(?::(.*))?$/s.exec(field)!;
  const [, ref, conversion, specRaw] = m;
  const path = /^([^.[]*)((?:\.[^.[]+|\[[^\]]*\])*)$/.exec(ref!);
  if (!path) throw new PyError('ValueError', `Invalid format field '{${field}}'`);
  const head = path[1]!.trim();
  const f: FormatField = {
    head,
    path: (path[2]!.match(/\.[^.[]+|\[[^\]]*\]/g) ?? []).map((part) => {
      if (part.startsWith('.')) return { attr: part.slice(1) };
      const key = part.slice(1, -1);
      return { key: /^\d+$/.test(key) ? Number(key) : key };
    }),
  };
  if (/^\d+$/.test(head)) f.index = Number(head);
  if (conversion !== undefined) f.conversion = conversion;
  if (specRaw !== undefined) f.spec = compileFormat(specRaw);
  return f;
}
