// Sketch → IR. Shared by the three notations, so that the same drawing gives the same IR whatever
// editor drew it: ids come from labels, never from the editor's element ids or element order.
//
// Semantics:
// - a box is data (a file), an oval is a task, an arrow is data flow;
// - boxes with the same name are the same data (people redraw a box to avoid long arrows);
// - an arrow from task to task implies data between them, named by the arrow's label if it has one;
// - a fan-out label scatters: on a task, one job per item; on a box, one file per item;
// - fan-outs flow downstream: a task reading scattered data runs once per item (`each`), unless the
//   arrow gathers (`all`, `all N`) or the task's name says it gathers (merge, combine, ...: NAP009).

import { hintOf } from '../../ir/codes.js';
import type { DiagnosticBag } from '../../ir/diagnostics.js';
import { compareIds, describeCycle, topoOrder } from '../../ir/graph.js';
import { sanitize } from '../../ir/ids.js';
import type { Command, Domain, JsonValue, Port, Resources, Span, Step, Workflow } from '../../ir/types.js';
import { parseCpus, parseDuration, parseMemory, type Parsed } from '../../ir/units.js';
import { count } from '../../ir/text.js';
import { createWorkflow } from '../../ir/workflow.js';
import { stemOf } from '../common/names.js';
import type { FrontendOptions, SourceFile } from '../types.js';
import { parseArrowLabel, parseNodeLabel, soundsLikeGather, type ArrowMode, type Fanout, type LabelIssue } from './label.js';
import type { Sketch, SketchNode } from './sketch.js';

interface DataNode {
  id: string;
  name: string;
  fanout?: Fanout;
  file?: string;
  span: Span;
  producers: TaskNode[];
  consumers: { task: TaskNode; mode?: ArrowMode; span: Span }[];
  domains: Set<string>;
  pattern: string;
}

interface TaskNode {
  key: string;
  name: string;
  stepId: string;
  fanout?: Fanout;
  attrs: Record<string, string>;
  span: Span;
  reads: DataNode[];
  writes: DataNode[];
  domains: Set<string>;
}

/** Domain ids appear as `{D}` in patterns: keep them identifiers. */
function domainId(text: string): string {
  const s = sanitize(text, /[A-Za-z0-9_]/);
  return /^[A-Za-z_]/.test(s) ? s : `_${s}`;
}

function dataId(name: string): string {
  return sanitize(name) || 'data';
}

