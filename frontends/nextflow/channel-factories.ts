// Channel.of, fromPath, fromFilePairs, topic and the rest: the channels a pipeline starts from.
// Paths are matched against the files there are now; factories that watch or query services give
// channels whose items only the run knows.

import * as posix from 'node:path/posix';
import type * as A from './ast.js';
import { globRegex, listGlob } from './glob.js';
import type { RunContext } from './run-context.js';
import type { Topics } from './topics.js';
import { Channel, GMap, NativeFn, NfPath, str, type Value } from './values.js';

export function channelFactories(ctx: RunContext, topics: Topics): Map<string, Value> {
  const f = new Map<string, Value>();
  const add = (name: string, impl: (args: Value[], named: GMap | undefined, pos: A.Pos) => Value) => f.set(name, new NativeFn(name, impl));
  add('of', (args) => Channel.of(args));
  add('value', (args) => Channel.of(args.length === 0 ? [] : [args[0]!], [], true));
  add('fromList', (args) => Channel.of(Array.isArray(args[0]) ? args[0] : []));
  add('from', (args) => Channel.of(args.length === 1 && Array.isArray(args[0]) ? args[0] : args));
  add('empty', () => Channel.of([]));
  add('fromPath', (args, named, pos) => fromPath(ctx, args[0] ?? null, named, pos, false));
  add('fromFilePairs', (args, named, pos) => fromPath(ctx, args[0] ?? null, named, pos, true));
  add('topic', (args) => topics.channel(str(args[0] ?? null)));
  for (const name of ['watchPath', 'fromSRA', 'fromLineage', 'interval']) add(name, (args) => Channel.unknown([], `Channel.${name}(${args.map(str).join(', ')}) is known only during the run`));
  return f;
}

/** fromPath: one item a matching file; fromFilePairs (`pairs`): [key, files] grouped by what the stars matched. */
function fromPath(ctx: RunContext, pattern: Value, named: GMap | undefined, pos: A.Pos, pairs: boolean): Channel {
  if (pattern === null) return Channel.unknown([], 'its input path is a param that is not given');
  const patterns = Array.isArray(pattern) ? pattern.map(str) : [str(pattern)];
  const items: Value[] = [];
  for (const p of patterns) {
    const matches = /[*?[{]/.test(p) ? listGlob(p, ctx.files.globHost(), named?.get('hidden') === true) : ctx.files.stat(p) ? [p] : [];
    if (matches.length === 0) {
      ctx.bag.warning('NF009', `no file matches ${p}`, ctx.span(pos, ctx.currentFile), 'check the path and the params that build it');
      continue;
    }
    if (!pairs) {
      items.push(...matches.map((m) => new NfPath(m)));
      continue;
    }
    const re = globRegex(posix.basename(p), true);
    const groups = new Map<string, NfPath[]>();
    for (const m of matches) {
      const hit = re.exec(posix.basename(m));
      const key = hit ? hit.slice(1).filter((x) => x !== undefined).join('') || posix.basename(m) : posix.basename(m);
      const list = groups.get(key) ?? [];
      list.push(new NfPath(m));
      groups.set(key, list);
    }
    const size = Number(named?.get('size') ?? 2);
    for (const [key, files] of [...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      if (size < 0 || files.length === size) items.push([key, files.sort((a, b) => (a.path < b.path ? -1 : 1))]);
    }
  }
  return Channel.of(items);
}
