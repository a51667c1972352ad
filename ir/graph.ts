// Graph helpers over ids: topological order, cycles, and the edges a workflow implies.

import type { Workflow } from './types.js';

export interface Edge {
  from: string;
  to: string;
}

export type TopoResult = { order: string[] } | { cycle: string[] };

/**
 * Topological order in layers: first every node with no predecessor (sorted by id), then every node
 * whose predecessors are all placed, and so on. The order depends only on the graph, never on the
 * order nodes or edges were listed in, which keeps output byte-identical when a source is reordered.
 * On a cycle, returns one cycle as the list of its nodes in edge order.
 */
export function topoOrder(nodes: readonly string[], edges: readonly Edge[]): TopoResult {
  const g = indexGraph(nodes);
  const from: number[] = [];
  const to: number[] = [];
  for (const e of edges) {
    const f = g.index.get(e.from);
    const t = g.index.get(e.to);
    if (f === undefined || t === undefined) continue;
    from.push(f);
    to.push(t);
  }
  return namedOrder(g, layeredOrder(g, Int32Array.from(from), Int32Array.from(to)));
}

/**
 * Nodes by number (graphs of 100,000 jobs cost typed arrays, not maps of arrays), with each node's
 * rank in id order, so that ordering by id is ordering numbers.
 */
interface IndexGraph {
  /** Distinct ids, in first-seen order; a node's number is its position here. */
  ids: string[];
  index: Map<string, number>;
  rank: Int32Array;
  /** Node number by rank. */
  byRank: Int32Array;
}

function indexGraph(nodes: Iterable<string>): IndexGraph {
  const index = new Map<string, number>();
  const ids: string[] = [];
  for (const n of nodes) {
    if (index.has(n)) continue;
    index.set(n, ids.length);
    ids.push(n);
  }
  // Default sort compares UTF-16 code units, as compareIds does, and quickly.
  const sorted = [...ids].sort();
  const rank = new Int32Array(ids.length);
  const byRank = new Int32Array(ids.length);
  for (let r = 0; r < sorted.length; r++) {
    const i = index.get(sorted[r]!)!;
    rank[i] = r;
    byRank[r] = i;
  }
  return { ids, index, rank, byRank };
}

/** Node numbers in layered topological order (see topoOrder): all of them unless there is a cycle. */
function layeredOrder(g: IndexGraph, from: Int32Array, to: Int32Array): { order: Int32Array; succ: (i: number) => number[] } {
  const count = g.ids.length;
  const indeg = new Int32Array(count);
  const start = new Int32Array(count + 1);
  for (let e = 0; e < from.length; e++) {
    start[from[e]! + 1]!++;
    indeg[to[e]!]!++;
  }
  for (let i = 0; i < count; i++) start[i + 1]! += start[i]!;
  const targets = new Int32Array(from.length);
  const fill = start.slice(0, count);
  for (let e = 0; e < from.length; e++) targets[fill[from[e]!]!++] = to[e]!;
  const succ = (i: number) => Array.from(targets.subarray(start[i]!, start[i + 1]!));
  // A layer is ordered by rank, that is by id: typed arrays sort numerically.
  const inIdOrder = (layer: number[]) => Int32Array.from(layer, (i) => g.rank[i]!).sort().map((r) => g.byRank[r]!);
  const order = new Int32Array(count);
  let placed = 0;
  const first: number[] = [];
  for (let i = 0; i < count; i++) if (indeg[i] === 0) first.push(i);
  let layer = inIdOrder(first);
  while (layer.length > 0) {
    order.set(layer, placed);
    placed += layer.length;
    const next: number[] = [];
    for (const i of layer) {
      for (let k = start[i]!; k < start[i + 1]!; k++) {
        const t = targets[k]!;
        if (--indeg[t]! === 0) next.push(t);
      }
    }
    layer = inIdOrder(next);
  }
  return { order: order.subarray(0, placed), succ };
}

function namedOrder(g: IndexGraph, result: { order: Int32Array; succ: (i: number) => number[] }): TopoResult {
  const { order, succ } = result;
  if (order.length === g.ids.length) return { order: Array.from(order, (i) => g.ids[i]!) };
  const placed = new Set(order);
  const rest = g.ids.map((_, i) => i).filter((i) => !placed.has(i));
  const succByName = new Map(rest.map((i) => [g.ids[i]!, succ(i).map((t) => g.ids[t]!)]));
  return { cycle: findCycle(rest.map((i) => g.ids[i]!).sort(compareIds), succByName) };
}

/** Plain code-unit comparison: locale-independent, so output is the same on every machine. */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Finds one cycle among `candidates` (which must contain one), by iterative depth-first search. */
function findCycle(candidates: string[], succ: Map<string, string[]>): string[] {
  const inCandidates = new Set(candidates);
  const state = new Map<string, 'open' | 'done'>();
  for (const start of candidates) {
    if (state.has(start)) continue;
    const path: string[] = [];
    const stack: { node: string; next: number }[] = [{ node: start, next: 0 }];
    state.set(start, 'open');
    path.push(start);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const out = (succ.get(top.node) ?? []).filter((s) => inCandidates.has(s)).sort(compareIds);
      if (top.next >= out.length) {
        state.set(top.node, 'done');
        stack.pop();
        path.pop();
        continue;
      }
      const s = out[top.next++]!;
      const st = state.get(s);
      if (st === 'open') return path.slice(path.indexOf(s));
      if (st === undefined) {
        state.set(s, 'open');
        path.push(s);
        stack.push({ node: s, next: 0 });
      }
    }
  }
  return candidates.slice(0, 1);
}

