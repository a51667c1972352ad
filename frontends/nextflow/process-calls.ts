// Calling a process: the call becomes a step with one port per input and output declaration, fed by
// the channels it is given. Its tasks are made when every channel's items are known; otherwise the
// step stays symbolic and says why. The call gives back one output channel per declaration.

import type { PortSource } from '../../ir/types.js';
import { sanitize } from '../../ir/ids.js';
import type * as A from './ast.js';
import { asChannel } from './channels.js';
import { evaluateDirectives, labelsOf } from './directives.js';
import { inputNames, type InputDecl, type OutputDecl, type ProcessDef } from './processes.js';
import type { RunContext } from './run-context.js';
import type { StepRecord } from './step-record.js';
import { expandTasks, taskObject } from './tasks.js';
import type { Topics } from './topics.js';
import { Channel, GObject, Scope, type Value } from './values.js';

/** A call's value (`x = PROC(...)`) and what `PROC.out` shows afterwards. */
export interface CallResult {
  result: Value;
  out: Value;
}

export class ProcessCalls {
  private readonly usedIds = new Set<string>();

  constructor(
    private readonly ctx: RunContext,
    private readonly topics: Topics,
    /** The scope of the script that declares a process: its tasks see that script's names. */
    private readonly moduleScopeOf: (def: ProcessDef) => Scope,
    private readonly steps: StepRecord[],
    private readonly published: PortSource[],
  ) {}

  call(def: ProcessDef, fqn: string, args: Value[], pos: A.Pos): CallResult {
    const { ctx } = this;
    if (args.length !== def.inputs.length) ctx.interp.fail(`process ${fqn} declares ${def.inputs.length} input(s) but is called with ${args.length}`, pos, 'NF005');
    const id = this.stepId(fqn);
    const channels = args.map(asChannel);
    const labels = labelsOf(def);
    const step: StepRecord = {
      id,
      fqn,
      def,
      labels,
      inputs: def.inputs.map((d, i) => ({ name: portName(inputNames(d), i, 'in'), kind: inputKind(d), sources: [...channels[i]!.sources], many: false })),
      outputs: def.outputs.map((d, i) => {
        const pattern = outputPattern(d);
        return { name: d.emit ?? `out${i}`, kind: outputKind(d), ...(pattern !== undefined ? { pattern } : {}), sources: [], many: pattern !== undefined && /[*?[{]/.test(pattern) };
      }),
      directives: new Map(),
      retried: new Map(),
      published: false,
      span: ctx.span(def.pos, def.file)!,
    };
    this.steps.push(step);
    const stepScope = new Scope(this.moduleScopeOf(def));
    step.directives = evaluateDirectives(ctx.interp, ctx.config, def, fqn, labels, stepScope, taskObject(fqn, 0), true);
    step.retried = evaluateDirectives(ctx.interp, ctx.config, def, fqn, labels, stepScope, taskObject(fqn, 0, 2), true);
    step.published = step.directives.has('publishDir') && step.directives.get('publishDir') !== null;
    const allValue = channels.every((c) => c.isValue);
    const unknown = channels.find((c) => c.items === undefined);
    if (unknown) {
      step.unknownBecause = unknown.unknownBecause ?? 'its inputs depend on the run';
    } else {
      step.tasks = expandTasks(ctx, def, step, channels, this.moduleScopeOf(def));
    }
    if (step.published) this.published.push(...step.outputs.filter((o) => o.kind === 'file').map((o) => ({ step: id, port: o.name })));
    // Output channels: one per declaration, fed by this step's port.
    const outs = def.outputs.map((d, i) => {
      const port = step.outputs[i]!;
      const sources: PortSource[] = [{ step: id, port: port.name }];
      const items = step.tasks === undefined ? undefined : step.tasks.flatMap((t) => (t.directives.get('__outputs') as Value[][] | undefined)?.[i] ?? []);
      const ch = items === undefined ? Channel.unknown(sources, step.unknownBecause ?? 'it depends on the run', allValue) : new Channel(sources, items, allValue);
      if (d.topic) this.topics.feed(d.topic, sources, items);
      return ch;
    });
    const out = new GObject('ProcessOutput', new Map());
    outs.forEach((ch, i) => {
      out.members.set(String(i), ch);
      const emit = def.outputs[i]!.emit;
      if (emit) out.members.set(emit, ch);
    });
    return { result: outs.length === 1 ? outs[0]! : outs.length === 0 ? null : out, out: outs.length === 1 && !def.outputs[0]!.emit ? outs[0]! : out };
  }

  /** A step id from the call's qualified name, unique in the run. */
  private stepId(fqn: string): string {
    const base = sanitize(fqn, /[A-Za-z0-9_-]/);
    let id = base;
    for (let i = 2; this.usedIds.has(id); i++) id = `${base}_${i}`;
    this.usedIds.add(id);
    return id;
  }
}

function portName(names: string[], i: number, prefix: string): string {
  return names.length > 0 ? names.join('_') : `${prefix}${i}`;
}

function inputKind(d: InputDecl): 'file' | 'value' {
  if (d.kind === 'path' || d.kind === 'file') return 'file';
  if (d.items) return d.items.some((x) => inputKind(x) === 'file') ? 'file' : 'value';
  return 'value';
}

function outputKind(d: OutputDecl): 'file' | 'value' {
  if (d.kind === 'path' || d.kind === 'file') return 'file';
  if (d.items) return d.items.some((x) => outputKind(x) === 'file') ? 'file' : 'value';
  return 'value';
}

function outputPattern(d: OutputDecl): string | undefined {
  const paths = d.kind === 'tuple' ? (d.items ?? []).filter((x) => x.kind === 'path' || x.kind === 'file') : d.kind === 'path' || d.kind === 'file' ? [d] : [];
  const text = paths.map((p) => (p.expr?.k === 'lit' ? String(p.expr.v) : p.expr?.k === 'gstr' ? p.expr.raw : p.expr?.k === 'name' ? `$${p.expr.name}` : '')).filter((x) => x !== '');
  return text.length > 0 ? text.join(' ') : undefined;
}
