// Snakefile text → syntax tree and diagnostics. Each top-level statement is parsed on its own, so
// one bad line costs one statement, not the file.

import type { IToken } from 'chevrotain';
import type { DiagnosticBag } from '../../ir/diagnostics.js';
import { LineIndex } from '../common/text.js';
import type * as A from './ast.js';
import { AstBuilder, AstError } from './cst-to-ast.js';
import { SnakefileParser } from './grammar.js';
import { layout } from './layout.js';
import { Dedent, Indent, KW, Newline, OP, pythonLexer, UnterminatedString } from './tokens.js';

let parser: SnakefileParser | undefined;

/** chevrotain builds its lookahead tables once per parser: share one. */
function sharedParser(): SnakefileParser {
  parser ??= new SnakefileParser();
  return parser;
}

const CONTINUES_STATEMENT = new Set([KW.else, KW.elif, KW.except, KW.finally]);

/** Cuts the laid-out tokens into top-level statements. */
function topLevelStatements(tokens: IToken[]): IToken[][] {
  const chunks: IToken[][] = [];
  let current: IToken[] = [];
  let depth = 0;
  let decorated = false;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (current.length === 0) decorated = t.tokenType === OP.At;
    current.push(t);
    if (t.tokenType === Indent) depth++;
    else if (t.tokenType === Dedent) depth--;
    if (depth !== 0 || (t.tokenType !== Newline && t.tokenType !== Dedent)) continue;
    const next = tokens[i + 1];
    if (next && (next.tokenType === Indent || next.tokenType === Dedent || CONTINUES_STATEMENT.has(next.tokenType))) continue;
    if (decorated && next && next.tokenType !== OP.At && t.tokenType === Newline && current.filter((x) => x.tokenType === Newline).length === 1) {
      // `@decorator NEWLINE def ...`: the definition belongs to this statement.
      decorated = false;
      continue;
    }
    chunks.push(current);
    current = [];
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** Readable names for tokens in "expected ..." messages. */
function describeToken(t: IToken): string {
  if (t.tokenType === Newline) return 'end of line';
  if (t.tokenType === Indent) return 'an indented block';
  if (t.tokenType === Dedent) return 'end of block';
  if (t.tokenType.name === 'EOF') return 'end of file';
  return `'${t.image}'`;
}

export function parseSnakefile(path: string, text: string, bag: DiagnosticBag): A.Module {
  const lines = new LineIndex(text, path);
  const spanAt = (offset: number, length = 1) => lines.span(offset, length);
  const lexed = pythonLexer.tokenize(text);
  for (const e of lexed.errors) bag.error('SMK001', `syntax error: unexpected character ${JSON.stringify(text.substr(e.offset, e.length))}`, spanAt(e.offset, e.length), 'remove or quote the character');
  const unterminated = lexed.tokens.filter((t) => t.tokenType === UnterminatedString);
  for (const t of unterminated) bag.error('SMK001', 'syntax error: string literal is not terminated', spanAt(t.startOffset), 'close the string with the same quotes it opens with');
  if (unterminated.length > 0) return { body: [] };
  const laid = layout(lexed.tokens, text);
  for (const e of laid.errors) bag.error('SMK002', `indentation error: ${e.message}`, spanAt(e.token.startOffset), 'indent blocks consistently, as in Python');

  const p = sharedParser();
  const parseField = (source: string, offset: number): A.Expr => {
    const sub = pythonLexer.tokenize(source);
    if (sub.errors.length > 0) throw new AstError('f-string: invalid expression', lines.position(offset) as A.Pos);
    const shifted = sub.tokens.map((t) => {
      const at = lines.position(offset + t.startOffset);
      return { ...t, startOffset: offset + t.startOffset, startLine: at.line, startColumn: at.column };
    });
    p.input = shifted;
    const cst = p.testlist();
    if (p.errors.length > 0) throw new AstError(`f-string: ${p.errors[0]!.message}`, { ...lines.position(offset), offset });
    return builder.testlist(cst);
  };
  const builder = new AstBuilder(parseField);

  const body: A.Stmt[] = [];
  for (const chunk of topLevelStatements(laid.tokens)) {
    if (chunk.every((t) => t.tokenType === Newline || t.tokenType === Dedent)) continue;
    p.input = chunk;
    const cst = p.statement();
    if (p.errors.length > 0) {
      const err = p.errors[0]!;
      const at = err.token.tokenType.name === 'EOF' ? chunk[chunk.length - 1]! : err.token;
      const expected = /Expecting[^:]*?token of type --> (\w+) <--/.exec(err.message)?.[1];
      const message = expected
        ? `syntax error: expected ${expected === 'Colon' ? "':'" : expected === 'RParen' ? "')'" : expected === 'NEWLINE' ? 'end of line' : expected}, found ${describeToken(at)}`
        : `syntax error: unexpected ${describeToken(at)}`;
      bag.error('SMK001', message, spanAt(at.startOffset, Math.max(1, at.image.length)), 'compare with the Snakemake and Python grammar at this point');
      continue;
    }
    try {
      body.push(...builder.statement(cst));
    } catch (e) {
      if (!(e instanceof AstError)) throw e;
      bag.error('SMK001', `syntax error: ${e.message}`, { file: path, line: e.pos.line, column: e.pos.column });
    }
  }
  return { body };
}