/** Renders a cycle for messages: `a → b → c → a`. */
export function describeCycle(cycle: readonly string[], name: (id: string) => string = (id) => id): string {
  return [...cycle, cycle[0]!].map(name).join(' → ');
}

/** For every file, the jobs that write it. */
export function fileProducers(wf: Workflow): ReadonlyMap<string, readonly string[]> {
  const f = factsOf(wf);
  return (f.producers ??= computeProducers(wf));
}

function computeProducers(wf: Workflow): Map<string, string[]> {
  const producers = new Map<string, string[]>();
  for (const job of wf.jobs) {
    for (const f of job.outputs) {
      const list = producers.get(f);
      if (list) list.push(job.id);
      else producers.set(f, [job.id]);
    }
  }
  return producers;
}

/**
 * Graph facts derived from a workflow, computed once per workflow object. Workflows are values
 * (passes return new ones rather than changing them), so a cached fact stays true; callers must not
 * change the arrays they get.
 */
interface GraphFacts {
  producers?: Map<string, string[]>;
  jobGraph?: JobGraph;
  jobEdges?: Edge[];
  jobOrder?: TopoResult;
  stepEdges?: Edge[];
}

const facts = new WeakMap<Workflow, GraphFacts>();

function factsOf(wf: Workflow): GraphFacts {
  let f = facts.get(wf);
  if (!f) {
    f = {};
    facts.set(wf, f);
  }
  return f;
}

/**
 * Lets `to` reuse what was derived for `from`. Only for a workflow that differs from `from` in the
 * order of its lists (see canonicalize): the facts above do not depend on that order.
 */
export function shareGraphFacts(from: Workflow, to: Workflow): void {
  facts.set(to, factsOf(from));
}

/** Jobs by number, with the edges between them sorted by (from id, to id) and deduplicated. */
interface JobGraph extends IndexGraph {
  from: Int32Array;
  to: Int32Array;
}

function jobGraph(wf: Workflow): JobGraph {
  const f = factsOf(wf);
  return (f.jobGraph ??= computeJobGraph(wf));
}

function computeJobGraph(wf: Workflow): JobGraph {
  const g = indexGraph(wf.jobs.map((j) => j.id));
  const producers = fileProducers(wf);
  // Each edge as one number, rank(from) * n + rank(to): sorting numbers sorts by ids, and equal
  // neighbours are duplicates.
  const n = g.ids.length;
  const keys: number[] = [];
  for (const job of wf.jobs) {
    const to = g.index.get(job.id)!;
    const toRank = g.rank[to]!;
    for (const file of job.inputs) {
      const ps = producers.get(file);
      if (!ps) continue;
      for (const id of ps) {
        const p = g.index.get(id)!;
        if (p !== to) keys.push(g.rank[p]! * n + toRank);
      }
    }
    for (const a of job.after) {
      const p = g.index.get(a);
      if (p !== undefined && p !== to) keys.push(g.rank[p]! * n + toRank);
    }
  }
  const sorted = Float64Array.from(keys).sort();
  const from: number[] = [];
  const to: number[] = [];
  for (let k = 0; k < sorted.length; k++) {
    if (k > 0 && sorted[k] === sorted[k - 1]) continue;
    const key = sorted[k]!;
    const r = Math.floor(key / n);
    from.push(g.byRank[r]!);
    to.push(g.byRank[key - r * n]!);
  }
  return { ...g, from: Int32Array.from(from), to: Int32Array.from(to) };
}

/**
 * Job-level edges: from the producer of each input file, plus explicit ordering edges (to jobs that
 * exist). Deduplicated and sorted by from, then to.
 */
export function jobEdges(wf: Workflow): readonly Edge[] {
  const f = factsOf(wf);
  if (!f.jobEdges) {
    const g = jobGraph(wf);
    f.jobEdges = Array.from(g.from, (from, k) => ({ from: g.ids[from]!, to: g.ids[g.to[k]!]! }));
  }
  return f.jobEdges;
}

/** Topological order of the jobs (see topoOrder), or a cycle among them. */
export function jobOrder(wf: Workflow): TopoResult {
  const f = factsOf(wf);
  if (!f.jobOrder) {
    const g = jobGraph(wf);
    f.jobOrder = namedOrder(g, layeredOrder(g, g.from, g.to));
  }
  return f.jobOrder;
}

/**
 * Step-level edges: from the abstract data flow (an input port fed by another step's output), and,
 * when the workflow is concrete, from job edges projected onto steps.
 */
export function stepEdges(wf: Workflow): readonly Edge[] {
  const f = factsOf(wf);
  return (f.stepEdges ??= computeStepEdges(wf));
}

function computeStepEdges(wf: Workflow): Edge[] {
  const succ = new Map<string, Set<string>>();
  const add = (from: string, to: string) => {
    if (from === to) return;
    let s = succ.get(from);
    if (!s) succ.set(from, (s = new Set()));
    s.add(to);
  };
  for (const step of wf.steps) {
    for (const port of step.inputs) for (const src of port.from ?? []) if ('step' in src) add(src.step, step.id);
  }
  if (wf.jobs.length > 0) {
    const g = jobGraph(wf);
    const stepOf: string[] = [];
    for (const job of wf.jobs) stepOf[g.index.get(job.id)!] ??= job.step;
    for (let k = 0; k < g.from.length; k++) add(stepOf[g.from[k]!]!, stepOf[g.to[k]!]!);
  }
  const edges: Edge[] = [];
  for (const [from, tos] of succ) for (const to of tos) edges.push({ from, to });
  return edges.sort((a, b) => compareIds(a.from, b.from) || compareIds(a.to, b.to));
}
