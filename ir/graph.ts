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
  const succ = new Map<string, string[]>();
  const indeg = new Map<string, number>();
  for (const n of nodes) {
    succ.set(n, []);
    indeg.set(n, 0);
  }
  for (const { from, to } of edges) {
    if (!succ.has(from) || !indeg.has(to)) continue;
    succ.get(from)!.push(to);
    indeg.set(to, indeg.get(to)! + 1);
  }
  const order: string[] = [];
  let layer = [...indeg].filter(([, d]) => d === 0).map(([n]) => n).sort(compareIds);
  while (layer.length > 0) {
    order.push(...layer);
    const next: string[] = [];
    for (const n of layer) {
      for (const s of succ.get(n)!) {
        const d = indeg.get(s)! - 1;
        indeg.set(s, d);
        if (d === 0) next.push(s);
      }
    }
    layer = next.sort(compareIds);
  }
  if (order.length === indeg.size) return { order };
  const placed = new Set(order);
  return { cycle: findCycle([...indeg.keys()].filter((n) => !placed.has(n)).sort(compareIds), succ) };
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
export function fileProducers(wf: Workflow): Map<string, string[]> {
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

const jobEdgeCache = new WeakMap<Workflow, Edge[]>();

/**
 * Job-level edges: from the producer of each input file, plus explicit ordering edges. Deduplicated
 * and sorted. Workflows are values (passes return new ones), so the edges are computed once per
 * workflow object; callers must not change the array.
 */
export function jobEdges(wf: Workflow): readonly Edge[] {
  let edges = jobEdgeCache.get(wf);
  if (!edges) {
    edges = computeJobEdges(wf);
    jobEdgeCache.set(wf, edges);
  }
  return edges;
}

function computeJobEdges(wf: Workflow): Edge[] {
  const producers = fileProducers(wf);
  const edges: Edge[] = [];
  for (const job of wf.jobs) {
    const from = new Set<string>();
    for (const f of job.inputs) for (const p of producers.get(f) ?? []) from.add(p);
    for (const a of job.after) from.add(a);
    from.delete(job.id);
    for (const p of from) edges.push({ from: p, to: job.id });
  }
  return edges.sort((x, y) => compareIds(x.from, y.from) || compareIds(x.to, y.to));
}

/**
 * Step-level edges: from the abstract data flow (an input port fed by another step's output), and,
 * when the workflow is concrete, from job edges projected onto steps.
 */
export function stepEdges(wf: Workflow): Edge[] {
  const seen = new Set<string>();
  const edges: Edge[] = [];
  const add = (from: string, to: string) => {
    const key = `${from}\u0000${to}`;
    if (from === to || seen.has(key)) return;
    seen.add(key);
    edges.push({ from, to });
  };
  for (const step of wf.steps) {
    for (const port of step.inputs) for (const src of port.from ?? []) if ('step' in src) add(src.step, step.id);
  }
  if (wf.jobs.length > 0) {
    const stepOf = new Map(wf.jobs.map((j) => [j.id, j.step]));
    for (const e of jobEdges(wf)) add(stepOf.get(e.from)!, stepOf.get(e.to)!);
  }
  return edges.sort((x, y) => compareIds(x.from, y.from) || compareIds(x.to, y.to));
}
