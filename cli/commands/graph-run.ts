// wfc graph: the step or job graph as JSON, Mermaid or DOT.

import { hasErrors } from '../../ir/diagnostics.js';
import { jobEdges, stepEdges, type Edge } from '../../ir/graph.js';
import type { Workflow } from '../../ir/types.js';
import { loadSource, parseSource } from '../compile.js';
import { EXIT, type Io } from '../io.js';
import { checkFrom, frontendOptions } from '../options.js';
import { reporter } from '../report.js';
import type { GraphOptions } from './graph.js';

export interface GraphData {
  nodes: { id: string; name: string }[];
  edges: readonly Edge[];
}

export async function graph(input: string, opts: GraphOptions, io: Io): Promise<number> {
  const diagnostics: Parameters<typeof loadSource>[3] = [];
  const source = loadSource(input, io, checkFrom(opts.from), diagnostics);
  let wf = source && (await parseSource(source, io, frontendOptions(opts, io.cwd), diagnostics));
  if (wf && opts.level === 'jobs') {
    const [{ runPasses }, { expandPass }] = await Promise.all([import('../../passes/pass.js'), import('../../passes/expand.js')]);
    const result = runPasses(wf, [expandPass]);
    diagnostics.push(...result.diagnostics);
    wf = result.value;
  }
  const errors = hasErrors(diagnostics);
  reporter(io, { quiet: true }).diagnostics(errors ? diagnostics : diagnostics.filter((d) => d.severity === 'error'), new Map(source ? [[source.path, source.text]] : []));
  if (!wf || errors) return EXIT.input;
  const data = graphData(wf, opts.level);
  io.stdout(opts.format === 'json' ? `${JSON.stringify(data, null, 2)}\n` : opts.format === 'dot' ? toDot(wf.name, data) : toMermaid(data));
  return EXIT.ok;
}

export function graphData(wf: Workflow, level: 'steps' | 'jobs'): GraphData {
  if (level === 'steps') return { nodes: wf.steps.map((s) => ({ id: s.id, name: s.name })), edges: stepEdges(wf) };
  return { nodes: wf.jobs.map((j) => ({ id: j.id, name: j.name ?? j.id })), edges: jobEdges(wf) };
}

/** Mermaid ids must be plain, so nodes are numbered and named by label. */
export function toMermaid(g: GraphData): string {
  const key = new Map(g.nodes.map((n, i) => [n.id, `n${i}`]));
  const label = (s: string) => `"${s.replace(/"/g, '#quot;')}"`;
  const lines = ['flowchart TD', ...g.nodes.map((n) => `  ${key.get(n.id)}[${label(n.name)}]`), ...g.edges.map((e) => `  ${key.get(e.from)} --> ${key.get(e.to)}`)];
  return `${lines.join('\n')}\n`;
}

export function toDot(name: string, g: GraphData): string {
  const q = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
  const lines = [
    `digraph ${q(name)} {`,
    '  rankdir=TB;',
    ...g.nodes.map((n) => `  ${q(n.id)} [label=${q(n.name)}];`),
    ...g.edges.map((e) => `  ${q(e.from)} -> ${q(e.to)};`),
    '}',
  ];
  return `${lines.join('\n')}\n`;
}
