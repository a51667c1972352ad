// A process definition read from its syntax: directives, input and output declarations, guard,
// and script, by section. Nothing is evaluated here; tasks evaluate them with their own inputs.

import type * as A from './ast.js';
import { GroovyError } from './values.js';

export type InputKind = 'val' | 'path' | 'file' | 'env' | 'stdin' | 'tuple' | 'each';
export type OutputKind = 'val' | 'path' | 'file' | 'env' | 'stdout' | 'eval' | 'tuple';

export interface InputDecl {
  kind: InputKind;
  /** The variable it binds (val x, path x), or undefined for `path 'name.txt'` / `stdin`. */
  name?: string;
  /** For `path 'x.txt'` / `path(x, stageAs: 'y')`: the staging name expression. */
  stageAs?: A.Expr;
  items?: InputDecl[];
  pos: A.Pos;
}

export interface OutputDecl {
  kind: OutputKind;
  expr?: A.Expr;
  items?: OutputDecl[];
  emit?: string;
  topic?: string;
  optional: boolean;
  pos: A.Pos;
}

export interface Directive {
  name: string;
  args: A.Arg[];
  pos: A.Pos;
}

export interface ProcessDef {
  name: string;
  file: string;
  pos: A.Pos;
  directives: Directive[];
  inputs: InputDecl[];
  outputs: OutputDecl[];
  when?: A.Expr;
  /** `script:` (or the implicit script), `shell:` or `exec:` statements. */
  body?: { kind: 'script' | 'shell' | 'exec'; stmts: A.Stmt[] };
}

const SECTIONS = new Set(['input', 'output', 'when', 'script', 'shell', 'exec', 'stub']);

export function readProcess(node: Extract<A.Stmt, { k: 'process' }>, file: string): ProcessDef {
  const def: ProcessDef = { name: node.name, file, pos: node.pos, directives: [], inputs: [], outputs: [] };
  let section = 'directives';
  const scriptStmts: A.Stmt[] = [];
  let scriptKind: 'script' | 'shell' | 'exec' | undefined;
  for (const s of node.body) {
    if (s.k === 'label' && SECTIONS.has(s.name)) {
      section = s.name;
      if (section === 'script' || section === 'shell' || section === 'exec') scriptKind = section;
      continue;
    }
    switch (section) {
      case 'directives':
        if (s.k === 'expr' && s.e.k === 'call' && s.e.callee.k === 'name') def.directives.push({ name: s.e.callee.name, args: s.e.args, pos: s.e.pos });
        else if (s.k === 'expr' && s.e.k === 'name') def.directives.push({ name: s.e.name, args: [], pos: s.e.pos });
        else scriptStmts.push(s); // an implicit script section: statements and the command string
        break;
      case 'input':
        def.inputs.push(inputDecl(expectCall(s), file));
        break;
      case 'output':
        def.outputs.push(outputDecl(expectCall(s)));
        break;
      case 'when':
        if (s.k === 'expr') def.when = s.e;
        break;
      case 'stub':
        break;
      default:
        scriptStmts.push(s);
    }
  }
  if (scriptStmts.length > 0) def.body = { kind: scriptKind ?? 'script', stmts: scriptStmts };
  return def;
}

function expectCall(s: A.Stmt): { callee: string; args: A.Arg[]; pos: A.Pos } {
  if (s.k === 'expr' && s.e.k === 'name') return { callee: s.e.name, args: [], pos: s.e.pos };
  if (s.k === 'expr' && s.e.k === 'call' && s.e.callee.k === 'name') return { callee: s.e.callee.name, args: s.e.args, pos: s.e.pos };
  throw new GroovyError('a declaration here must read like `path x`, `val(x)` or `tuple val(a), path(b)`', s.pos, 'NF002');
}

function asCall(e: A.Expr): { callee: string; args: A.Arg[]; pos: A.Pos } {
  if (e.k === 'call' && e.callee.k === 'name') return { callee: e.callee.name, args: e.args, pos: e.pos };
  if (e.k === 'name') return { callee: e.name, args: [], pos: e.pos };
  throw new GroovyError('expected val(x), path(x), env(X) or stdin inside tuple', e.pos, 'NF002');
}

function inputDecl(c: { callee: string; args: A.Arg[]; pos: A.Pos }, file: string): InputDecl {
  const kind = c.callee as InputKind;
  if (!['val', 'path', 'file', 'env', 'stdin', 'tuple', 'each'].includes(kind)) throw new GroovyError(`unknown input qualifier '${c.callee}'`, c.pos, 'NF002');
  const positional = c.args.filter((a) => a.name === undefined);
  const named = new Map(c.args.filter((a) => a.name !== undefined).map((a) => [a.name!, a.value]));
  if (kind === 'tuple') return { kind, items: positional.map((a) => inputDecl(asCall(a.value), file)), pos: c.pos };
  const decl: InputDecl = { kind, pos: c.pos };
  const first = positional[0]?.value;
  if (kind === 'each' && first && first.k !== 'name') {
    const inner = inputDecl(asCall(first), file);
    return { kind, name: inner.name, ...(inner.stageAs ? { stageAs: inner.stageAs } : {}), items: [inner], pos: c.pos };
  }
  if (first?.k === 'name') decl.name = first.name;
  else if (first) decl.stageAs = first;
  const stageAs = named.get('stageAs') ?? named.get('name');
  if (stageAs) decl.stageAs = stageAs;
  return decl;
}

function outputDecl(c: { callee: string; args: A.Arg[]; pos: A.Pos }): OutputDecl {
  const kind = c.callee as OutputKind;
  if (!['val', 'path', 'file', 'env', 'stdout', 'eval', 'tuple'].includes(kind)) throw new GroovyError(`unknown output qualifier '${c.callee}'`, c.pos, 'NF002');
  const positional = c.args.filter((a) => a.name === undefined);
  const named = new Map(c.args.filter((a) => a.name !== undefined).map((a) => [a.name!, a.value]));
  const word = (e: A.Expr | undefined) => (e?.k === 'name' ? e.name : e?.k === 'lit' ? String(e.v) : undefined);
  const decl: OutputDecl = { kind, optional: named.get('optional')?.k === 'lit' && (named.get('optional') as { v: unknown }).v === true, pos: c.pos };
  const emit = word(named.get('emit'));
  if (emit) decl.emit = emit;
  const topic = word(named.get('topic'));
  if (topic) decl.topic = topic;
  if (kind === 'tuple') decl.items = positional.map((a) => outputDecl(asCall(a.value)));
  else if (positional[0]) decl.expr = positional[0].value;
  return decl;
}

/** The variable names an input declaration binds, for port names. */
export function inputNames(d: InputDecl): string[] {
  if (d.items && d.kind === 'tuple') return d.items.flatMap(inputNames);
  return d.name ? [d.name] : [];
}