export function lowerSketch(
  sketch: Sketch,
  file: SourceFile,
  format: string,
  options: FrontendOptions,
  bag: DiagnosticBag,
): Workflow | undefined {
  const errorsBefore = bag.items.filter((d) => d.severity === 'error').length;
  const tasks = new Map<string, TaskNode>();
  const dataByKey = new Map<string, DataNode>();
  const dataById = new Map<string, DataNode>();

  // --- nodes ---------------------------------------------------------------------------------------
  for (const node of sketch.nodes) {
    const issues: LabelIssue[] = [];
    const label = parseNodeLabel(node.text, issues);
    reportLabelIssues(issues, node, label.name, bag);
    if (label.name === '') {
      bag.error('NAP005', `${node.shape === 'oval' ? 'a task (oval)' : 'a data box'} has no label`, node.span);
      continue;
    }
    const attrs: Record<string, string> = { ...label.attrs };
    for (const [k, v] of Object.entries(node.attrs)) attrs[k] = String(v);
    if (node.shape === 'oval') {
      const task: TaskNode = { key: node.key, name: label.name, stepId: '', attrs, span: node.span, reads: [], writes: [], domains: new Set() };
      if (label.fanout) task.fanout = label.fanout;
      tasks.set(node.key, task);
      continue;
    }
    for (const key of Object.keys(attrs)) {
      if (key !== 'file') bag.warning('NAP011', `attribute "${key}" applies to tasks, not to data box "${label.name}"`, node.span);
    }
    const data = dataNode(dataById, label.name, node.span);
    if (label.fanout) {
      if (data.fanout && JSON.stringify(data.fanout) !== JSON.stringify(label.fanout)) {
        bag.error('NAP006', `boxes named "${label.name}" disagree on their fan-out`, node.span);
      }
      data.fanout = label.fanout;
    }
    if (attrs.file !== undefined) data.file = attrs.file;
    dataByKey.set(node.key, data);
  }
  if (tasks.size === 0 && bag.items.every((d) => d.code !== 'NAP005')) {
    bag.error('NAP017', 'the sketch has no task (oval)', sketch.nodes[0]?.span ?? { file: file.path, line: 1, column: 1 });
  }

  // --- arrows --------------------------------------------------------------------------------------
  const seenArrows = new Set<string>();
  /** `arrow from "x"` / `arrow to "y"`: an arrow is best named by the end that is attached. */
  const arrowBy = (direction: 'from' | 'to', key: string | undefined) => {
    const name = key === undefined ? undefined : (tasks.get(key)?.name ?? dataByKey.get(key)?.name);
    return name === undefined ? 'arrow' : `arrow ${direction} "${name}"`;
  };
  for (const arrow of sketch.arrows) {
    if (arrow.from.node === undefined) bag.error('NAP002', `${arrowBy('to', arrow.to.node)} starts at ${arrow.from.note ?? 'nothing'}`, arrow.from.span ?? arrow.span);
    if (arrow.to.node === undefined) bag.error('NAP003', `${arrowBy('from', arrow.from.node)} ends at ${arrow.to.note ?? 'nothing'}`, arrow.to.span ?? arrow.span);
    const from = arrow.from.node;
    const to = arrow.to.node;
    if (from === undefined || to === undefined) continue;
    const key = `${from}\u0000${to}\u0000${arrow.text ?? ''}`;
    if (seenArrows.has(key)) continue;
    seenArrows.add(key);
    const mode = arrow.text !== undefined && arrow.text.trim() !== '' ? parseArrowLabel(arrow.text) : undefined;
    const [fromTask, toTask] = [tasks.get(from), tasks.get(to)];
    const [fromData, toData] = [dataByKey.get(from), dataByKey.get(to)];
    if (fromData && toData) {
      bag.error('NAP004', `arrow joins data "${fromData.name}" to data "${toData.name}"`, arrow.span);
    } else if (fromTask && toTask) {
      const name = mode?.kind === 'name' ? mode.name : `${fromTask.name} output`;
      bag.info('NAP015', `arrow from task "${fromTask.name}" to task "${toTask.name}": data "${name}" flows between them`, arrow.span);
      const data = dataNode(dataById, name, arrow.span);
      link(fromTask, data);
      data.consumers.push({ task: toTask, ...(mode && mode.kind !== 'name' ? { mode } : {}), span: arrow.span });
      toTask.reads.push(data);
    } else if (fromTask && toData) {
      if (mode) bag.warning('NAP010', `label "${arrow.text}" on an arrow into data "${toData.name}" has no meaning and is ignored`, arrow.span);
      link(fromTask, toData);
    } else if (fromData && toTask) {
      if (mode?.kind === 'name') bag.warning('NAP010', `arrow label "${mode.name}" not understood; read as unlabelled`, arrow.span);
      fromData.consumers.push({ task: toTask, ...(mode && mode.kind !== 'name' ? { mode } : {}), span: arrow.span });
      toTask.reads.push(fromData);
    }
  }

  for (const data of dataById.values()) {
    if (data.producers.length > 1) {
      const names = data.producers.map((t) => `"${t.name}"`).sort().join(' and ');
      bag.error('NAP007', `data "${data.name}" is written by ${names}`, data.span);
    }
  }
  if (bag.items.filter((d) => d.severity === 'error').length > errorsBefore) return undefined;

  // --- order and cycles ----------------------------------------------------------------------------
  const nodeName = new Map<string, string>();
  const edges: { from: string; to: string }[] = [];
  for (const t of tasks.values()) {
    nodeName.set(`t:${t.key}`, t.name);
    for (const d of t.writes) edges.push({ from: `t:${t.key}`, to: `d:${d.id}` });
    for (const d of t.reads) edges.push({ from: `d:${d.id}`, to: `t:${t.key}` });
  }
  for (const d of dataById.values()) nodeName.set(`d:${d.id}`, d.name);
  const topo = topoOrder([...nodeName.keys()], edges);
  if ('cycle' in topo) {
    const first = topo.cycle[0]!;
    const span = first.startsWith('t:') ? tasks.get(first.slice(2))!.span : dataById.get(first.slice(2))!.span;
    bag.error('NAP008', `the sketch has a cycle: ${describeCycle(topo.cycle, (n) => nodeName.get(n)!)}`, span);
    return undefined;
  }

  // --- domains -------------------------------------------------------------------------------------
  const params: Record<string, JsonValue> = { ...sketch.params };
  const domains = new Map<string, Domain>();
  const domainRank = new Map<string, number>();
  const declare = (fanout: Fanout, owner: string, span: Span): string | undefined => {
    let domain: Domain;
    if (fanout.kind === 'symbol') domain = { id: domainId(fanout.domain), param: domainId(fanout.domain), origin: 'sketch', span };
    else if (fanout.domain !== undefined) {
      const id = domainId(fanout.domain);
      if (!(id in params)) params[id] = fanout.kind === 'count' ? fanout.count : fanout.values;
      domain = { id, param: id, origin: 'sketch', span };
    } else {
      const values = fanout.kind === 'count' ? Array.from({ length: fanout.count }, (_, i) => String(i)) : fanout.values;
      domain = { id: domainId(owner), values, origin: 'sketch', span };
    }
    const existing = domains.get(domain.id);
    if (existing && (existing.param !== domain.param || JSON.stringify(existing.values) !== JSON.stringify(domain.values))) {
      bag.error('NAP006', `two fan-outs are named "${domain.id}" but differ`, span, 'give each fan-out its own name');
      return undefined;
    }
    if (!existing) {
      domains.set(domain.id, domain);
      domainRank.set(domain.id, domainRank.size);
    }
    return domain.id;
  };
  const byRank = (ds: Iterable<string>) => [...ds].sort((a, b) => domainRank.get(a)! - domainRank.get(b)! || compareIds(a, b));

  for (const n of topo.order) {
    if (n.startsWith('d:')) {
      const data = dataById.get(n.slice(2))!;
      for (const p of data.producers) for (const d of p.domains) data.domains.add(d);
      if (data.fanout) {
        const id = declare(data.fanout, data.name, data.span);
        if (id) data.domains.add(id);
      }
      continue;
    }
    const task = tasks.get(n.slice(2))!;
    for (const data of new Set(task.reads)) {
      for (const use of data.consumers.filter((c) => c.task === task)) {
        const gone = gatheredDomains(use.mode, task, data, use.span, bag);
        for (const d of data.domains) if (!gone.has(d)) task.domains.add(d);
      }
    }
    if (task.fanout) {
      const id = declare(task.fanout, task.name, task.span);
      if (id) task.domains.add(id);
    }
  }
  Object.assign(params, options.params);

  // --- steps ---------------------------------------------------------------------------------------
  assignStepIds([...tasks.values()], bag);
  for (const data of dataById.values()) data.pattern = patternOf(data, byRank(data.domains), bag);
  let uncommanded = 0;
  const steps: Step[] = [];
  for (const task of tasks.values()) {
    const many = (d: DataNode) => [...d.domains].some((x) => !task.domains.has(x));
    const reads = [...new Set(task.reads)].sort((a, b) => compareIds(a.id, b.id));
    const writes = [...new Set(task.writes)].sort((a, b) => compareIds(a.id, b.id));
    const inputs: Port[] = reads.map((d) => ({
      name: d.id,
      kind: 'file',
      pattern: d.pattern,
      cardinality: many(d) ? 'many' : 'one',
      from: d.producers[0] ? [{ step: d.producers[0].stepId, port: d.id }] : [{ input: d.id }],
    }));
    const outputs: Port[] = writes.map((d) => ({ name: d.id, kind: 'file', pattern: d.pattern, cardinality: many(d) ? 'many' : 'one' }));
    let command: Command;
    if (task.attrs.cmd !== undefined) command = { kind: 'script', dialect: 'wfc', text: task.attrs.cmd };
    else {
      uncommanded++;
      command = { kind: 'tool', program: task.stepId, args: [...inputs.map((p) => ({ input: p.name })), ...outputs.map((p) => ({ output: p.name }))] };
    }
    const step: Step = {
      id: task.stepId,
      name: task.name,
      command,
      inputs,
      outputs,
      fanout: byRank(task.domains),
      resources: resourcesOf(task, bag),
      environment: task.attrs.container ? { container: { image: task.attrs.container } } : {},
      labels: [],
      span: task.span,
    };
    const retries = task.attrs.retries;
    if (retries !== undefined) {
      if (/^\d+$/.test(retries)) step.retries = Number(retries);
      else bag.error('NAP012', `retries must be a whole number, not "${retries}"`, task.span);
    }
    steps.push(step);
  }
  if (uncommanded > 0) {
    bag.info('NAP016', `${uncommanded} of ${count(tasks.size, 'task')} ${uncommanded === 1 ? 'has' : 'have'} no command: each runs its own name with its files as arguments`);
  }

  const wf = createWorkflow(sketch.name ?? stemOf(file.path), format, [file.path]);
  if (sketch.description) wf.description = sketch.description;
  wf.params = params;
  wf.domains = [...domains.values()];
  wf.steps = steps;
  for (const data of dataById.values()) {
    if (data.producers.length === 0) wf.inputs.push({ id: data.id, name: data.name, kind: 'file', pattern: data.pattern, span: data.span });
    else if (data.consumers.length === 0) wf.outputs.push({ step: data.producers[0]!.stepId, port: data.id });
  }
  return wf;
}

