// Nextflow text → syntax tree and diagnostics. Newlines end statements except where Groovy
// continues them (inside brackets, after an operator, before `.method`); each top-level
// declaration is parsed on its own, so one bad line costs one declaration, not the file.

import type { IToken, TokenType } from 'chevrotain';
import type { DiagnosticBag } from '../../ir/diagnostics.js';
import { LineIndex } from '../common/text.js';
import type * as A from './ast.js';
import { GroovyParser, unescapeGroovy } from './grammar.js';
import { groovyLexer, Ident, KW, Newline, OP, Unterminated } from './tokens.js';
import { scanInterpolation } from './tokens.js';

let shared: GroovyParser | undefined;

/** chevrotain builds its lookahead tables once per parser: share one. */
function sharedParser(): GroovyParser {
  shared ??= new GroovyParser();
  return shared;
}

/** A newline after these continues the statement. */
const CONTINUE_AFTER = new Set<TokenType>([
  OP.Comma, OP.LParen, OP.LBracket, OP.LBrace, OP.Arrow, OP.Assign, OP.PlusAssign, OP.MinusAssign, OP.StarAssign, OP.ElvisAssign, OP.OrAssign, OP.AndAssign,
  OP.Question, OP.Colon, OP.Elvis, OP.And, OP.Or, OP.Pipe, OP.Amp, OP.Plus, OP.Minus, OP.Star, OP.Slash, OP.Percent, OP.Pow,
  OP.Eq, OP.Ne, OP.Lt, OP.Gt, OP.Le, OP.Ge, OP.Find, OP.Match, OP.Spaceship, OP.Dot, OP.SafeDot, OP.SpreadDot, OP.MethodRef,
  OP.Range, OP.RangeExcl, OP.Shl, OP.Bang, OP.Tilde, OP.Caret, KW.in, KW.instanceof,
]);
/** A newline before these continues the statement. */
const CONTINUE_BEFORE = new Set<TokenType>([
  OP.Dot, OP.SafeDot, OP.SpreadDot, OP.MethodRef, OP.Elvis, OP.Question, OP.Colon, OP.Pipe, OP.Or, OP.And, OP.RParen, OP.RBracket, OP.RBrace, KW.else, KW.catch, KW.finally,
]);

/** Keeps the newlines that end statements and drops the others. */
export function layout(tokens: IToken[]): IToken[] {
  const out: IToken[] = [];
  const stack: TokenType[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const type = t.tokenType;
    if (type === Newline) {
      const top = stack[stack.length - 1];
      if (top === OP.LParen || top === OP.LBracket) continue;
      const prev = out[out.length - 1];
      if (!prev || prev.tokenType === Newline || CONTINUE_AFTER.has(prev.tokenType)) continue;
      let j = i + 1;
      while (j < tokens.length && tokens[j]!.tokenType === Newline) j++;
      const next = tokens[j];
      if (next && CONTINUE_BEFORE.has(next.tokenType)) continue;
      out.push(t);
      continue;
    }
    if (type === OP.LParen || type === OP.LBracket || type === OP.LBrace) stack.push(type);
    else if (type === OP.RParen || type === OP.RBracket || type === OP.RBrace) stack.pop();
    out.push(t);
  }
  return out;
}

/** Words that start a top-level declaration when they open a line: a chunk boundary even when braces do not balance. */
const DECLARATION_WORDS = new Set(['process', 'workflow', 'include', 'params', 'output']);

