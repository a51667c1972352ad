// A process call's tasks, as Nextflow would start them: one per item of its queue channels (times
// each `each` combination), unless `when:` says no. Each task binds its inputs, evaluates its
// directives and script with them, and runs in its own directory with its input files linked in.

import * as posix from 'node:path/posix';
import type * as A from './ast.js';
import { evaluateDirectives } from './directives.js';
import { stripIndent } from './methods.js';
import type { InputDecl, OutputDecl, ProcessDef } from './processes.js';
import type { RunContext } from './run-context.js';
import type { StepRecord, Task } from './step-record.js';
import { BLANK_SEPARATED, Channel, GMap, GObject, NfPath, pathsIn, Scope, str, truthy, type Value } from './values.js';

/** Where tasks run, as Nextflow's `work/`, under a name of wfc's own beside the workflow's files. */
export const WORK_DIR = 'nf-work';

/** Files a task's own directory holds, as the engine sees them: `nf-work/<step>/<n>/<name>`. */
export const taskDir = (stepId: string, index: number) => `${WORK_DIR}/${stepId}/${index + 1}`;

/** The `task` object scripts and directive closures see; directives fill in cpus, memory, ext, …. */
export function taskObject(fqn: string, index: number, attempt = 1): GObject {
  const members = new Map<string, Value>([
    ['attempt', attempt],
    ['process', fqn],
    ['name', `${fqn} (${index + 1})`],
    ['index', index + 1],
    ['exitStatus', null],
    ['hash', '0'],
    ['workDir', new NfPath(WORK_DIR)],
    ['ext', new GMap()],
    ['cpus', 1],
  ]);
  return new GObject('TaskConfig', members, () => null);
}

/** The tasks of a call whose channels' items are all known; `moduleScope` is the process's script's scope. */
export function expandTasks(ctx: RunContext, def: ProcessDef, step: StepRecord, channels: Channel[], moduleScope: Scope): Task[] {
  const queue = channels.filter((c, i) => !c.isValue && def.inputs[i]!.kind !== 'each');
  const count = queue.length === 0 ? (channels.every((c) => c.items!.length > 0) ? 1 : 0) : Math.min(...queue.map((c) => c.items!.length));
  // `each` inputs repeat every task once per item.
  const eachLists = def.inputs.map((d, i) => (d.kind === 'each' ? flattenEach(channels[i]!) : undefined));
  const combos: number[][] = [[]];
  for (const list of eachLists) {
    if (!list) continue;
    const next: number[][] = [];
    for (const c of combos) for (let j = 0; j < list.length; j++) next.push([...c, j]);
    combos.splice(0, combos.length, ...next);
  }
  const tasks: Task[] = [];
  for (let n = 0; n < count; n++) {
    for (const combo of combos) {
      let ci = 0;
      const values = def.inputs.map((d, i) => {
        const ch = channels[i]!;
        if (d.kind === 'each') return eachLists[i]![combo[ci++]!]!;
        return ch.isValue ? ch.items![0]! : ch.items![n]!;
      });
      const task = makeTask(ctx, def, step, tasks.length, values, moduleScope);
      if (task) tasks.push(task);
    }
  }
  return tasks;
}

function makeTask(ctx: RunContext, def: ProcessDef, step: StepRecord, index: number, values: Value[], moduleScope: Scope): Task | undefined {
  const { interp } = ctx;
  const scope = new Scope(moduleScope);
  const inputs: NfPath[] = [];
  const stage: [string, NfPath][] = [];
  def.inputs.forEach((d, i) => bindInput(d, values[i]!, scope, inputs, stage, ctx, def.file));
  const taskObj = taskObject(step.fqn, index);
  const directives = evaluateDirectives(interp, ctx.config, def, step.fqn, step.labels, scope, taskObj, false);
  const retried = evaluateDirectives(interp, ctx.config, def, step.fqn, step.labels, scope, taskObject(step.fqn, index, 2), true);
  scope.declare('task', taskObj);
  if (def.when && !truthy(interp.eval(def.when, scope, def.file))) return undefined;
  let script: string | undefined;
  if (def.body?.kind === 'script' || def.body?.kind === 'shell') {
    const v = def.body.kind === 'shell' ? shellScript(ctx, def.body.stmts, scope, def.file) : interp.exec(def.body.stmts, scope, def.file);
    script = stripIndent(str(v)).replace(/^\n+/, '').replace(/\s+$/, '\n');
  } else if (def.body?.kind === 'exec') {
    ctx.loss(`exec: section of process ${def.name}`, 'is Groovy run inside Nextflow; the step has no command outside it', ctx.span(def.pos, def.file));
  }
  const dir = taskDir(step.id, index);
  const outputs: NfPath[] = [];
  const emitted = def.outputs.map((d) => [outputValue(d, scope, ctx, def.file, dir, `${step.id}#${index}`, outputs)]);
  // The output channels' items travel with the task; the process call reads them back.
  directives.set('__outputs', emitted as unknown as Value);
  const tag = directives.get('tag');
  const t: Task = { index, inputs, outputs, directives, retried };
  if (tag !== undefined && tag !== null) t.tag = str(tag);
  if (script !== undefined) t.script = stageScript(stage, dir) + script;
  return t;
}

