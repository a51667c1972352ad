// Tokens of Groovy as Nextflow scripts and configs write it. Nextflow's own words (process,
// workflow, include, input, emit, ...) stay names: the grammar recognises them by position.

import type { CustomPatternMatcherFunc, TokenType } from 'chevrotain';
import { createToken, Lexer } from '../common/chevrotain.js';

/**
 * Categories, so that the grammar consumes "any binary operator" or "any word" with one token type
 * instead of choosing among dozens (which keeps chevrotain's start-up analysis short).
 */
export const Word = createToken({ name: 'Word', pattern: Lexer.NA });
export const BinaryOp = createToken({ name: 'BinaryOp', pattern: Lexer.NA });

export const Ident = createToken({ name: 'Ident', pattern: /[A-Za-z_$\u00C0-\uFFFF][\w$\u00C0-\uFFFF]*/, categories: [Word] });

const BINARY_KEYWORDS = new Set(['in', 'instanceof', 'as']);
const keyword = (word: string) => createToken({ name: `Kw_${word}`, pattern: new RegExp(`${word}(?![\\w$])`), longer_alt: Ident, categories: BINARY_KEYWORDS.has(word) ? [Word, BinaryOp] : [Word] });

export const KW = {
  def: keyword('def'),
  if: keyword('if'),
  else: keyword('else'),
  for: keyword('for'),
  while: keyword('while'),
  return: keyword('return'),
  in: keyword('in'),
  instanceof: keyword('instanceof'),
  as: keyword('as'),
  new: keyword('new'),
  true: keyword('true'),
  false: keyword('false'),
  null: keyword('null'),
  try: keyword('try'),
  catch: keyword('catch'),
  finally: keyword('finally'),
  throw: keyword('throw'),
  assert: keyword('assert'),
  import: keyword('import'),
  break: keyword('break'),
  continue: keyword('continue'),
};

/** Scans a string opened by `quote` at `start`; returns the offset after its end, or -1. */
function scanQuoted(text: string, start: number, quote: string, interpolates: boolean): number {
  let i = start + quote.length;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (text.startsWith(quote, i)) return i + quote.length;
    if (quote.length === 1 && (c === '\n' || c === '\r')) return -1;
    if (interpolates && c === '$' && text[i + 1] === '{') {
      const end = scanInterpolation(text, i + 2);
      if (end < 0) return -1;
      i = end;
      continue;
    }
    i++;
  }
  return -1;
}

/** From just after `${` to just after its matching `}`, skipping strings inside. */
export function scanInterpolation(text: string, from: number): number {
  let depth = 1;
  let i = from;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '{') depth++;
    else if (c === '}') {
      depth--;
      if (depth === 0) return i + 1;
    } else if (c === '"' || c === "'") {
      const q = text.startsWith(c.repeat(3), i) ? c.repeat(3) : c;
      const end = scanQuoted(text, i, q, c === '"');
      if (end < 0) return -1;
      i = end;
      continue;
    }
    i++;
  }
  return -1;
}

const quoted =
  (quote: string, interpolates: boolean): CustomPatternMatcherFunc =>
  (text, offset) => {
    if (!text.startsWith(quote, offset)) return null;
    const end = scanQuoted(text, offset, quote, interpolates);
    if (end < 0) return null;
    return [text.slice(offset, end)] as unknown as RegExpExecArray;
  };

/** Tokens after which `/` divides; anywhere else it opens a slashy string (a regex, usually). */
const OPERAND_ENDS = new Set(['Ident', 'Number', 'TripleSingle', 'TripleDouble', 'SingleQuoted', 'DoubleQuoted', 'Slashy', 'RParen', 'RBracket', 'RBrace', 'Kw_true', 'Kw_false', 'Kw_null']);

const slashy: CustomPatternMatcherFunc = (text, offset, tokens) => {
  if (text[offset] !== '/' || text[offset + 1] === '/' || text[offset + 1] === '*' || text[offset + 1] === '=') return null;
  const prev = tokens[tokens.length - 1];
  if (prev && OPERAND_ENDS.has(prev.tokenType.name)) return null;
  let i = offset + 1;
  while (i < text.length && text[i] !== '/') {
    if (text[i] === '\n') return null;
    i += text[i] === '\\' ? 2 : 1;
  }
  if (i >= text.length) return null;
  return [text.slice(offset, i + 1)] as unknown as RegExpExecArray;
};

/** Categories the grammar consumes: plain strings and strings that interpolate `${...}`. */
export const Str = createToken({ name: 'Str', pattern: Lexer.NA });
export const GStr = createToken({ name: 'GStr', pattern: Lexer.NA });

