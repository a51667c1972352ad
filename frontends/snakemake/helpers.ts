// Snakemake's helper functions for Snakefiles: expand, glob_wildcards, temp/protected/directory/...,
// multiext, unpack, and Snakemake 8's lookup and branch.

import * as posix from 'node:path/posix';
import { Flagged, flag, Namedlist } from './objects.js';
import { parsePattern, patternRegex, wildcardNames } from './patterns.js';
import { formatString } from './python/methods.js';
import type { WorkflowFs } from './python/modules.js';
import { eq, getitem, iterate, str, truthy } from './python/ops.js';
import { runtime } from './python/runtime.js';
import { DataFrame } from './python/pandas.js';
import { PyBuiltin, PyDict, PyError, PyFunction, PyList, PyObject, PyTuple, type Kwargs, type PyValue } from './python/values.js';

const fn = (name: string, f: (args: PyValue[], kwargs: Kwargs) => PyValue) => new PyBuiltin(name, f);

/** The values a wildcard takes in expand(): a string is one value, any other iterable many. */
function expandValues(v: PyValue): PyValue[] {
  if (typeof v === 'string' || v instanceof Flagged || typeof v === 'number' || v === null || typeof v === 'boolean') return [v];
  try {
    return iterate(v);
  } catch {
    return [v];
  }
}

/** Marks the `zip` combinator: expand's second positional argument. */
export const ZIP = fn('zip', (a) => new PyList(zipLists(a.map((x) => iterate(x)))));

function zipLists(lists: PyValue[][]): PyValue[] {
  const n = Math.min(...lists.map((l) => l.length));
  return Array.from({ length: lists.length ? n : 0 }, (_, i) => new PyTuple(lists.map((l) => l[i]!)));
}

export function expand(args: PyValue[], kwargs: Kwargs): PyValue {
  if (args.length === 0) throw new PyError('WorkflowError', 'expand() needs at least one file pattern');
  const patterns = args[0] instanceof PyList || args[0] instanceof PyTuple || args[0] instanceof Namedlist ? iterate(args[0]) : [args[0]!];
  const combinator = args[1];
  const allowMissing = truthy(kwargs.get('allow_missing') ?? false);
  const names = [...kwargs.keys()].filter((k) => k !== 'allow_missing');
  const lists = names.map((n) => expandValues(kwargs.get(n)!));
  let combos: PyValue[][];
  if (combinator === undefined || (combinator instanceof PyBuiltin && combinator.name === 'product')) {
    combos = [[]];
    for (const l of lists) combos = combos.flatMap((c) => l.map((v) => [...c, v]));
  } else if (combinator instanceof PyBuiltin && combinator.name === 'zip') {
    combos = zipLists(lists).map((t) => [...(t as PyTuple).items]);
  } else {
    combos = iterate(runtime.call(combinator, lists.map((l) => new PyList(l)), new Map())).map((t) => iterate(t));
  }
  const out: PyValue[] = [];
  for (const p of patterns) {
    const flags = p instanceof Flagged ? p.flags : undefined;
    const text = str(p);
    for (const combo of combos) {
      const values = new Map(names.map((n, i) => [n, str(combo[i]!)] as [string, PyValue]));
      const filled = fillExpandPattern(text, values, allowMissing);
      out.push(flags ? new Flagged(filled, flags) : filled);
    }
  }
  return new PyList(out);
}

/** `str.format` with the wildcard values; `{{x}}` stays `{x}`; missing ones stay when allowed. */
function fillExpandPattern(pattern: string, values: Map<string, PyValue>, allowMissing: boolean): string {
  if (allowMissing) {
    // Keep `{missing}` (and `{missing,constraint}`) for later, fill the others.
    let out = '';
    let i = 0;
    while (i < pattern.length) {
      const ch = pattern[i]!;
      if ((ch === '{' || ch === '}') && pattern[i + 1] === ch) {
        out += ch + ch;
        i += 2;
        continue;
      }
      if (ch === '{') {
        const end = pattern.indexOf('}', i);
        const body = pattern.slice(i + 1, end);
        const name = body.split(',')[0]!.trim();
        out += values.has(name) ? str(values.get(name)!).replace(/\{/g, '{{').replace(/\}/g, '}}') : `{{${body}}}`;
        i = end + 1;
        continue;
      }
      out += ch;
      i++;
    }
    return formatString(out, [], new Map());
  }
  try {
    return formatString(pattern, [], values);
  } catch (e) {
    if (e instanceof PyError && e.type === 'KeyError') throw new PyError('WildcardError', `No values given for wildcard ${e.message}.`);
    throw e;
  }
}

