// The standard-library modules workflows import while building their DAG, over a read-only view of
// the working directory: os, os.path, glob, re, math, json, yaml, pathlib, sys, collections,
// itertools, functools, csv, warnings, shutil, pandas.

import * as posix from 'node:path/posix';
import { parseYaml } from '../../common/yaml.js';
import { iterate, num, repr, str, truthy } from './ops.js';
import { isna, readTable } from './pandas.js';
import { pythonRegex } from '../patterns.js';
import { runtime } from './runtime.js';
import {
  PyBuiltin,
  PyDict,
  PyError,
  PyFloat,
  PyList,
  PyNamespace,
  PyObject,
  PyTuple,
  Unsupported,
  type Kwargs,
  type PyValue,
} from './values.js';

/** Read-only view of the working directory. Paths are relative to it, or absolute. */
export interface WorkflowFs {
  read(path: string): string | undefined;
  stat(path: string): 'file' | 'dir' | undefined;
  list(path: string): string[] | undefined;
}

const fn = (name: string, f: (args: PyValue[], kwargs: Kwargs) => PyValue) => new PyBuiltin(name, f);

/** JSON/YAML data → Python values. */
export function fromJs(v: unknown): PyValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isInteger(v) ? v : new PyFloat(v);
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return new PyList(v.map(fromJs));
  if (typeof v === 'object') return PyDict.from(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, fromJs(x)]));
  return str(String(v) as PyValue);
}

/** Python values → JSON data (for JSON Schema validation and for the IR). */
export function toJs(v: PyValue): unknown {
  if (v === null || typeof v === 'string' || typeof v === 'boolean' || typeof v === 'number') return v;
  if (v instanceof PyFloat) return Number.isFinite(v.value) ? v.value : null;
  if (v instanceof PyList || v instanceof PyTuple) return v.items.map(toJs);
  if (v instanceof PyDict) return Object.fromEntries([...v.entries.values()].map(([k, x]) => [str(k), toJs(x)]));
  return str(v);
}

function textOf(v: PyValue, fs: WorkflowFs): string {
  if (v instanceof FileObject) return v.text;
  const path = str(v);
  const text = fs.read(path);
  if (text === undefined) throw new PyError('FileNotFoundError', `[Errno 2] No such file or directory: '${path}'`);
  return text;
}

export class FileObject extends PyObject {
  readonly typeName = 'TextIOWrapper';
  constructor(
    readonly path: string,
    readonly text: string,
  ) {
    super();
  }
  private lines(): string[] {
    const parts = this.text.split(/(?<=\n)/);
    return parts.filter((l) => l !== '');
  }
  override iterate(): PyValue[] {
    return this.lines();
  }
  override getattr(name: string): PyValue | undefined {
    switch (name) {
      case 'read':
        return fn(name, () => this.text);
      case 'readlines':
        return fn(name, () => new PyList(this.lines()));
      case 'readline':
        return fn(name, () => this.lines()[0] ?? '');
      case 'close':
        return fn(name, () => null);
      case '__enter__':
        return fn(name, () => this);
      case 'name':
        return this.path;
      case 'write':
        return fn(name, () => {
          throw new Unsupported('writing files while building the DAG');
        });
    }
    return undefined;
  }
}

export function openFile(fs: WorkflowFs): PyBuiltin {
  return fn('open', (args, kw) => {
    const mode = str(args[1] ?? kw.get('mode') ?? 'r');
    if (/[wax+]/.test(mode)) throw new Unsupported('opening files for writing while building the DAG');
    const path = str(args[0]!);
    return new FileObject(path, textOf(path, fs));
  });
}

// --- globbing ----------------------------------------------------------------------------------------