/** shell: sections interpolate `!{x}` and leave `$x` to bash. */
function shellScript(ctx: RunContext, stmts: A.Stmt[], scope: Scope, file: string): string {
  const { interp } = ctx;
  const last = stmts[stmts.length - 1];
  interp.exec(stmts.slice(0, -1), scope, file);
  if (!last || last.k !== 'expr' || (last.e.k !== 'lit' && last.e.k !== 'gstr')) return str(last ? interp.exec([last], scope, file) : null);
  const raw = last.e.k === 'lit' ? String(last.e.v) : last.e.raw;
  return raw.replace(/!\{([^}]*)\}/g, (_, expr: string) => {
    const path = expr.trim().split('.');
    let v: Value = interp.lookup(path[0]!, scope, last.pos);
    for (const p of path.slice(1)) v = interp.property(v, p, last.pos);
    return str(v);
  });
}

function flattenEach(ch: Channel): Value[] {
  const items = ch.items ?? [];
  if (ch.isValue) return Array.isArray(items[0]) ? (items[0] as Value[]) : items;
  return items;
}

/** Binds an input declaration to a task's value; files are staged into the task directory by name. */
function bindInput(d: InputDecl, value: Value, scope: Scope, inputs: NfPath[], stage: [string, NfPath][], ctx: RunContext, file: string): void {
  if (d.kind === 'tuple') {
    const parts = Array.isArray(value) ? value : [value];
    d.items!.forEach((item, i) => bindInput(item, parts[i] ?? null, scope, inputs, stage, ctx, file));
    return;
  }
  if (d.kind === 'each' && d.items?.[0]) return bindInput(d.items[0], value, scope, inputs, stage, ctx, file);
  if (d.kind === 'path' || d.kind === 'file') {
    const files = pathsIn(value).length > 0 ? pathsIn(value) : value === null ? [] : [new NfPath(str(value))];
    inputs.push(...files);
    let names = files.map((f) => f.name);
    if (d.stageAs) {
      const pattern = str(ctx.interp.eval(d.stageAs, scope, file));
      names = files.map((f, i) => (pattern.includes('*') || pattern.includes('?') ? pattern.replace(/\*|\?/, files.length > 1 ? String(i + 1) : f.name) : pattern));
    }
    files.forEach((f, i) => stage.push([names[i]!, f]));
    const staged = files.map((f, i) => new NfPath(names[i]!, f.producer, f.glob));
    BLANK_SEPARATED.add(staged);
    if (d.name) scope.declare(d.name, Array.isArray(value) || staged.length !== 1 ? staged : staged[0]!);
    return;
  }
  if (d.name) scope.declare(d.name, value);
}

/** Links a task's input files into its directory under the names the script uses, then runs there. */
function stageScript(stage: [string, NfPath][], dir: string): string {
  const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const up = dir.split('/').map(() => '..').join('/');
  const lines = [`mkdir -p ${q(dir)} && cd ${q(dir)}`];
  for (const [name, f] of stage) {
    const target = f.path.startsWith('/') ? f.path : `${up}/${f.path}`;
    // A glob output of another task: its files keep their own names; bash expands the glob.
    if (f.glob) lines.push(`ln -sfn ${q(posix.dirname(target))}/${f.name.replace(/[^*?[\]{},\w.-]/g, '\\$&')} .`);
    else lines.push(`ln -sfn ${q(target)} ${q(name)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** An output declaration's value for one task: its files named inside the task's directory. */
function outputValue(d: OutputDecl, scope: Scope, ctx: RunContext, file: string, dir: string, producer: string, files: NfPath[]): Value {
  switch (d.kind) {
    case 'tuple':
      return d.items!.map((x) => outputValue(x, scope, ctx, file, dir, producer, files));
    case 'val':
      return d.expr ? ctx.interp.eval(d.expr, scope, file) : null;
    case 'path':
    case 'file': {
      const name = d.expr ? str(ctx.interp.eval(d.expr, scope, file)) : 'output';
      const names = name.split(/\s+/).filter((x) => x !== '');
      const paths = names.map((n) => new NfPath(`${dir}/${n}`, producer, /[*?[{]/.test(n)));
      files.push(...paths);
      return paths.length === 1 ? paths[0]! : paths;
    }
    case 'env':
    case 'eval':
    case 'stdout':
      return `<${d.kind} of ${producer}>`;
  }
}