/** `glob_wildcards("data/{sample}.fastq")`: the values each wildcard takes over existing files. */
export function globWildcards(args: PyValue[], kwargs: Kwargs, fs: WorkflowFs): PyValue {
  const pattern = posix.normalize(str(args[0]!));
  const names = wildcardNames(pattern);
  const firstWildcard = parsePattern(pattern).findIndex((p) => p.wildcard !== undefined);
  const staticPrefix = parsePattern(pattern).slice(0, Math.max(0, firstWildcard)).map((p) => p.text).join('');
  const dir = firstWildcard < 0 ? posix.dirname(pattern) : posix.dirname(`${staticPrefix}x`);
  const filesArg = args[1] ?? kwargs.get('files');
  const files = filesArg !== undefined && filesArg !== null ? iterate(filesArg).map((f) => str(f)) : walkAll(dir, fs);
  const re = patternRegex(pattern, new Map());
  const found = new Map(names.map((n) => [n, [] as PyValue[]]));
  for (const f of files) {
    const m = re.exec(posix.normalize(f));
    if (!m) continue;
    for (const n of names) found.get(n)!.push(m.groups![n]!);
  }
  return Namedlist.fromPairs(names.map((n) => [n, [new PyList(found.get(n)!)]]), 'Wildcards');
}

/** Files and directories below `dir`, as os.walk lists them (sorted here, to be deterministic). */
function walkAll(dir: string, fs: WorkflowFs): string[] {
  const out: string[] = [];
  const visit = (d: string) => {
    for (const name of (fs.list(d) ?? []).sort()) {
      const p = d === '.' ? name : `${d}/${name}`;
      out.push(p);
      if (fs.stat(p) === 'dir') visit(p);
    }
  };
  if (fs.stat(dir === '' ? '.' : dir) === 'dir') visit(dir === '' ? '.' : dir);
  return out;
}

/** `multiext("path/prefix", ".a", ".b")`. */
export function multiext(args: PyValue[]): PyValue {
  const prefix = str(args[0]!);
  return new PyList(args.slice(1).map((ext) => new Flagged(prefix + str(ext), new Set(['multiext']))));
}

/** The value of `unpack(f)`: its dict result becomes named inputs. */
export class Unpack extends PyObject {
  readonly typeName = 'unpack';
  constructor(readonly fn: PyValue) {
    super();
  }
}

/** Snakemake 8's `lookup(dpath=..., query=..., within=..., default=...)`. */
export function lookup(kwargs: Kwargs): PyValue {
  const within = kwargs.get('within');
  const dflt = kwargs.get('default');
  const dpath = kwargs.get('dpath');
  if (dpath !== undefined && dpath !== null) {
    let v: PyValue = within ?? null;
    for (const part of str(dpath).split('/')) {
      try {
        v = getitem(v, /^\d+$/.test(part) && v instanceof PyList ? Number(part) : part);
      } catch (e) {
        if (dflt !== undefined) return dflt;
        throw new PyError('LookupError', `lookup(dpath=${JSON.stringify(str(dpath))}): ${(e as Error).message}`);
      }
    }
    return v;
  }
  const query = kwargs.get('query');
  if (query !== undefined && within instanceof DataFrame) {
    // Simple queries only: `col == "value"` joined by `and` / `&`.
    const conds = str(query).split(/\s+(?:and|&)\s+/).map((c) => /^\s*(\w+)\s*==\s*["']?([^"']*)["']?\s*$/.exec(c));
    if (conds.some((c) => c === null)) throw new PyError('NotImplementedError', `lookup(query=...) supports only "col == value" terms, not ${JSON.stringify(str(query))}`);
    const rows = within.rows.filter((r) => conds.every((c) => eq(str(r[within.columns.indexOf(c![1]!)]!), c![2]!)));
    const cols = kwargs.get('cols');
    if (cols !== undefined) {
      const names = cols instanceof PyList ? iterate(cols).map((c) => str(c)) : [str(cols)];
      const values = rows.map((r) => names.map((n) => r[within.columns.indexOf(n)]!));
      if (values.length === 1) return names.length === 1 ? values[0]![0]! : new PyList(values[0]!);
      return new PyList(values.map((v) => (names.length === 1 ? v[0]! : new PyList(v))));
    }
    return new PyList(rows.map((r) => PyDict.from(within.columns.map((c, j) => [c, r[j]!]))));
  }
  throw new PyError('TypeError', 'lookup() needs dpath= or query= with within=');
}

/** Snakemake 8's `branch(condition, then=..., otherwise=...)`; callables are resolved per job. */
export function branch(args: PyValue[], kwargs: Kwargs): PyValue {
  const condition = args[0] ?? kwargs.get('condition') ?? null;
  const then = args[1] ?? kwargs.get('then') ?? null;
  const otherwise = args[2] ?? kwargs.get('otherwise') ?? null;
  const pick = (c: PyValue) => (truthy(c) ? then : otherwise);
  if (condition instanceof PyFunction || condition instanceof PyBuiltin) {
    return fn('branch', (a, kw) => {
      const chosen = pick(runtime.call(condition, a, kw));
      return chosen instanceof PyFunction || chosen instanceof PyBuiltin ? runtime.call(chosen, a, kw) : chosen ?? new PyList();
    });
  }
  return pick(condition) ?? new PyList();
}

export function flagFunction(name: string): PyBuiltin {
  return fn(name, (a) => flag(a[0]!, name));
}