function dataNode(byId: Map<string, DataNode>, name: string, span: Span): DataNode {
  const id = dataId(name);
  let data = byId.get(id);
  if (!data) {
    data = { id, name, span, producers: [], consumers: [], domains: new Set(), pattern: '' };
    byId.set(id, data);
  }
  return data;
}

function link(task: TaskNode, data: DataNode): void {
  if (!data.producers.includes(task)) data.producers.push(task);
  if (!task.writes.includes(data)) task.writes.push(data);
}

function reportLabelIssues(issues: LabelIssue[], node: SketchNode, name: string, bag: DiagnosticBag): void {
  for (const issue of issues) {
    if (issue.kind === 'fanout') bag.error('NAP006', `fan-out label ${issue.text} of "${name}" not understood`, node.span);
    else bag.warning('NAP011', `unknown attribute "${issue.key}" in "${name}"`, node.span);
  }
}

/** The domains of `data` that the arrow into `task` gathers: the task reads all their items at once. */
function gatheredDomains(mode: ArrowMode | undefined, task: TaskNode, data: DataNode, span: Span, bag: DiagnosticBag): Set<string> {
  if (mode?.kind === 'each' || data.domains.size === 0) return new Set();
  if (mode?.kind === 'gather') {
    if (!mode.domains) return new Set(data.domains);
    const ids = mode.domains.map(domainId);
    for (const [i, g] of ids.entries()) {
      if (!data.domains.has(g)) bag.warning('NAP019', `arrow gathers "${mode.domains[i]}", but "${data.name}" is not scattered over it`, span);
    }
    return new Set(ids);
  }
  if (soundsLikeGather(task.name)) {
    bag.info('NAP009', `"${task.name}" reads all items of "${data.name}" at once (its name says it gathers)`, span);
    return new Set(data.domains);
  }
  return new Set();
}

