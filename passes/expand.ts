// expand: domains and patterns → concrete jobs and files.
//
// Needs: the abstract level (steps with fan-outs, ports with patterns, domains with known items or a
// parameter that gives them). Keeps: the steps; adds one job per step and point of its fan-out.
// A workflow that already has jobs (a trace) is left as it is.

import { DiagnosticBag } from '../ir/diagnostics.js';
import { uniqueIds } from '../ir/ids.js';
import { shJoin, shq } from '../ir/shell.js';
import { expander, parseTemplate, type Segment } from '../ir/template.js';
import type { Command, DataKind, FileEntry, Job, JobCommand, JsonValue, Port, Step, Workflow } from '../ir/types.js';
import type { Pass } from './pass.js';

/** Beyond this, a fan-out is almost surely a mistake, and the IR would not fit in memory anyway. */
const MAX_JOBS = 10_000_000;

export const expandPass: Pass = {
  name: 'expand',
  description: 'domains and patterns into concrete jobs and files',
  requires: [],
  provides: ['concrete'],
  run(wf) {
    const bag = new DiagnosticBag();
    if (wf.jobs.length > 0 || wf.steps.length === 0) return { workflow: wf, diagnostics: [] };
    const values = resolveDomains(wf, bag);
    if (bag.hasErrors) return { workflow: wf, diagnostics: bag.items };
    const total = wf.steps.reduce((n, s) => n + s.fanout.reduce((m, d) => m * values.get(d)!.length, 1), 0);
    if (total > MAX_JOBS) {
      bag.error('EXP004', `the fan-outs give ${total.toLocaleString('en-US')} jobs`);
      return { workflow: wf, diagnostics: bag.items };
    }
    const expanded = expandSteps(wf, values, bag);
    return { workflow: bag.hasErrors ? wf : expanded, diagnostics: bag.items };
  },
};

/** The items of every domain a step fans out over or a pattern mentions. */
function resolveDomains(wf: Workflow, bag: DiagnosticBag): Map<string, string[]> {
  const values = new Map<string, string[]>();
  const users = (id: string) =>
    wf.steps.filter((s) => s.fanout.includes(id) || [...s.inputs, ...s.outputs].some((p) => p.pattern?.includes(`{${id}}`)));
  for (const domain of wf.domains) {
    if (domain.values) {
      values.set(domain.id, domain.values);
      continue;
    }
    const used = users(domain.id);
    if (used.length === 0) continue;
    const span = domain.span ?? used[0]!.span;
    const param = domain.param ?? domain.id;
    const raw = wf.params[param];
    if (raw === undefined) {
      const names = used.map((s) => `"${s.name}"`).join(', ');
      bag.error('EXP001', `fan-out "${domain.id}" (used by ${names}) has no size`, span, `give it with --param ${param}=COUNT, or write \`${param} = COUNT\` in the source`);
      continue;
    }
    const items = itemsOf(raw);
    if (!items) bag.error('EXP002', `parameter ${param} = ${JSON.stringify(raw)} cannot size fan-out "${domain.id}"`, span);
    else values.set(domain.id, items);
  }
  return values;
}

/** A count gives items 0..n-1; a list gives its items; a string may be either. */
function itemsOf(raw: JsonValue): string[] | undefined {
  if (typeof raw === 'number') return Number.isInteger(raw) && raw >= 0 ? Array.from({ length: raw }, (_, i) => String(i)) : undefined;
  if (Array.isArray(raw)) {
    const items = raw.map((x) => (typeof x === 'string' || typeof x === 'number' ? String(x) : undefined));
    return items.every((x) => x !== undefined) && new Set(items).size === items.length ? (items as string[]) : undefined;
  }
  if (typeof raw === 'string') {
    if (/^\d+$/.test(raw.trim())) return itemsOf(Number(raw));
    const items = raw.split(',').map((s) => s.trim()).filter((s) => s !== '');
    return items.length > 0 ? itemsOf(items) : undefined;
  }
  return undefined;
}