export const TripleSingle = createToken({ name: 'TripleSingle', categories: [Str], pattern: { exec: quoted("'''", false) }, line_breaks: true, start_chars_hint: ["'"] });
export const TripleDouble = createToken({ name: 'TripleDouble', categories: [GStr], pattern: { exec: quoted('"""', true) }, line_breaks: true, start_chars_hint: ['"'] });
export const SingleQuoted = createToken({ name: 'SingleQuoted', categories: [Str], pattern: { exec: quoted("'", false) }, line_breaks: false, start_chars_hint: ["'"] });
export const DoubleQuoted = createToken({ name: 'DoubleQuoted', categories: [GStr], pattern: { exec: quoted('"', true) }, line_breaks: true, start_chars_hint: ['"'] });
export const Slashy = createToken({ name: 'Slashy', categories: [GStr], pattern: { exec: slashy }, line_breaks: false, start_chars_hint: ['/'] });
/** An opening quote with no closing one: reported by the caller. */
export const Unterminated = createToken({ name: 'Unterminated', pattern: /'''|"""|'|"/ });

export const NumberLit = createToken({ name: 'Number', pattern: /0[xX][0-9a-fA-F_]+[lL]?|\d[\d_]*(?:\.\d[\d_]*)?(?:[eE][+-]?\d+)?[lLgGdDfF]?/ });

const BINARY_NAMES = new Set(['Or', 'And', 'Pipe', 'Caret', 'Amp', 'Eq', 'Ne', 'Spaceship', 'Find', 'Match', 'Lt', 'Le', 'Gt', 'Ge', 'Shl', 'Shr', 'Range', 'RangeExcl', 'Plus', 'Minus', 'Star', 'Slash', 'Percent', 'Pow']);
const op = (name: string, pattern: RegExp) => createToken({ name, pattern, ...(BINARY_NAMES.has(name) ? { categories: [BinaryOp] } : {}) });

export const OP = {
  RangeExcl: op('RangeExcl', /\.\.</),
  Range: op('Range', /\.\./),
  SafeDot: op('SafeDot', /\?\./),
  SpreadDot: op('SpreadDot', /\*\./),
  MethodRef: op('MethodRef', /\.&/),
  Elvis: op('Elvis', /\?:/),
  Arrow: op('Arrow', /->/),
  Match: op('Match', /==~/),
  Find: op('Find', /=~/),
  Spaceship: op('Spaceship', /<=>/),
  Eq: op('Eq', /==/),
  Ne: op('Ne', /!=/),
  Le: op('Le', /<=/),
  Ge: op('Ge', />=/),
  And: op('And', /&&/),
  Or: op('Or', /\|\|/),
  Incr: op('Incr', /\+\+/),
  Decr: op('Decr', /--/),
  PlusAssign: op('PlusAssign', /\+=/),
  MinusAssign: op('MinusAssign', /-=/),
  StarAssign: op('StarAssign', /\*=/),
  ElvisAssign: op('ElvisAssign', /\?=/),
  OrAssign: op('OrAssign', /\|=/),
  AndAssign: op('AndAssign', /&=/),
  Shl: op('Shl', /<</),
  Shr: op('Shr', />>/),
  Pow: op('Pow', /\*\*/),
  Question: op('Question', /\?/),
  Plus: op('Plus', /\+/),
  Minus: op('Minus', /-/),
  Star: op('Star', /\*/),
  Slash: op('Slash', /\//),
  Percent: op('Percent', /%/),
  Amp: op('Amp', /&/),
  Pipe: op('Pipe', /\|/),
  Caret: op('Caret', /\^/),
  Tilde: op('Tilde', /~/),
  Bang: op('Bang', /!/),
  Lt: op('Lt', /</),
  Gt: op('Gt', />/),
  Assign: op('Assign', /=/),
  LParen: op('LParen', /\(/),
  RParen: op('RParen', /\)/),
  LBracket: op('LBracket', /\[/),
  RBracket: op('RBracket', /\]/),
  LBrace: op('LBrace', /\{/),
  RBrace: op('RBrace', /\}/),
  Comma: op('Comma', /,/),
  Colon: op('Colon', /:/),
  Dot: op('Dot', /\./),
  Semicolon: op('Semicolon', /;/),
  At: op('At', /@/),
};

export const Newline = createToken({ name: 'Newline', pattern: /\r\n|\r|\n/, line_breaks: true });
const Whitespace = createToken({ name: 'Whitespace', pattern: /[ \t\f]+/, group: Lexer.SKIPPED });
const LineComment = createToken({ name: 'LineComment', pattern: /\/\/[^\r\n]*/, group: Lexer.SKIPPED });
const BlockComment = createToken({ name: 'BlockComment', pattern: /\/\*[\s\S]*?\*\//, line_breaks: true, group: Lexer.SKIPPED });
const Shebang = createToken({ name: 'Shebang', pattern: /#![^\r\n]*/, group: Lexer.SKIPPED });
const Continuation = createToken({ name: 'Continuation', pattern: /\\(?:\r\n|\r|\n)/, line_breaks: true, group: Lexer.SKIPPED });

export const ALL_TOKENS: TokenType[] = [
  Whitespace,
  Continuation,
  Newline,
  LineComment,
  BlockComment,
  Shebang,
  TripleSingle,
  TripleDouble,
  SingleQuoted,
  DoubleQuoted,
  Slashy,
  Unterminated,
  NumberLit,
  ...Object.values(KW),
  Ident,
  ...Object.values(OP),
  Str,
  GStr,
  Word,
  BinaryOp,
];

export const groovyLexer = new Lexer(ALL_TOKENS, { positionTracking: 'full', ensureOptimizations: false, skipValidations: true });