function globSegmentRegex(seg: string): RegExp {
  let src = '';
  for (let i = 0; i < seg.length; i++) {
    const ch = seg[i]!;
    if (ch === '*') src += '[^/]*';
    else if (ch === '?') src += '[^/]';
    else if (ch === '[') {
      const end = seg.indexOf(']', i + 1);
      if (end < 0) src += '\\[';
      else {
        src += `[${seg.slice(i + 1, end).replace(/^!/, '^')}]`;
        i = end;
      }
    } else src += ch.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${src}$`);
}

/** Files matching a glob pattern, sorted (Python's glob order is the directory's; sorted is stable). */
export function glob(pattern: string, fs: WorkflowFs, recursive: boolean): string[] {
  const absolute = pattern.startsWith('/');
  const segments = pattern.split('/').filter((s, i) => s !== '' || (i === 0 && absolute));
  const results: string[] = [];
  const walk = (base: string, i: number) => {
    if (i === segments.length) {
      results.push(base);
      return;
    }
    const seg = segments[i]!;
    const join = (name: string) => (base === '' ? name : base === '/' ? `/${name}` : `${base}/${name}`);
    if (seg === '' && i === 0) return walk('/', 1);
    if (!/[*?[]/.test(seg)) {
      const next = join(seg);
      if (fs.stat(next) !== undefined) walk(next, i + 1);
      return;
    }
    if (seg === '**' && recursive) {
      walk(base, i + 1);
      for (const name of fs.list(base === '' ? '.' : base) ?? []) {
        if (name.startsWith('.')) continue;
        const p = join(name);
        if (fs.stat(p) === 'dir') walk(p, i);
      }
      return;
    }
    const re = globSegmentRegex(seg);
    for (const name of (fs.list(base === '' ? '.' : base) ?? []).sort()) {
      if (name.startsWith('.') && !seg.startsWith('.')) continue;
      if (!re.test(name)) continue;
      const p = join(name);
      if (i < segments.length - 1 && fs.stat(p) !== 'dir') continue;
      walk(p, i + 1);
    }
  };
  walk('', 0);
  return [...new Set(results)].sort();
}

/** Every file below a directory, relative paths, sorted. */
export function walkFiles(dir: string, fs: WorkflowFs): string[] {
  const out: string[] = [];
  const visit = (d: string) => {
    for (const name of (fs.list(d) ?? []).sort()) {
      const p = d === '.' ? name : `${d}/${name}`;
      const kind = fs.stat(p);
      if (kind === 'dir') visit(p);
      else if (kind === 'file') out.push(p);
    }
  };
  visit(dir === '' ? '.' : dir);
  return out;
}

// --- re ------------------------------------------------------------------------------------------------

const RE_FLAGS: Record<string, number> = { IGNORECASE: 2, I: 2, MULTILINE: 8, M: 8, DOTALL: 16, S: 16, VERBOSE: 64, X: 64 };

function jsRegex(pattern: string, flags: number, mode: 'search' | 'match' | 'fullmatch' | 'global'): RegExp {
  let src = pythonRegex(pattern).replace(/\\A/g, '^').replace(/\\Z/g, '$');
  if (flags & 64) src = src.replace(/\\#/g, '\u0000').replace(/#.*$/gm, '').replace(/\s+/g, '').replace(/\u0000/g, '\\#');
  if (mode === 'fullmatch') src = `^(?:${src})$`;
  let f = mode === 'global' ? 'g' : mode === 'match' ? 'y' : '';
  if (flags & 2) f += 'i';
  if (flags & 8) f += 'm';
  if (flags & 16) f += 's';
  return new RegExp(src, f);
}

class MatchObject extends PyObject {
  readonly typeName = 're.Match';
  constructor(readonly m: RegExpExecArray) {
    super();
  }
  private group(g: PyValue): PyValue {
    if (typeof g === 'string') return this.m.groups?.[g] ?? null;
    return this.m[Number(g)] ?? null;
  }
  override getattr(name: string): PyValue | undefined {
    switch (name) {
      case 'group':
        return fn(name, (args) => (args.length <= 1 ? this.group(args[0] ?? 0) : new PyTuple(args.map((a) => this.group(a)))));
      case 'groups':
        return fn(name, () => new PyTuple(this.m.slice(1).map((x) => x ?? null)));
      case 'groupdict':
        return fn(name, () => PyDict.from(Object.entries(this.m.groups ?? {}).map(([k, v]) => [k, v ?? null])));
      case 'start':
        return fn(name, () => this.m.index);
      case 'end':
        return fn(name, () => this.m.index + this.m[0].length);
      case 'span':
        return fn(name, () => new PyTuple([this.m.index, this.m.index + this.m[0].length]));
    }
    return undefined;
  }
  override getitem(key: PyValue): PyValue | undefined {
    return this.group(key);
  }
}

function reFunctions(pattern: () => string, flags: () => number): Record<string, PyValue> {
  const exec = (mode: 'search' | 'match' | 'fullmatch', s: PyValue) => {
    const m = jsRegex(pattern(), flags(), mode).exec(str(s));
    return m ? new MatchObject(m) : null;
  };
  return {
    search: fn('search', (a) => exec('search', a[0]!)),
    match: fn('match', (a) => exec('match', a[0]!)),
    fullmatch: fn('fullmatch', (a) => exec('fullmatch', a[0]!)),
    findall: fn('findall', (a) => new PyList([...str(a[0]!).matchAll(jsRegex(pattern(), flags(), 'global'))].map((m) => (m.length > 2 ? new PyTuple(m.slice(1).map((x) => x ?? '')) : m[1] ?? m[0])))),
    sub: fn('sub', (a, kw) => {
      const repl = a[0]!;
      const count = Number(a[2] ?? kw.get('count') ?? 0);
      let n = 0;
      return str(a[1]!).replace(jsRegex(pattern(), flags(), 'global'), (...m) => {
        if (count > 0 && n++ >= count) return m[0] as string;
        if (typeof repl === 'string') return repl.replace(/\\(\d+)|\\g<(\w+)>/g, (_x, d: string, g: string) => (d !== undefined ? (m[Number(d)] as string) ?? '' : ((m[m.length - 1] as Record<string, string>)?.[g] ?? '')));
        const groups = m.slice(0, -2) as unknown as string[];
        return str(runtime.call(repl, [new MatchObject(Object.assign(groups, { index: m[m.length - 2] as number, input: m[m.length - 1] as string }) as unknown as RegExpExecArray)], new Map()));
      });
    }),
    split: fn('split', (a) => new PyList(str(a[0]!).split(jsRegex(pattern(), flags(), 'search')).map((x) => x ?? ''))),
  };
}

function reModule(): PyValue {
  const mod = new PyNamespace('module re', { ...RE_FLAGS });
  const withPattern = (name: string) =>
    fn(name, (a, kw) => {
      const f = reFunctions(() => str(a[0]!), () => Number(a[name === 'sub' ? 4 : 2] ?? kw.get('flags') ?? 0))[name] as PyBuiltin;
      return f.fn(a.slice(1), kw, { pos: { line: 1, column: 1, offset: 0 } });
    });
  for (const name of ['search', 'match', 'fullmatch', 'findall', 'sub', 'split']) mod.attrs.set(name, withPattern(name));
  mod.attrs.set('escape', fn('escape', (a) => str(a[0]!).replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')));
  mod.attrs.set(
    'compile',
    fn('compile', (a) => {
      const p = str(a[0]!);
      const flags = Number(a[1] ?? 0);
      return new PyNamespace('re.Pattern', { ...reFunctions(() => p, () => flags), pattern: p });
    }),
  );
  return mod;
}

// --- pathlib -------------------------------------------------------------------------------------------

export class PathObject extends PyObject {
  readonly typeName = 'Path';
  constructor(
    readonly path: string,
    private readonly fs: WorkflowFs,
  ) {
    super();
  }
  override str(): string {
    return this.path;
  }
  override repr(): string {
    return `PosixPath(${repr(this.path)})`;
  }
  override eq(other: PyValue): boolean {
    return other instanceof PathObject && other.path === this.path;
  }
  override getattr(name: string): PyValue | undefined {
    const p = this.path;
    const make = (x: string) => new PathObject(x, this.fs);
    switch (name) {
      case 'name':
        return posix.basename(p);
      case 'stem':
        return posix.basename(p, posix.extname(p));
      case 'suffix':
        return posix.extname(p);
      case 'suffixes':
        return new PyList((posix.basename(p).match(/\.[^.]+/g) ?? []).slice(posix.basename(p).startsWith('.') ? 1 : 0));
      case 'parent':
        return make(posix.dirname(p));
      case 'parts':
        return new PyTuple(p.split('/').filter((x) => x !== ''));
      case 'joinpath':
        return fn(name, (a) => make(posix.join(p, ...a.map((x) => str(x)))));
      case 'with_suffix':
        return fn(name, (a) => make(p.slice(0, p.length - posix.extname(p).length) + str(a[0]!)));
      case 'with_name':
        return fn(name, (a) => make(posix.join(posix.dirname(p), str(a[0]!))));
      case 'exists':
        return fn(name, () => this.fs.stat(p) !== undefined);
      case 'is_file':
        return fn(name, () => this.fs.stat(p) === 'file');
      case 'is_dir':
        return fn(name, () => this.fs.stat(p) === 'dir');
      case 'resolve':
      case 'absolute':
      case 'expanduser':
        return fn(name, () => this);
      case 'as_posix':
        return fn(name, () => p);
      case 'read_text':
        return fn(name, () => textOf(p, this.fs));
      case 'glob':
        return fn(name, (a) => new PyList(glob(posix.join(p, str(a[0]!)), this.fs, true).map(make)));
      case 'iterdir':
        return fn(name, () => new PyList((this.fs.list(p) ?? []).sort().map((n) => make(posix.join(p, n)))));
      case 'relative_to':
        return fn(name, (a) => make(posix.relative(str(a[0]!), p)));
    }
    return undefined;
  }
}

// --- the module table ----------------------------------------------------------------------------------

export function standardModules(fs: WorkflowFs): Map<string, PyValue> {
  const exists = (p: PyValue) => fs.stat(str(p)) !== undefined;
  const osPath = new PyNamespace('module os.path', {
    join: fn('join', (a) => posix.join(...a.map((x) => str(x))) || '.'),
    exists: fn('exists', (a) => exists(a[0]!)),
    lexists: fn('lexists', (a) => exists(a[0]!)),
    isfile: fn('isfile', (a) => fs.stat(str(a[0]!)) === 'file'),
    isdir: fn('isdir', (a) => fs.stat(str(a[0]!)) === 'dir'),
    basename: fn('basename', (a) => {
      const p = str(a[0]!);
      return p.slice(p.lastIndexOf('/') + 1);
    }),
    dirname: fn('dirname', (a) => {
      const p = str(a[0]!);
      const i = p.lastIndexOf('/');
      return i < 0 ? '' : i === 0 ? '/' : p.slice(0, i).replace(/\/+$/, '') || '/';
    }),
    splitext: fn('splitext', (a) => {
      const p = str(a[0]!);
      const ext = posix.extname(p);
      return new PyTuple([p.slice(0, p.length - ext.length), ext]);
    }),
    split: fn('split', (a) => {
      const p = str(a[0]!);
      const i = p.lastIndexOf('/');
      return new PyTuple(i < 0 ? ['', p] : [p.slice(0, i) || '/', p.slice(i + 1)]);
    }),
    abspath: fn('abspath', (a) => posix.normalize(str(a[0]!))),
    realpath: fn('realpath', (a) => posix.normalize(str(a[0]!))),
    normpath: fn('normpath', (a) => posix.normalize(str(a[0]!))),
    relpath: fn('relpath', (a) => posix.relative(str(a[1] ?? '.'), str(a[0]!)) || '.'),
    expanduser: fn('expanduser', (a) => str(a[0]!)),
    expandvars: fn('expandvars', (a) => str(a[0]!)),
    isabs: fn('isabs', (a) => str(a[0]!).startsWith('/')),
    getsize: fn('getsize', (a) => [...textOf(a[0]!, fs)].length),
    sep: '/',
  });
  const os = new PyNamespace('module os', {
    path: osPath,
    sep: '/',
    linesep: '\n',
    environ: new PyDict(),
    getcwd: fn('getcwd', () => '.'),
    listdir: fn('listdir', (a) => {
      const names = fs.list(str(a[0] ?? '.'));
      if (!names) throw new PyError('FileNotFoundError', `[Errno 2] No such file or directory: '${str(a[0] ?? '.')}'`);
      return new PyList(names.sort());
    }),
    makedirs: fn('makedirs', () => null),
    mkdir: fn('mkdir', () => null),
    cpu_count: fn('cpu_count', () => 1),
    getenv: fn('getenv', (a) => a[1] ?? null),
    walk: fn('walk', (a) => {
      const top = str(a[0]!);
      const out: PyValue[] = [];
      const visit = (d: string) => {
        const names = (fs.list(d) ?? []).sort();
        const dirs = names.filter((n) => fs.stat(`${d}/${n}`) === 'dir');
        out.push(new PyTuple([d, new PyList(dirs), new PyList(names.filter((n) => !dirs.includes(n)))]));
        for (const sub of dirs) visit(`${d}/${sub}`);
      };
      visit(top);
      return new PyList(out);
    }),
  });
  const math = new PyNamespace('module math', {
    ceil: fn('ceil', (a) => Math.ceil(num(a[0] as number))),
    floor: fn('floor', (a) => Math.floor(num(a[0] as number))),
    sqrt: fn('sqrt', (a) => new PyFloat(Math.sqrt(num(a[0] as number)))),
    log: fn('log', (a) => new PyFloat(a[1] === undefined ? Math.log(num(a[0] as number)) : Math.log(num(a[0] as number)) / Math.log(num(a[1] as number)))),
    log2: fn('log2', (a) => new PyFloat(Math.log2(num(a[0] as number)))),
    log10: fn('log10', (a) => new PyFloat(Math.log10(num(a[0] as number)))),
    exp: fn('exp', (a) => new PyFloat(Math.exp(num(a[0] as number)))),
    pow: fn('pow', (a) => new PyFloat(num(a[0] as number) ** num(a[1] as number))),
    fabs: fn('fabs', (a) => new PyFloat(Math.abs(num(a[0] as number)))),
    isnan: fn('isnan', (a) => Number.isNaN(num(a[0] as number))),
    isinf: fn('isinf', (a) => !Number.isFinite(num(a[0] as number)) && !Number.isNaN(num(a[0] as number))),
    pi: new PyFloat(Math.PI),
    e: new PyFloat(Math.E),
    inf: new PyFloat(Infinity),
    nan: new PyFloat(NaN),
  });
  const jsonModule = new PyNamespace('module json', {
    loads: fn('loads', (a) => parseJsonText(str(a[0]!))),
    load: fn('load', (a) => parseJsonText(textOf(a[0]!, fs))),
    dumps: fn('dumps', (a, kw) => JSON.stringify(toJs(a[0]!), null, kw.has('indent') ? Number(kw.get('indent')) : undefined)),
  });
  const yamlLoad = fn('safe_load', (a) => fromJs(parseYaml(typeof a[0] === 'string' ? a[0] : textOf(a[0]!, fs))));
  const yamlModule = new PyNamespace('module yaml', { safe_load: yamlLoad, load: yamlLoad, full_load: yamlLoad, FullLoader: null, SafeLoader: null, Loader: null });
  const globModule = new PyNamespace('module glob', {
    glob: fn('glob', (a, kw) => new PyList(glob(str(a[0]!), fs, truthy(kw.get('recursive') ?? false)))),
    iglob: fn('iglob', (a, kw) => new PyList(glob(str(a[0]!), fs, truthy(kw.get('recursive') ?? false)))),
  });
  const pathlib = new PyNamespace('module pathlib', {
    Path: fn('Path', (a) => new PathObject(a.length === 0 ? '.' : posix.join(...a.map((x) => str(x))), fs)),
    PurePath: fn('PurePath', (a) => new PathObject(posix.join(...a.map((x) => str(x))), fs)),
  });
  const sys = new PyNamespace('module sys', {
    version_info: new PyTuple([3, 11, 0]),
    version: '3.11.0',
    platform: 'linux',
    argv: new PyList(['snakemake']),
    exit: fn('exit', (a) => {
      throw new PyError('SystemExit', a[0] === undefined ? '' : str(a[0]));
    }),
    stderr: new PyNamespace('file', { write: fn('write', () => null), flush: fn('flush', () => null) }),
    stdout: new PyNamespace('file', { write: fn('write', () => null), flush: fn('flush', () => null) }),
    maxsize: Number.MAX_SAFE_INTEGER,
  });
  const collections = new PyNamespace('module collections', {
    OrderedDict: fn('OrderedDict', (a, kw) => {
      const d = a[0] instanceof PyDict ? PyDict.from(a[0].entries.values()) : PyDict.from(a[0] === undefined ? [] : iterate(a[0]).map((p) => iterate(p) as [PyValue, PyValue]));
      for (const [k, v] of kw) d.set(k, v);
      return d;
    }),
    defaultdict: fn('defaultdict', (a) => {
      const d = new PyDict();
      const factory = a[0] ?? null;
      if (factory !== null) d.missing = () => runtime.call(factory, [], new Map());
      return d;
    }),
    Counter: fn('Counter', (a) => {
      const d = new PyDict();
      for (const x of a[0] === undefined ? [] : iterate(a[0])) d.set(x, Number(d.get(x) ?? 0) + 1);
      d.missing = () => 0;
      return d;
    }),
  });
  const product = (lists: PyValue[][]): PyValue[] => {
    let out: PyValue[][] = [[]];
    for (const l of lists) out = out.flatMap((p) => l.map((x) => [...p, x]));
    return out.map((p) => new PyTuple(p));
  };
  const itertools = new PyNamespace('module itertools', {
    product: fn('product', (a, kw) => {
      const lists = a.map((x) => iterate(x));
      const repeat = Number(kw.get('repeat') ?? 1);
      return new PyList(product(Array.from({ length: repeat }, () => lists).flat()));
    }),
    chain: fn('chain', (a) => new PyList(a.flatMap((x) => iterate(x)))),
    combinations: fn('combinations', (a) => {
      const items = iterate(a[0]!);
      const r = Number(a[1]);
      const out: PyValue[] = [];
      const rec = (start: number, acc: PyValue[]) => {
        if (acc.length === r) return void out.push(new PyTuple(acc));
        for (let i = start; i < items.length; i++) rec(i + 1, [...acc, items[i]!]);
      };
      rec(0, []);
      return new PyList(out);
    }),
    permutations: fn('permutations', (a) => {
      const items = iterate(a[0]!);
      const r = a[1] === undefined || a[1] === null ? items.length : Number(a[1]);
      const out: PyValue[] = [];
      const rec = (acc: number[]) => {
        if (acc.length === r) return void out.push(new PyTuple(acc.map((i) => items[i]!)));
        for (let i = 0; i < items.length; i++) if (!acc.includes(i)) rec([...acc, i]);
      };
      rec([]);
      return new PyList(out);
    }),
    repeat: fn('repeat', (a) => new PyList(Array.from({ length: Number(a[1] ?? 1) }, () => a[0]!))),
  });
  const functools = new PyNamespace('module functools', {
    partial: fn('partial', (a, kw) => {
      const [f, ...bound] = a;
      return fn('partial', (more, kw2) => runtime.call(f!, [...bound, ...more], new Map([...kw, ...kw2])));
    }),
    reduce: fn('reduce', (a) => {
      const items = iterate(a[1]!);
      let acc = a[2] !== undefined ? a[2] : items.shift()!;
      for (const x of items) acc = runtime.call(a[0]!, [acc, x], new Map());
      return acc;
    }),
  });
  const csv = new PyNamespace('module csv', {
    DictReader: fn('DictReader', (a, kw) => {
      const df = readTable(textOf(a[0]!, fs), new Map([['sep', kw.get('delimiter') ?? ','], ['dtype', 'str']]), ',');
      return new PyList(df.rows.map((r) => PyDict.from(df.columns.map((c, j) => [c, isNaNValue(r[j]!) ? '' : r[j]!]))));
    }),
    reader: fn('reader', (a, kw) => {
      const text = textOf(a[0]!, fs);
      const sep = str(kw.get('delimiter') ?? ',');
      return new PyList(text.split(/\r?\n/).filter((l) => l !== '').map((l) => new PyList(l.split(sep))));
    }),
  });
  const pd = new PyNamespace('module pandas', {
    read_csv: fn('read_csv', (a, kw) => readTable(textOf(a[0] ?? kw.get('filepath_or_buffer')!, fs), kw, ',')),
    read_table: fn('read_table', (a, kw) => readTable(textOf(a[0] ?? kw.get('filepath_or_buffer')!, fs), kw, '\t')),
    read_excel: fn('read_excel', () => {
      throw new Unsupported('pandas.read_excel (write the sheet as CSV or TSV)');
    }),
    isna: fn('isna', (a) => isna(a[0]!)),
    isnull: fn('isnull', (a) => isna(a[0]!)),
    notna: fn('notna', (a) => {
      const r = isna(a[0]!);
      return typeof r === 'boolean' ? !r : (r as PyObject).invert!();
    }),
    notnull: fn('notnull', (a) => {
      const r = isna(a[0]!);
      return typeof r === 'boolean' ? !r : (r as PyObject).invert!();
    }),
    NA: new PyFloat(NaN),
    NaT: null,
  });
  const warnings = new PyNamespace('module warnings', { warn: fn('warn', () => null), filterwarnings: fn('filterwarnings', () => null) });
  const shutil = new PyNamespace('module shutil', { which: fn('which', () => null) });
  const tempfile = new PyNamespace('module tempfile', { gettempdir: fn('gettempdir', () => '/tmp') });
  const numpy = new PyNamespace('module numpy', { nan: new PyFloat(NaN), isnan: fn('isnan', (a) => Number.isNaN(num(a[0] as number))) });
  return new Map<string, PyValue>([
    ['os', os],
    ['os.path', osPath],
    ['math', math],
    ['json', jsonModule],
    ['yaml', yamlModule],
    ['glob', globModule],
    ['re', reModule()],
    ['pathlib', pathlib],
    ['sys', sys],
    ['collections', collections],
    ['itertools', itertools],
    ['functools', functools],
    ['csv', csv],
    ['pandas', pd],
    ['numpy', numpy],
    ['warnings', warnings],
    ['shutil', shutil],
    ['tempfile', tempfile],
    ['string', new PyNamespace('module string', { ascii_letters: 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ', ascii_uppercase: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', ascii_lowercase: 'abcdefghijklmnopqrstuvwxyz', digits: '0123456789' })],
    ['typing', new PyNamespace('module typing', { List: null, Dict: null, Optional: null, Union: null, Any: null, Tuple: null })],
  ]);
}

function isNaNValue(v: PyValue): boolean {
  return v instanceof PyFloat && Number.isNaN(v.value);
}

function parseJsonText(text: string): PyValue {
  try {
    return fromJs(JSON.parse(text));
  } catch (e) {
    throw new PyError('JSONDecodeError', (e as Error).message);
  }
}

