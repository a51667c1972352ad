// The little language of sketch labels.
//
//   make_tiles (N)          a task scattered over domain N
//   simulate (10)           ... over 10 items
//   sample (a, b, c)        ... over the named items
//   sample (S = a, b, c)    ... over domain S, whose items are a parameter (overridable)
//   cmd: tile.py {input} {output}     attribute lines after the name
//
// Arrow labels: `each` (map, the default), `all` / `gather` / `collect` / `*` (gather every domain),
// `all N` or `gather N, M` (gather only those).

export type Fanout =
  | { kind: 'symbol'; domain: string }
  | { kind: 'count'; count: number; domain?: string }
  | { kind: 'list'; values: string[]; domain?: string };

export interface NodeLabel {
  name: string;
  fanout?: Fanout;
  attrs: Record<string, string>;
}

export type LabelIssue = { kind: 'fanout'; text: string } | { kind: 'attribute'; key: string };

export const ATTRIBUTE_KEYS: Record<string, string> = {
  cmd: 'cmd', command: 'cmd',
  cpus: 'cpus', cpu: 'cpus', threads: 'cpus', cores: 'cpus',
  mem: 'mem', memory: 'mem',
  time: 'time', walltime: 'time', runtime: 'time',
  disk: 'disk',
  gpus: 'gpus', gpu: 'gpus',
  container: 'container', image: 'container',
  file: 'file', path: 'file',
  retries: 'retries',
};

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
const ITEM = /^[A-Za-z0-9_.+-]+$/;
const ATTRIBUTE_LINE = /^\s*([A-Za-z_][\w-]*)\s*[:=]\s*(.*?)\s*$/;

export function parseNodeLabel(text: string, issues: LabelIssue[]): NodeLabel {
  const nameParts: string[] = [];
  const attrs: Record<string, string> = {};
  // Editors wrap long labels with real newlines; lines that are not attributes belong to the name.
  for (const line of text.split(/\r?\n/)) {
    const m = ATTRIBUTE_LINE.exec(line);
    if (m && nameParts.length > 0) {
      const key = ATTRIBUTE_KEYS[m[1]!.toLowerCase()];
      if (key) attrs[key] = m[2]!;
      else issues.push({ kind: 'attribute', key: m[1]! });
      continue;
    }
    if (line.trim() !== '') nameParts.push(line.trim());
  }
  const full = nameParts.join(' ').replace(/\s+/g, ' ');
  const group = /^(.*?)\s*\(([^()]*)\)$/.exec(full);
  if (!group) return { name: full, attrs };
  const fanout = parseFanout(group[2]!.trim());
  if (!fanout) {
    issues.push({ kind: 'fanout', text: `(${group[2]})` });
    return { name: group[1]!, attrs };
  }
  return { name: group[1]!, fanout, attrs };
}

export function parseFanout(inner: string): Fanout | undefined {
  const named = /^([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.+)$/.exec(inner);
  if (named) {
    const rest = parseFanout(named[2]!.trim());
    if (!rest) return undefined;
    if (rest.kind === 'symbol') return { kind: 'list', values: [rest.domain], domain: named[1]! };
    return { ...rest, domain: named[1]! };
  }
  if (/^\d+$/.test(inner)) {
    const count = Number(inner);
    return count > 0 ? { kind: 'count', count } : undefined;
  }
  if (IDENT.test(inner)) return { kind: 'symbol', domain: inner };
  const items = inner.split(/\s*,\s*|\s+/).filter((s) => s !== '');
  if (items.length >= 2 && items.every((s) => ITEM.test(s)) && new Set(items).size === items.length) {
    return { kind: 'list', values: items };
  }
  return undefined;
}

export type ArrowMode = { kind: 'each' } | { kind: 'gather'; domains?: string[] } | { kind: 'name'; name: string };

const GATHER_WORDS = /^(all|gather|collect|\*)(?:\s+(.+))?$/i;

/** An arrow label is a mode, or (between two tasks) the name of the data that flows. */
export function parseArrowLabel(text: string): ArrowMode {
  const t = text.trim().replace(/\s+/g, ' ');
  if (/^(each|map|per item)$/i.test(t)) return { kind: 'each' };
  const g = GATHER_WORDS.exec(t);
  if (g) {
    if (!g[2]) return { kind: 'gather' };
    const domains = g[2].split(/\s*,\s*|\s+/).filter((s) => s !== '');
    if (domains.every((d) => IDENT.test(d))) return { kind: 'gather', domains };
  }
  return { kind: 'name', name: t };
}

/**
 * Task names that usually mean "take all items at once". Used only for unlabelled arrows, and said
 * out loud as a NAP009 note so that the user can override it with an arrow label.
 */
const GATHERING_VERBS = new Set([
  'merge', 'combine', 'gather', 'reduce', 'collect', 'join', 'concat', 'concatenate', 'aggregate',
  'summarize', 'summarise', 'summary', 'assemble', 'stitch', 'mosaic', 'union', 'collate', 'pool',
]);

export function soundsLikeGather(taskName: string): boolean {
  return taskName
    .toLowerCase()
    .split(/[^a-z]+/)
    .some((w) => GATHERING_VERBS.has(w));
}
