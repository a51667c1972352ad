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
  // Default sort compares UTF-16 code units, as compareIds does, and is much faster on big layers.
  let layer = [...indeg].filter(([, d]) => d === 0).map(([n]) => n).sort();
  while (layer.length > 0) {
    for (const n of layer) order.push(n); // not push(...layer): a layer can outgrow the argument limit
    const next: string[] = [];
    for (const n of layer) {
      for (const s of succ.get(n)!) {
        const d = indeg.get(s)! - 1;
        indeg.set(s, d);
        if (d === 0) next.push(s);
      }
    }
    layer = next.sort();
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

/**
 * Graph facts derived from a workflow, computed once per workflow object. Workflows are values
 * (passes return new ones rather than changing them), so a cached fact stays true; callers must not
 * change the arrays they get.
 */
interface GraphFacts {
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

/** Job-level edges: from the producer of each input file, plus explicit ordering edges. Deduplicated and sorted. */
export function jobEdges(wf: Workflow): readonly Edge[] {
  const f = factsOf(wf);
  return (f.jobEdges ??= computeJobEdges(wf));
}

/** Topological order of the jobs (see topoOrder), or a cycle among them. */
export function jobOrder(wf: Workflow): TopoResult {
  const f = factsOf(wf);
  return (f.jobOrder ??= topoOrder(wf.jobs.map((j) => j.id), jobEdges(wf)));
}

function computeJobEdges(wf: Workflow): Edge[] {
  const producers = fileProducers(wf);
  const keys: string[] = [];
  for (const job of wf.jobs) {
    const from = new Set<string>();
    for (const f of job.inputs) for (const p of producers.get(f) ?? []) from.add(p);
    for (const a of job.after) from.add(a);
    from.delete(job.id);
    for (const p of from) keys.push(`${p}\u0000${job.id}`);
  }
  return sortedEdges(keys);
}

/** Edges from `from\0to` keys, sorted by from then to (the separator sorts below every character). */
function sortedEdges(keys: string[]): Edge[] {
  return keys.sort().map((k) => {
    const i = k.indexOf('\u0000');
    return { from: k.slice(0, i), to: k.slice(i + 1) };
  });
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
  const keys = new Set<string>();
  const add = (from: string, to: string) => {
    if (from !== to) keys.add(`${from}\u0000${to}`);
  };
  for (const step of wf.steps) {
    for (const port of step.inputs) for (const src of port.from ?? []) if ('step' in src) add(src.step, step.id);
  }
  if (wf.jobs.length > 0) {
    const stepOf = new Map(wf.jobs.map((j) => [j.id, j.step]));
    for (const e of jobEdges(wf)) add(stepOf.get(e.from)!, stepOf.get(e.to)!);
  }
  return sortedEdges([...keys]);
}