function topLevelChunks(tokens: IToken[]): IToken[][] {
  const chunks: IToken[][] = [];
  let current: IToken[] = [];
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const type = t.tokenType;
    const startsLine = i === 0 || tokens[i - 1]!.tokenType === Newline;
    if (depth > 0 && startsLine && t.startColumn === 1 && (type === KW.def || (type === Ident && DECLARATION_WORDS.has(t.image)))) {
      // A declaration at the start of a line while braces are open: the one before lacks a `}`.
      chunks.push(current);
      current = [];
      depth = 0;
    }
    if (type === Newline || type === OP.Semicolon) {
      if (depth === 0) {
        if (current.length > 0) chunks.push(current);
        current = [];
        continue;
      }
    } else if (type === OP.LParen || type === OP.LBracket || type === OP.LBrace) depth++;
    else if (type === OP.RParen || type === OP.RBracket || type === OP.RBrace) depth = Math.max(0, depth - 1);
    current.push(t);
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

export interface ParseProblem {
  message: string;
  offset: number;
  length: number;
  hint: string;
}

export class ParseError extends Error {
  constructor(
    message: string,
    readonly pos: A.Pos,
  ) {
    super(message);
  }
}

function describe(t: IToken): string {
  if (t.tokenType === Newline) return 'end of line';
  if (t.tokenType.name === 'EOF') return 'end of file';
  return `'${t.image.length > 30 ? `${t.image.slice(0, 30)}...` : t.image}'`;
}

const TOKEN_WORDS: Record<string, string> = { RBrace: "'}'", LBrace: "'{'", RParen: "')'", LParen: "'('", RBracket: "']'", Colon: "':'", Ident: 'a name', Assign: "'='", Arrow: "'->'" };

/** Parses a whole file. Declarations with syntax errors are left out and reported. */
export function parseNextflow(path: string, text: string, bag: DiagnosticBag): A.Script {
  const lines = new LineIndex(text, path);
  const lexed = groovyLexer.tokenize(text);
  const problems: ParseProblem[] = [];
  for (const e of lexed.errors) problems.push({ message: `unexpected character ${JSON.stringify(text.substr(e.offset, 1))}`, offset: e.offset, length: 1, hint: 'remove the character, or quote it in a string' });
  const tokens = lexed.tokens.filter((t) => {
    if (t.tokenType !== Unterminated) return true;
    problems.push({ message: 'string is not terminated', offset: t.startOffset, length: t.image.length, hint: 'close the string with the quotes it opens with' });
    return false;
  });
  const p = sharedParser();
  const body: A.Stmt[] = [];
  for (const chunk of topLevelChunks(layout(tokens))) {
    p.input = chunk;
    let stmts: A.Stmt[] = [];
    try {
      stmts = p.statements();
    } catch (e) {
      const token = (e as { token?: IToken }).token;
      if (!token) throw e;
      problems.push({ message: (e as Error).message, offset: token.startOffset, length: token.image.length, hint: 'compare with the Nextflow language reference at this point' });
      continue;
    }
    if (p.errors.length > 0) {
      const err = p.errors[0]!;
      const at = err.token.tokenType.name === 'EOF' ? chunk[chunk.length - 1]! : err.token;
      const expected = /Expecting[^:]*?token of type --> (\w+) <--/.exec(err.message)?.[1];
      const message = expected ? `expected ${TOKEN_WORDS[expected] ?? expected}, found ${describe(at)}` : `unexpected ${describe(at)}`;
      const offset = err.token.tokenType.name === 'EOF' ? at.startOffset + at.image.length : at.startOffset;
      problems.push({ message, offset, length: Math.max(1, err.token.tokenType.name === 'EOF' ? 1 : at.image.length), hint: hintFor(chunk) });
      continue;
    }
    body.push(...stmts);
  }
  for (const pr of problems) bag.error('NF001', `syntax error: ${pr.message}`, lines.span(pr.offset, pr.length), pr.hint);
  return { path, body };
}

function hintFor(chunk: IToken[]): string {
  const first = chunk[0];
  if (first?.image === 'process') return 'the process is left out; check its directives and sections (input:, output:, script:)';
  if (first?.image === 'workflow') return 'the workflow is left out; check its take:, main:, emit: sections';
  return 'the statement is left out; compare with the Nextflow language reference at this point';
}

/** Parses one expression (an interpolation inside a string), positioned at `offset` of `text`. */
export function parseExpressionAt(source: string, lines: LineIndex, offset: number): A.Expr {
  const lexed = groovyLexer.tokenize(source);
  const at = lines.position(offset);
  if (lexed.errors.length > 0) throw new ParseError('bad expression in string interpolation', { ...at, offset });
  const shifted = lexed.tokens
    .filter((t) => t.tokenType !== Newline)
    .map((t) => {
      const where = lines.position(offset + t.startOffset);
      return { ...t, startOffset: offset + t.startOffset, startLine: where.line, startColumn: where.column };
    });
  const p = sharedParser();
  p.input = shifted;
  const e = p.expression();
  if (p.errors.length > 0 || shifted.length === 0) throw new ParseError(`bad expression in string interpolation: ${p.errors[0]?.message.split('\n')[0] ?? 'empty'}`, { ...at, offset });
  return e;
}

/**
 * The parts of an interpolating string: text and `${expr}` / `$name.path` expressions. `lines`
 * indexes the whole file (for positions); `start` is the offset of the string's first character
 * inside its quotes.
 */
export function gstringParts(raw: string, quote: string, start: number, lines: LineIndex): (string | A.Expr)[] {
  const parts: (string | A.Expr)[] = [];
  let literal = '';
  const flush = () => {
    if (literal !== '') parts.push(quote === '/' ? literal.replace(/\\\//g, '/') : unescapeGroovy(literal));
    literal = '';
  };
  let i = 0;
  while (i < raw.length) {
    const c = raw[i]!;
    if (c === '\\' && quote !== '/') {
      literal += raw.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (c === '$' && raw[i + 1] === '{') {
      const end = scanInterpolation(raw, i + 2);
      if (end < 0) throw new ParseError('unterminated ${ in string', posAt(lines, start + i));
      flush();
      parts.push(parseExpressionAt(raw.slice(i + 2, end - 1), lines, start + i + 2));
      i = end;
      continue;
    }
    if (c === '$' && /[A-Za-z_]/.test(raw[i + 1] ?? '')) {
      const m = /^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*/.exec(raw.slice(i + 1))!;
      flush();
      const names = m[0].split('.');
      const p = posAt(lines, start + i);
      let e: A.Expr = { k: 'name', name: names[0]!, pos: p };
      for (const n of names.slice(1)) e = { k: 'prop', obj: e, name: n, pos: p };
      parts.push(e);
      i += 1 + m[0].length;
      continue;
    }
    literal += c;
    i++;
  }
  flush();
  return parts;
}

function posAt(lines: LineIndex, offset: number): A.Pos {
  return { ...lines.position(offset), offset };
}
