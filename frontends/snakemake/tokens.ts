// Tokens of Python as Snakefiles write it. Snakemake's own words (rule, input, shell, ...) stay
// names: they are keywords only at the start of a line, which layout.ts decides.

import type { TokenType } from 'chevrotain';
import { createToken, Lexer } from '../common/chevrotain.js';

export const Name = createToken({ name: 'Name', pattern: /[A-Za-z_\u00C0-\uFFFF][\w\u00C0-\uFFFF]*/ });

const keyword = (word: string) => createToken({ name: `Kw_${word}`, pattern: new RegExp(`${word}\\b`), longer_alt: Name });

export const KW = {
  False: keyword('False'),
  None: keyword('None'),
  True: keyword('True'),
  and: keyword('and'),
  as: keyword('as'),
  assert: keyword('assert'),
  async: keyword('async'),
  await: keyword('await'),
  break: keyword('break'),
  class: keyword('class'),
  continue: keyword('continue'),
  def: keyword('def'),
  del: keyword('del'),
  elif: keyword('elif'),
  else: keyword('else'),
  except: keyword('except'),
  finally: keyword('finally'),
  for: keyword('for'),
  from: keyword('from'),
  global: keyword('global'),
  if: keyword('if'),
  import: keyword('import'),
  in: keyword('in'),
  is: keyword('is'),
  lambda: keyword('lambda'),
  nonlocal: keyword('nonlocal'),
  not: keyword('not'),
  or: keyword('or'),
  pass: keyword('pass'),
  raise: keyword('raise'),
  return: keyword('return'),
  try: keyword('try'),
  while: keyword('while'),
  with: keyword('with'),
  yield: keyword('yield'),
};

/** Every kind of Python string literal: prefixes r b u f and their pairs, one or three quotes. */
export const StringLit = createToken({
  name: 'String',
  pattern: /(?:[rRbBuUfF]|[rR][bBfF]|[bBfF][rR])?(?:'''(?:\\[\s\S]|[^\\])*?'''|"""(?:\\[\s\S]|[^\\])*?"""|'(?:\\[\s\S]|[^\\'\r\n])*'|"(?:\\[\s\S]|[^\\"\r\n])*")/,
});
/** An opening quote with no closing one: reported as an error by the lexer's caller. */
export const UnterminatedString = createToken({ name: 'UnterminatedString', pattern: /(?:[rRbBuUfF]|[rR][bBfF]|[bBfF][rR])?(?:'''|"""|'|")/ });

export const NumberLit = createToken({
  name: 'Number',
  pattern: /0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][+-]?\d[\d_]*)?[jJ]?/,
});

const op = (name: string, pattern: RegExp) => createToken({ name, pattern });

export const OP = {
  Ellipsis: op('Ellipsis', /\.\.\./),
  PowAssign: op('PowAssign', /\*\*=/),
  FloorDivAssign: op('FloorDivAssign', /\/\/=/),
  ShlAssign: op('ShlAssign', /<<=/),
  ShrAssign: op('ShrAssign', />>=/),
  Arrow: op('Arrow', /->/),
  Walrus: op('Walrus', /:=/),
  Pow: op('Pow', /\*\*/),
  FloorDiv: op('FloorDiv', /\/\//),
  Shl: op('Shl', /<</),
  Shr: op('Shr', />>/),
  Le: op('Le', /<=/),
  Ge: op('Ge', />=/),
  Eq: op('Eq', /==/),
  Ne: op('Ne', /!=/),
  PlusAssign: op('PlusAssign', /\+=/),
  MinusAssign: op('MinusAssign', /-=/),
  StarAssign: op('StarAssign', /\*=/),
  SlashAssign: op('SlashAssign', /\/=/),
  PercentAssign: op('PercentAssign', /%=/),
  AmpAssign: op('AmpAssign', /&=/),
  PipeAssign: op('PipeAssign', /\|=/),
  CaretAssign: op('CaretAssign', /\^=/),
  AtAssign: op('AtAssign', /@=/),
  Plus: op('Plus', /\+/),
  Minus: op('Minus', /-/),
  Star: op('Star', /\*/),
  Slash: op('Slash', /\//),
  Percent: op('Percent', /%/),
  At: op('At', /@/),
  Amp: op('Amp', /&/),
  Pipe: op('Pipe', /\|/),
  Caret: op('Caret', /\^/),
  Tilde: op('Tilde', /~/),
  Lt: op('Lt', /</),
  Gt: op('Gt', />/),
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
  Assign: op('Assign', /=/),
  Bang: op('Bang', /!/),
};

export const RawNewline = createToken({ name: 'RawNewline', pattern: /\r\n|\r|\n/ });
const Whitespace = createToken({ name: 'Whitespace', pattern: /[ \t\f]+/, group: Lexer.SKIPPED });
const Comment = createToken({ name: 'Comment', pattern: /#[^\r\n]*/, group: Lexer.SKIPPED });
const Continuation = createToken({ name: 'Continuation', pattern: /\\(?:\r\n|\r|\n)/, group: Lexer.SKIPPED });

/** Made by layout.ts, never by the lexer. */
export const Newline = createToken({ name: 'NEWLINE', pattern: Lexer.NA });
export const Indent = createToken({ name: 'INDENT', pattern: Lexer.NA });
export const Dedent = createToken({ name: 'DEDENT', pattern: Lexer.NA });

export const ALL_TOKENS: TokenType[] = [
  Whitespace,
  Comment,
  Continuation,
  RawNewline,
  StringLit,
  UnterminatedString,
  NumberLit,
  ...Object.values(KW),
  Name,
  ...Object.values(OP),
  Newline,
  Indent,
  Dedent,
];

export const pythonLexer = new Lexer(ALL_TOKENS, { positionTracking: 'full', ensureOptimizations: false, skipValidations: true });
