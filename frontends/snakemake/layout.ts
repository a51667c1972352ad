// From raw tokens to logical lines: NEWLINE, INDENT and DEDENT as Python's tokenizer makes them
// (no line breaks inside brackets), plus Snakemake's rule: the arguments of a directive such as
// `input:` form one region, however many lines they span, as if they were inside parentheses.

import type { IToken } from 'chevrotain';
import { createTokenInstance } from '../common/chevrotain.js';
import { Dedent, Indent, Name, Newline, OP, RawNewline } from './tokens.js';

/** Directives whose body is arguments (not statements), inside rule, checkpoint and `use rule ... with:` blocks. */
export const RULE_DIRECTIVES = new Set([
  'input', 'output', 'params', 'log', 'benchmark', 'threads', 'resources', 'priority', 'message', 'shell',
  'script', 'wrapper', 'notebook', 'conda', 'container', 'singularity', 'envmodules', 'group', 'cache',
  'retries', 'localrule', 'default_target', 'handover', 'name', 'wildcard_constraints', 'shadow', 'version',
  'cwl', 'template_engine',
]);
/** Directives of a `module NAME:` block. */
export const MODULE_DIRECTIVES = new Set(['snakefile', 'config', 'skip_validation', 'meta_wrapper', 'replace_prefix', 'prefix']);
/** Directives allowed at the top level (or inside Python blocks there). */
export const GLOBAL_DIRECTIVES = new Set([
  'include', 'configfile', 'localrules', 'ruleorder', 'wildcard_constraints', 'container', 'containerized',
  'singularity', 'envvars', 'workdir', 'report', 'pepfile', 'pepschema', 'scattergather', 'conda', 'resource_scopes',
  'storage',
]);

type BlockKind = 'python' | 'rule' | 'module';

export interface LayoutError {
  message: string;
  token: IToken;
}

/** Column width of leading white space, with tabs to the next multiple of 8 as Python counts them. */
function indentationAt(text: string, lineStart: number): number {
  let width = 0;
  for (let i = lineStart; i < text.length; i++) {
    const ch = text[i];
    if (ch === ' ') width++;
    else if (ch === '\t') width = (Math.floor(width / 8) + 1) * 8;
    else if (ch === '\f') width = 0;
    else break;
  }
  return width;
}

function synth(type: typeof Newline, at: IToken): IToken {
  return createTokenInstance(type, '', at.startOffset, at.startOffset, at.startLine ?? 1, at.startLine ?? 1, at.startColumn ?? 1, at.startColumn ?? 1);
}

/** A NEWLINE just after the last token of a line, where an error about the line's end belongs. */
function endOfLine(last: IToken): IToken {
  const offset = (last.endOffset ?? last.startOffset) + 1;
  const line = last.endLine ?? last.startLine ?? 1;
  const column = (last.endColumn ?? last.startColumn ?? 1) + 1;
  return createTokenInstance(Newline, '', offset, offset, line, line, column, column);
}

/** Splits raw tokens into physical lines (a raw newline inside brackets does not end a line). */
function logicalLines(tokens: IToken[]): IToken[][] {
  const lines: IToken[][] = [];
  let current: IToken[] = [];
  let depth = 0;
  for (const t of tokens) {
    if (t.tokenType === RawNewline) {
      if (depth > 0) continue;
      if (current.length > 0) lines.push(current);
      current = [];
      continue;
    }
    if (t.tokenType === OP.LParen || t.tokenType === OP.LBracket || t.tokenType === OP.LBrace) depth++;
    else if (t.tokenType === OP.RParen || t.tokenType === OP.RBracket || t.tokenType === OP.RBrace) depth = Math.max(0, depth - 1);
    current.push(t);
  }
  if (current.length > 0) lines.push(current);
  return lines;
}

function lineStartOffset(text: string, offset: number): number {
  const nl = Math.max(text.lastIndexOf('\n', offset - 1), text.lastIndexOf('\r', offset - 1));
  return nl + 1;
}

const isName = (t: IToken | undefined, word?: string) => t !== undefined && t.tokenType === Name && (word === undefined || t.image === word);
const isColon = (t: IToken | undefined) => t !== undefined && t.tokenType === OP.Colon;

/** What block a line ending in `:` opens. */
function blockOpenedBy(line: IToken[], inKind: BlockKind): BlockKind {
  const [a, b] = line;
  if (isName(a, 'rule') || isName(a, 'checkpoint')) return 'rule';
  if (isName(a, 'use') && isName(b, 'rule')) return 'rule';
  if (isName(a, 'module') && isName(b)) return 'module';
  if (inKind === 'rule' && isName(a, 'run')) return 'python';
  return 'python';
}

/** Whether the line starts a directive whose arguments form a region. */
function startsArgumentRegion(line: IToken[], kind: BlockKind): boolean {
  const [a, b] = line;
  if (!isName(a) || !isColon(b)) return false;
  if (kind === 'rule') return RULE_DIRECTIVES.has(a!.image);
  if (kind === 'module') return MODULE_DIRECTIVES.has(a!.image);
  return GLOBAL_DIRECTIVES.has(a!.image);
}

export function layout(tokens: IToken[], text: string): { tokens: IToken[]; errors: LayoutError[] } {
  const lines = logicalLines(tokens);
  const out: IToken[] = [];
  const errors: LayoutError[] = [];
  const stack: { width: number; kind: BlockKind }[] = [{ width: 0, kind: 'python' }];
  let pendingKind: BlockKind | undefined;
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    const first = line[0]!;
    const width = indentationAt(text, lineStartOffset(text, first.startOffset));
    const top = stack[stack.length - 1]!;
    if (width > top.width) {
      if (pendingKind === undefined) errors.push({ message: 'unexpected indent', token: first });
      stack.push({ width, kind: pendingKind ?? top.kind });
      out.push(synth(Indent, first));
    } else {
      if (pendingKind !== undefined) errors.push({ message: 'expected an indented block', token: first });
      while (width < stack[stack.length - 1]!.width) {
        stack.pop();
        out.push(synth(Dedent, first));
      }
      if (width !== stack[stack.length - 1]!.width) {
        errors.push({ message: 'unindent does not match any outer indentation level', token: first });
        stack.push({ width, kind: stack[stack.length - 1]!.kind });
      }
    }
    pendingKind = undefined;
    const kind = stack[stack.length - 1]!.kind;
    if (startsArgumentRegion(line, kind)) {
      // The directive and every following line indented deeper than it: one logical line.
      out.push(...line);
      i++;
      while (i < lines.length) {
        const next = lines[i]!;
        const w = indentationAt(text, lineStartOffset(text, next[0]!.startOffset));
        if (w <= width) break;
        out.push(...next);
        i++;
      }
      out.push(endOfLine(out[out.length - 1]!));
      continue;
    }
    out.push(...line);
    out.push(endOfLine(line[line.length - 1]!));
    if (isColon(line[line.length - 1])) pendingKind = blockOpenedBy(line, kind);
    i++;
  }
  const last = out[out.length - 1];
  if (pendingKind !== undefined && last) errors.push({ message: 'expected an indented block', token: last });
  while (stack.length > 1) {
    stack.pop();
    if (last) out.push(synth(Dedent, last));
  }
  return { tokens: out, errors };
}