/** Step ids from task names; tasks that share a name are told apart by what they read and write. */
function assignStepIds(tasks: TaskNode[], bag: DiagnosticBag): void {
  const groups = new Map<string, TaskNode[]>();
  for (const t of tasks) {
    const base = sanitize(t.name) || 'task';
    groups.set(base, [...(groups.get(base) ?? []), t]);
  }
  const taken = new Set(groups.keys());
  for (const [base, group] of groups) {
    if (group.length === 1) {
      group[0]!.stepId = base;
      continue;
    }
    bag.warning('NAP014', `${group.length} tasks are named "${group[0]!.name}"; their ids are numbered`, group[0]!.span);
    const signature = (t: TaskNode) => [...t.reads.map((d) => d.id).sort(), '|', ...t.writes.map((d) => d.id).sort()].join(' ');
    group.sort((a, b) => compareIds(signature(a), signature(b)));
    group.forEach((t, i) => {
      if (i === 0) {
        t.stepId = base;
        return;
      }
      let n = i + 1;
      while (taken.has(`${base}_${n}`)) n++;
      t.stepId = `${base}_${n}`;
      taken.add(t.stepId);
    });
  }
}

/**
 * The data's file name pattern: its `file` attribute or its name, with a `{D}` for every domain it
 * is scattered over (added before the extension when the user's pattern leaves one out).
 */
function patternOf(data: DataNode, domains: string[], bag: DiagnosticBag): string {
  let pattern = data.file ?? data.id;
  const used = new Set([...pattern.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1]!));
  for (const u of used) {
    if (!domains.includes(u)) {
      bag.error('NAP012', `file pattern "${pattern}" of "${data.name}" uses {${u}}, which is not a fan-out of this data`, data.span);
    }
  }
  const missing = domains.filter((d) => !used.has(d));
  if (missing.length > 0) {
    const suffix = missing.map((d) => `_{${d}}`).join('');
    const m = /^(.*[^/.])(\.[A-Za-z0-9]{1,8})$/.exec(pattern);
    pattern = m ? `${m[1]}${suffix}${m[2]}` : `${pattern}${suffix}`;
  }
  return pattern;
}

function resourcesOf(task: TaskNode, bag: DiagnosticBag): Resources {
  const r: Resources = {};
  const take = (key: string, parse: (s: string) => Parsed, set: (v: number) => void, code: 'UNIT001' | 'UNIT002' | 'UNIT003') => {
    const raw = task.attrs[key];
    if (raw === undefined) return;
    const parsed = parse(raw);
    if ('error' in parsed) bag.error('NAP012', `${key} of "${task.name}": ${parsed.error}`, task.span, hintOf(code));
    else set(parsed.value);
  };
  take('cpus', (s) => parseCpus(s), (v) => (r.cpus = v), 'UNIT003');
  take('mem', (s) => parseMemory(s), (v) => (r.memoryBytes = v), 'UNIT001');
  take('disk', (s) => parseMemory(s), (v) => (r.diskBytes = v), 'UNIT001');
  take('time', (s) => parseDuration(s), (v) => (r.walltimeSeconds = v), 'UNIT002');
  take(
    'gpus',
    (s) => (/^\d+$/.test(s.trim()) ? { value: Number(s) } : { error: `"${s}" is not a whole number of GPUs` }),
    (v) => (r.gpus = v),
    'UNIT003',
  );
  return r;
}