function expandSteps(wf: Workflow, values: Map<string, string[]>, bag: DiagnosticBag): Workflow {
  const outputPorts = new Map(wf.steps.map((s) => [s.id, new Map(s.outputs.map((p) => [p.name, p]))]));
  const inputItems = new Map(wf.inputs.map((i) => [i.id, i]));
  const domainValues = (d: string) => values.get(d) ?? [];
  const files = new Map<string, FileEntry>();
  const drafts: { rawId: string; job: Omit<Job, 'id'> }[] = [];

  for (const step of wf.steps) {
    const patterns = new Map<Port, (binding: Record<string, string>) => string[]>();
    const patternOf = (port: Port, side: string): Segment[] | undefined => {
      const text = port.pattern ?? sourcePattern(port, outputPorts, inputItems);
      if (text === undefined) {
        bag.error('EXP003', `${side} "${port.name}" of step "${step.name}" has no file pattern`, step.span);
        return undefined;
      }
      const parsed = parseTemplate(text);
      if ('error' in parsed) {
        bag.error('EXP003', `pattern "${text}" of step "${step.name}": ${parsed.error}`, step.span);
        return undefined;
      }
      for (const s of parsed) {
        if ('ref' in s && !values.has(s.ref)) bag.error('EXP003', `pattern "${text}" of step "${step.name}" uses {${s.ref}}, which is no fan-out`, step.span);
      }
      return parsed;
    };
    for (const p of step.inputs) patterns.set(p, expander(patternOf(p, 'input') ?? [], step.fanout, domainValues));
    for (const p of step.outputs) patterns.set(p, expander(patternOf(p, 'output') ?? [], step.fanout, domainValues));
    if (bag.hasErrors) continue;

    for (const binding of points(step.fanout, domainValues)) {
      const filesOf = (ports: Port[]) => {
        const byPort = new Map<string, string[]>();
        for (const p of ports) {
          const names = patterns.get(p)!(binding);
          byPort.set(p.name, names);
          for (const n of names) if (!files.has(n)) files.set(n, { id: n, kind: p.kind as DataKind });
        }
        return byPort;
      };
      const ins = filesOf(step.inputs);
      const outs = filesOf(step.outputs);
      const job: Omit<Job, 'id'> = {
        step: step.id,
        binding,
        inputs: [...new Set([...ins.values()].flat())],
        outputs: [...new Set([...outs.values()].flat())],
        after: [],
      };
      const command = step.command && render(step.command, step, { ins, outs, binding, params: wf.params }, bag);
      if (command) job.command = command;
      const suffix = step.fanout.map((d) => binding[d]!).join('_');
      drafts.push({ rawId: suffix ? `${step.id}_${suffix}` : step.id, job });
    }
  }
  const ids = uniqueIds(drafts.map((d) => d.rawId), /[A-Za-z0-9_.-]/, 'job');
  return {
    ...wf,
    jobs: drafts.map((d) => ({ id: ids.get(d.rawId)!, ...d.job })),
    files: [...files.values()],
  };
}

/** The pattern of the data feeding an input port, when the port has none of its own. */
function sourcePattern(
  port: Port,
  outputPorts: Map<string, Map<string, Port>>,
  inputItems: Map<string, { pattern?: string }>,
): string | undefined {
  for (const src of port.from ?? []) {
    const pattern = 'input' in src ? inputItems.get(src.input)?.pattern : outputPorts.get(src.step)?.get(src.port)?.pattern;
    if (pattern !== undefined) return pattern;
  }
  return undefined;
}

/** Every point of the product of the domains, first domain outermost. */
function points(domains: readonly string[], values: (d: string) => readonly string[]): Record<string, string>[] {
  let out: Record<string, string>[] = [{}];
  for (const d of domains) out = out.flatMap((p) => values(d).map((v) => ({ ...p, [d]: v })));
  return out;
}

interface RenderContext {
  ins: Map<string, string[]>;
  outs: Map<string, string[]>;
  binding: Record<string, string>;
  params: Record<string, JsonValue>;
}

/** A step's command for one job. Tool commands become argument vectors; wfc scripts are filled in. */
function render(command: Command, step: Step, ctx: RenderContext, bag: DiagnosticBag): JobCommand | undefined {
  if (command.kind === 'tool') {
    const argv = [command.program];
    for (const part of command.args) {
      if ('text' in part) argv.push(part.text);
      else if ('input' in part) argv.push(...(ctx.ins.get(part.input) ?? []));
      else if ('output' in part) argv.push(...(ctx.outs.get(part.output) ?? []));
      else if ('domain' in part) argv.push(ctx.binding[part.domain] ?? '');
      else argv.push(paramText(ctx.params[part.param]));
    }
    return { argv };
  }
  if (command.dialect !== 'wfc') {
    bag.error('EXP003', `step "${step.name}" has a ${command.dialect} script that only its frontend can fill in`, step.span);
    return undefined;
  }
  const segments = parseTemplate(command.text);
  if ('error' in segments) {
    bag.error('EXP003', `command of step "${step.name}": ${segments.error}`, step.span, 'write {{ and }} for literal braces');
    return undefined;
  }
  let script = '';
  for (const s of segments) {
    if ('text' in s) {
      script += s.text;
      continue;
    }
    const value = placeholderValue(s.ref, ctx);
    if (value === undefined) {
      bag.error('EXP003', `command of step "${step.name}" uses {${s.ref}}, which is not known`, step.span, 'placeholders: {input}, {input.NAME}, {output}, {output.NAME}, {params.NAME} and fan-out names');
      return undefined;
    }
    script += value;
  }
  return { script };
}

function placeholderValue(ref: string, ctx: RenderContext): string | undefined {
  const [head, ...rest] = ref.split('.');
  const name = rest.join('.');
  if (head === 'input' || head === 'output') {
    const ports = head === 'input' ? ctx.ins : ctx.outs;
    if (name === '') return shJoin([...ports.values()].flat());
    const files = ports.get(name);
    return files && shJoin(files);
  }
  if (head === 'params' && name !== '' && name in ctx.params) return shq(paramText(ctx.params[name]));
  if (rest.length === 0 && ref in ctx.binding) return shq(ctx.binding[ref]!);
  return undefined;
}

function paramText(v: JsonValue | undefined): string {
  if (v === undefined || v === null) return '';
  if (Array.isArray(v)) return v.map(paramText).join(' ');
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}
