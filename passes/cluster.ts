// cluster: many short jobs run as fewer units, without changing what depends on what.
//
// Needs: concrete jobs. Keeps: every job, file and edge; only adds `clusters`, which backends run
// as one unit (Pegasus clustered jobs, Slurm array tasks). `--cluster size=N` puts the jobs of one
// step at one level of the graph into clusters of N; `--cluster count=N` into N clusters; jobs at
// one level have no path between them, so such clusters cannot form a cycle. `--cluster label`
// groups connected jobs whose steps share a `group:NAME` label (Snakemake's `group:`); a group that
// would have a path leaving it and coming back is left unclustered (CLU001).

import { DiagnosticBag } from '../ir/diagnostics.js';
import { compareIds, jobEdges, jobOrder, topoOrder } from '../ir/graph.js';
import { uniqueIds } from '../ir/ids.js';
import type { Cluster, Workflow } from '../ir/types.js';
import type { ClusterSpec } from './context.js';
import type { Pass } from './pass.js';

export const clusterPass: Pass = {
  name: 'cluster',
  description: 'jobs of one step and level into clusters (--cluster size=N|count=N), or by group label (--cluster label)',
  requires: ['concrete'],
  provides: ['clusters'],
  keepsGraph: true,
  run(wf, ctx) {
    const spec = ctx?.cluster;
    if (!spec) return { workflow: wf, diagnostics: [], changes: ['nothing to do: no --cluster given'] };
    const bag = new DiagnosticBag();
    const order = jobOrder(wf);
    if (!('order' in order)) return { workflow: wf, diagnostics: [] }; // lint reports the cycle
    const groups = spec.by === 'label' ? labelGroups(wf, order.order, bag) : levelGroups(wf, order.order, spec);
    const ids = uniqueIds(groups.map((g) => g.name), /[A-Za-z0-9_.-]/, 'cluster');
    const clusters: Cluster[] = groups.map((g): Cluster => ({ id: ids.get(g.name)!, kind: spec.by === 'label' ? 'label' : 'horizontal', jobs: g.jobs })).sort((a, b) => compareIds(a.id, b.id));
    const out: Workflow = { ...wf, clusters };
    if (clusters.length === 0) delete out.clusters;
    const members = clusters.reduce((n, c) => n + c.jobs.length, 0);
    return {
      workflow: out,
      diagnostics: bag.items,
      changes: [`${members} of ${wf.jobs.length} jobs into ${clusters.length} clusters (${wf.jobs.length - members + clusters.length} units to run)`],
    };
  },
};

interface Group {
  name: string;
  jobs: string[];
}

/** Longest path from a job with no predecessor: 0, 1, 2, ... */
function levels(wf: Workflow, order: readonly string[]): Map<string, number> {
  const preds = new Map<string, string[]>();
  for (const e of jobEdges(wf)) {
    const list = preds.get(e.to);
    if (list) list.push(e.from);
    else preds.set(e.to, [e.from]);
  }
  const level = new Map<string, number>();
  for (const id of order) {
    let l = 0;
    for (const p of preds.get(id) ?? []) l = Math.max(l, level.get(p)! + 1);
    level.set(id, l);
  }
  return level;
}

function levelGroups(wf: Workflow, order: readonly string[], spec: Extract<ClusterSpec, { by: 'size' | 'count' }>): Group[] {
  const level = levels(wf, order);
  const stepOf = new Map(wf.jobs.map((j) => [j.id, j.step]));
  const byKey = new Map<string, { step: string; level: number; jobs: string[] }>();
  for (const id of order) {
    const step = stepOf.get(id)!;
    const key = `${step}\u0000${level.get(id)}`;
    let g = byKey.get(key);
    if (!g) byKey.set(key, (g = { step, level: level.get(id)!, jobs: [] }));
    g.jobs.push(id);
  }
  const groups: Group[] = [];
  for (const g of byKey.values()) {
    const size = spec.by === 'size' ? spec.size : Math.ceil(g.jobs.length / spec.count);
    if (size < 2 || g.jobs.length < 2) continue;
    for (let i = 0, k = 0; i < g.jobs.length; i += size, k++) {
      const jobs = g.jobs.slice(i, i + size);
      if (jobs.length > 1) groups.push({ name: `${g.step}_l${g.level}_${k}`, jobs });
    }
  }
  return groups;
}

/** Connected jobs of steps labelled `group:NAME`, minus groups that would close a cycle. */
function labelGroups(wf: Workflow, order: readonly string[], bag: DiagnosticBag): Group[] {
  const groupOfStep = new Map<string, string>();
  for (const s of wf.steps) {
    const label = s.labels.find((l) => l.startsWith('group:'));
    if (label) groupOfStep.set(s.id, label.slice('group:'.length));
  }
  const groupOf = new Map<string, string>();
  for (const j of wf.jobs) {
    const g = groupOfStep.get(j.step);
    if (g !== undefined) groupOf.set(j.id, g);
  }
  // Union-find over edges inside one group.
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r)!;
    parent.set(x, r);
    return r;
  };
  for (const id of groupOf.keys()) parent.set(id, id);
  for (const e of jobEdges(wf)) {
    const g = groupOf.get(e.from);
    if (g !== undefined && g === groupOf.get(e.to)) parent.set(find(e.to), find(e.from));
  }
  const components = new Map<string, string[]>();
  for (const id of order) {
    if (!groupOf.has(id)) continue;
    const root = find(id);
    const list = components.get(root);
    if (list) list.push(id);
    else components.set(root, [id]);
  }
  const counter = new Map<string, number>();
  let groups: Group[] = [];
  for (const jobs of components.values()) {
    if (jobs.length < 2) continue;
    const g = groupOf.get(jobs[0]!)!;
    const k = counter.get(g) ?? 0;
    counter.set(g, k + 1);
    groups.push({ name: `${g}_${k}`, jobs });
  }
  // Contract every group to one node; while the contracted graph has a cycle, drop a group on it.
  for (;;) {
    const unit = new Map<string, string>();
    for (const g of groups) for (const j of g.jobs) unit.set(j, `\u0000${g.name}`);
    const edges = jobEdges(wf)
      .map((e) => ({ from: unit.get(e.from) ?? e.from, to: unit.get(e.to) ?? e.to }))
      .filter((e) => e.from !== e.to);
    const topo = topoOrder([...new Set([...wf.jobs.map((j) => unit.get(j.id) ?? j.id)])], edges);
    if ('order' in topo) return groups;
    const broken = groups.find((g) => topo.cycle.includes(`\u0000${g.name}`))!;
    bag.warning('CLU001', `group "${groupOf.get(broken.jobs[0]!)}": its jobs ${broken.jobs.slice(0, 3).join(', ')}${broken.jobs.length > 3 ? ', ...' : ''} depend on each other through jobs outside it; they run apart`);
    groups = groups.filter((g) => g !== broken);
  }
}
