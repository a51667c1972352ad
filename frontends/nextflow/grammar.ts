// The grammar of Nextflow scripts and configs (a Groovy subset), as a chevrotain parser that builds
// the syntax tree as it goes. Binary operators are read as a flat chain and folded by precedence
// afterwards (fold.ts keeps the table): one rule instead of twelve.

import type { IToken } from 'chevrotain';
import { EmbeddedActionsParser } from '../common/chevrotain.js';
import type * as A from './ast.js';
import { foldChain } from './fold.js';
import { ALL_TOKENS, BinaryOp, GStr, Ident, KW, Newline, NumberLit, OP, Str, Word } from './tokens.js';

const pos = (t: IToken): A.Pos => ({ line: t.startLine ?? 1, column: t.startColumn ?? 1, offset: t.startOffset });

const MODIFIERS = new Set(['static', 'private', 'public', 'protected', 'final']);
const isTypeName = (t: IToken) => t.tokenType === Ident && (/^[A-Z]/.test(t.image) || t.image === 'void');

export class GroovyParser extends EmbeddedActionsParser {
  constructor() {
    super(ALL_TOKENS, { maxLookahead: 1, recoveryEnabled: false, skipValidations: true });
    this.performSelfAnalysis();
  }

  /** True when the tokens from LA(1) read `name, name ->` (or `->`): a closure's parameter list. */
  private closureHasParams(): boolean {
    for (let i = 1; ; i++) {
      const t = this.LA(i).tokenType;
      if (t === OP.Arrow) return true;
      if (t !== Ident && t !== OP.Comma && t !== Newline) return false;
      if (i > 40) return false;
    }
  }

  /** True when LA(1) opens `(a, b) = ...`. */
  private isMultipleAssignment(): boolean {
    if (this.LA(1).tokenType !== OP.LParen) return false;
    for (let i = 2; i < 40; i++) {
      const t = this.LA(i).tokenType;
      if (t === OP.RParen) return this.LA(i + 1).tokenType === OP.Assign;
      if (t !== Ident && t !== OP.Comma && t !== KW.def) return false;
    }
    return false;
  }

  private startsArgument(): boolean {
    const t = this.LA(1);
    const type = t.tokenType;
    if (type === Ident || type === NumberLit || type === KW.true || type === KW.false || type === KW.null || type === KW.new || type === OP.LBracket) return true;
    const cats = type.CATEGORIES ?? [];
    return cats.includes(Str) || cats.includes(GStr);
  }

  public script = this.RULE('script', (): A.Stmt[] => this.SUBRULE(this.statements));

  public statements = this.RULE('statements', (): A.Stmt[] => {
    const body: A.Stmt[] = [];
    this.MANY(() => {
      this.OR([
        { ALT: () => this.CONSUME(Newline) },
        { ALT: () => this.CONSUME(OP.Semicolon) },
        {
          GATE: () => this.LA(2).tokenType === OP.Colon && this.LA(1).tokenType === Ident,
          ALT: () => {
            const t = this.CONSUME1(Ident);
            this.CONSUME(OP.Colon);
            this.ACTION(() => body.push({ k: 'label', name: t.image, pos: pos(t) }));
          },
        },
        { ALT: () => { const s = this.SUBRULE(this.statement); this.ACTION(() => body.push(s)); } },
      ]);
    });
    return body;
  });

  public statement = this.RULE('statement', (): A.Stmt => {
    return this.OR([
      { GATE: () => this.LA(1).image === 'include' && this.LA(2).tokenType === OP.LBrace, ALT: () => this.SUBRULE(this.include) },
      { GATE: () => this.LA(1).image === 'process' && this.LA(2).tokenType === Ident && this.LA(3).tokenType === OP.LBrace, ALT: () => this.SUBRULE(this.process) },
      {
        GATE: () => this.LA(1).image === 'workflow' && (this.LA(2).tokenType === OP.LBrace || (this.LA(2).tokenType === Ident && this.LA(3).tokenType === OP.LBrace)),
        ALT: () => this.SUBRULE(this.workflow),
      },
      {
        GATE: () =>
          (this.LA(1).tokenType === KW.def && this.LA(2).tokenType === Ident && this.LA(3).tokenType === OP.LParen) ||
          (this.LA(1).tokenType === Ident && MODIFIERS.has(this.LA(1).image)) ||
          (isTypeName(this.LA(1)) && this.LA(2).tokenType === Ident && this.LA(3).tokenType === OP.LParen),
        ALT: () => this.SUBRULE(this.functionDef),
      },
      { GATE: () => this.LA(1).tokenType === KW.def || (isTypeName(this.LA(1)) && this.LA(2).tokenType === Ident && this.LA(3).tokenType === OP.Assign), ALT: () => this.SUBRULE(this.variableDef) },
      { ALT: () => this.SUBRULE(this.ifStatement) },
      { ALT: () => this.SUBRULE(this.forStatement) },
      { ALT: () => this.SUBRULE(this.whileStatement) },
      { ALT: () => this.SUBRULE(this.tryStatement) },
      {
        ALT: () => {
          const t = this.CONSUME(KW.return);
          const e = this.OPTION(() => this.SUBRULE(this.expression));
          return this.ACTION((): A.Stmt => (e ? { k: 'return', e, pos: pos(t) } : { k: 'return', pos: pos(t) }));
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(KW.throw);
          const e = this.SUBRULE1(this.expression);
          return this.ACTION((): A.Stmt => ({ k: 'throw', e, pos: pos(t) }));
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(KW.assert);
          const e = this.SUBRULE2(this.expression);
          this.OPTION1(() => {
            this.OR1([{ ALT: () => this.CONSUME(OP.Colon) }, { ALT: () => this.CONSUME(OP.Comma) }]);
            this.SUBRULE3(this.expression);
          });
          return this.ACTION((): A.Stmt => ({ k: 'assert', e, pos: pos(t) }));
        },
      },
      { ALT: () => { const t = this.CONSUME(KW.break); return this.ACTION((): A.Stmt => ({ k: 'break', pos: pos(t) })); } },
      { ALT: () => { const t = this.CONSUME(KW.continue); return this.ACTION((): A.Stmt => ({ k: 'continue', pos: pos(t) })); } },
      {
        ALT: () => {
          const t = this.CONSUME(KW.import);
          this.CONSUME2(Ident);
          this.MANY(() => {
            this.OR2([{ ALT: () => this.CONSUME(OP.Dot) }, { ALT: () => this.CONSUME3(Ident) }, { ALT: () => this.CONSUME(OP.Star) }]);
          });
          return this.ACTION((): A.Stmt => ({ k: 'import', pos: pos(t) }));
        },
      },
      { GATE: () => this.isMultipleAssignment(), ALT: () => this.SUBRULE(this.multipleAssignment) },
      { GATE: () => this.LA(1).tokenType === OP.LBrace, ALT: () => { const t = this.LA(1); const body = this.SUBRULE(this.block); return this.ACTION((): A.Stmt => ({ k: 'block', body, pos: pos(t) })); } },
      { ALT: () => this.SUBRULE(this.expressionStatement) },
    ]);
  });

  private include = this.RULE('include', (): A.Stmt => {
    const t = this.CONSUME(Ident);
    const items: { name: string; alias?: string; pos: A.Pos }[] = [];
    this.CONSUME(OP.LBrace);
    this.MANY(() => {
      this.OR([
        { ALT: () => this.CONSUME(Newline) },
        { ALT: () => this.CONSUME(OP.Semicolon) },
        {
          ALT: () => {
            const name = this.CONSUME1(Ident);
            const alias = this.OPTION(() => {
              this.CONSUME(KW.as);
              return this.CONSUME2(Ident);
            });
            this.ACTION(() => items.push(alias ? { name: name.image, alias: alias.image, pos: pos(name) } : { name: name.image, pos: pos(name) }));
          },
        },
      ]);
    });
    this.CONSUME(OP.RBrace);
    const from = this.CONSUME3(Ident);
    const path = this.SUBRULE(this.primary);
    const params = this.OPTION1(() => {
      this.CONSUME(OP.Dot);
      this.CONSUME4(Ident);
      this.CONSUME(OP.LParen);
      const e = this.SUBRULE(this.expression);
      this.CONSUME(OP.RParen);
      return e;
    });
    return this.ACTION((): A.Stmt => {
      if (from.image !== 'from') throw this.misplaced(from, "'from'");
      const p = path as A.Expr;
      const text = p.k === 'lit' && typeof p.v === 'string' ? p.v : p.k === 'gstr' && !p.raw.includes('$') ? p.raw : undefined;
      if (text === undefined) throw this.misplaced(from, 'a quoted path after from');
      const s: A.Stmt = { k: 'include', items, from: text, pos: pos(t) };
      if (params) s.params = params;
      return s;
    });
  });

  private misplaced(t: IToken, expected: string): Error {
    return Object.assign(new Error(`expected ${expected}, found '${t.image}'`), { token: t });
  }

  private process = this.RULE('process', (): A.Stmt => {
    const t = this.CONSUME(Ident);
    const name = this.CONSUME1(Ident);
    const body = this.SUBRULE(this.block);
    return this.ACTION((): A.Stmt => ({ k: 'process', name: name.image, body, pos: pos(t) }));
  });

  private workflow = this.RULE('workflow', (): A.Stmt => {
    const t = this.CONSUME(Ident);
    const name = this.OPTION(() => this.CONSUME1(Ident));
    const body = this.SUBRULE(this.block);
    return this.ACTION((): A.Stmt => (name ? { k: 'workflow', name: name.image, body, pos: pos(t) } : { k: 'workflow', body, pos: pos(t) }));
  });

  public block = this.RULE('block', (): A.Stmt[] => {
    this.CONSUME(OP.LBrace);
    const body = this.SUBRULE(this.statements);
    this.CONSUME(OP.RBrace);
    return body;
  });

  private blockOrStatement = this.RULE('blockOrStatement', (): A.Stmt[] => {
    return this.OR([
      { GATE: () => this.LA(1).tokenType === OP.LBrace, ALT: () => this.SUBRULE(this.block) },
      { ALT: () => { const s = this.SUBRULE(this.statement); return this.ACTION(() => [s]); } },
    ]);
  });

  private functionDef = this.RULE('functionDef', (): A.Stmt => {
    const first = this.LA(1);
    // Modifiers, `def` and a return type come before the name, which is followed by `(`.
    this.MANY({
      GATE: () => this.LA(2).tokenType !== OP.LParen,
      DEF: () => this.OR([{ ALT: () => this.CONSUME(Ident) }, { ALT: () => this.CONSUME(KW.def) }]),
    });
    const name = this.CONSUME1(Ident);
    const params = this.SUBRULE(this.parameterList);
    const body = this.SUBRULE(this.block);
    return this.ACTION((): A.Stmt => ({ k: 'fn', name: name.image, params, body, pos: pos(first) }));
  });

  private parameterList = this.RULE('parameterList', (): A.Param[] => {
    const params: A.Param[] = [];
    this.CONSUME(OP.LParen);
    this.MANY_SEP({
      SEP: OP.Comma,
      DEF: () => {
        const p = this.SUBRULE(this.parameter);
        this.ACTION(() => params.push(p));
      },
    });
    this.CONSUME(OP.RParen);
    return params;
  });

  /** `name`, `Type name`, `def name`, each with an optional `= default`. */
  private parameter = this.RULE('parameter', (): A.Param => {
    this.OPTION({
      GATE: () => this.LA(1).tokenType === KW.def || this.LA(2).tokenType === Ident,
      DEF: () => this.OR([{ ALT: () => this.CONSUME(KW.def) }, { ALT: () => this.CONSUME(Ident) }]),
    });
    const name = this.CONSUME1(Ident);
    const d = this.OPTION1(() => {
      this.CONSUME(OP.Assign);
      return this.SUBRULE(this.expression);
    });
    return this.ACTION((): A.Param => (d ? { name: name.image, default: d } : { name: name.image }));
  });

  private variableDef = this.RULE('variableDef', (): A.Stmt => {
    const first = this.LA(1);
    this.OR([{ ALT: () => this.CONSUME(KW.def) }, { ALT: () => this.CONSUME(Ident) }]);
    const names: string[] = [];
    this.OR1([
      {
        ALT: () => {
          this.CONSUME(OP.LParen);
          this.AT_LEAST_ONE_SEP({
            SEP: OP.Comma,
            DEF: () => {
              this.OPTION(() => this.CONSUME1(KW.def));
              const n = this.CONSUME1(Ident);
              this.ACTION(() => names.push(n.image));
            },
          });
          this.CONSUME(OP.RParen);
        },
      },
      {
        ALT: () => {
          // `def String x`: a type after def
          this.OPTION1({ GATE: () => this.LA(2).tokenType === Ident, DEF: () => this.CONSUME2(Ident) });
          const n = this.CONSUME3(Ident);
          this.ACTION(() => names.push(n.image));
        },
      },
    ]);
    const value = this.OPTION2(() => {
      this.CONSUME(OP.Assign);
      return this.SUBRULE(this.expression);
    });
    return this.ACTION((): A.Stmt => (value ? { k: 'def', names, value, pos: pos(first) } : { k: 'def', names, pos: pos(first) }));
  });

  private multipleAssignment = this.RULE('multipleAssignment', (): A.Stmt => {
    const t = this.CONSUME(OP.LParen);
    const names: string[] = [];
    this.AT_LEAST_ONE_SEP({
      SEP: OP.Comma,
      DEF: () => {
        this.OPTION(() => this.CONSUME(KW.def));
        const n = this.CONSUME(Ident);
        this.ACTION(() => names.push(n.image));
      },
    });
    this.CONSUME(OP.RParen);
    this.CONSUME(OP.Assign);
    const value = this.SUBRULE(this.expression);
    return this.ACTION((): A.Stmt => ({ k: 'expr', e: { k: 'massign', names, value, pos: pos(t) }, pos: pos(t) }));
  });

  private ifStatement = this.RULE('ifStatement', (): A.Stmt => {
    const t = this.CONSUME(KW.if);
    this.CONSUME(OP.LParen);
    const c = this.SUBRULE(this.expression);
    this.CONSUME(OP.RParen);
    this.MANY(() => this.CONSUME(Newline));
    const then = this.SUBRULE(this.blockOrStatement);
    const otherwise = this.OPTION(() => {
      this.CONSUME(KW.else);
      this.MANY1(() => this.CONSUME1(Newline));
      return this.SUBRULE1(this.blockOrStatement);
    });
    return this.ACTION((): A.Stmt => (otherwise ? { k: 'if', c, then, else: otherwise, pos: pos(t) } : { k: 'if', c, then, pos: pos(t) }));
  });

  private forStatement = this.RULE('forStatement', (): A.Stmt => {
    const t = this.CONSUME(KW.for);
    this.CONSUME(OP.LParen);
    this.OPTION({
      GATE: () => this.LA(1).tokenType === KW.def || this.LA(2).tokenType === Ident,
      DEF: () => this.OR([{ ALT: () => this.CONSUME(KW.def) }, { ALT: () => this.CONSUME(Ident) }]),
    });
    const name = this.CONSUME1(Ident);
    this.OR1([{ ALT: () => this.CONSUME(KW.in) }, { ALT: () => this.CONSUME(OP.Colon) }]);
    const iter = this.SUBRULE(this.expression);
    this.CONSUME(OP.RParen);
    this.MANY(() => this.CONSUME(Newline));
    const body = this.SUBRULE(this.blockOrStatement);
    return this.ACTION((): A.Stmt => ({ k: 'for', name: name.image, iter, body, pos: pos(t) }));
  });

  private whileStatement = this.RULE('whileStatement', (): A.Stmt => {
    const t = this.CONSUME(KW.while);
    this.CONSUME(OP.LParen);
    const c = this.SUBRULE(this.expression);
    this.CONSUME(OP.RParen);
    const body = this.SUBRULE(this.blockOrStatement);
    return this.ACTION((): A.Stmt => ({ k: 'while', c, body, pos: pos(t) }));
  });

  private tryStatement = this.RULE('tryStatement', (): A.Stmt => {
    const t = this.CONSUME(KW.try);
    const body = this.SUBRULE(this.block);
    const catches: { name: string; body: A.Stmt[] }[] = [];
    this.MANY(() => {
      this.CONSUME(KW.catch);
      this.CONSUME(OP.LParen);
      // Exception types (`IOException | RuntimeException`, dotted) up to the variable name.
      this.MANY1({
        GATE: () => this.LA(2).tokenType !== OP.RParen,
        DEF: () => this.OR([{ ALT: () => this.CONSUME(Ident) }, { ALT: () => this.CONSUME(OP.Pipe) }, { ALT: () => this.CONSUME(OP.Dot) }]),
      });
      const name = this.CONSUME1(Ident);
      this.CONSUME(OP.RParen);
      const b = this.SUBRULE1(this.block);
      this.ACTION(() => catches.push({ name: name.image, body: b }));
    });
    const fin = this.OPTION(() => {
      this.CONSUME(KW.finally);
      return this.SUBRULE2(this.block);
    });
    return this.ACTION((): A.Stmt => (fin ? { k: 'try', body, catches, finally: fin, pos: pos(t) } : { k: 'try', body, catches, pos: pos(t) }));
  });

  /** An expression, an assignment, or a command call without parentheses (`cpus 4`, `tuple val(x), path(y)`). */
  private expressionStatement = this.RULE('expressionStatement', (): A.Stmt => {
    const first = this.LA(1);
    let e = this.SUBRULE(this.expression);
    this.OPTION({
      GATE: () => this.startsArgument() && (e.k === 'name' || e.k === 'prop'),
      DEF: () => {
        const args = this.SUBRULE(this.commandArguments);
        this.ACTION(() => {
          e = { k: 'call', callee: e, args, pos: e.pos };
        });
      },
    });
    return this.ACTION((): A.Stmt => ({ k: 'expr', e, pos: pos(first) }));
  });

  private commandArguments = this.RULE('commandArguments', (): A.Arg[] => {
    const args: A.Arg[] = [];
    this.AT_LEAST_ONE_SEP({
      SEP: OP.Comma,
      DEF: () => {
        const a = this.SUBRULE(this.argument);
        this.ACTION(() => args.push(a));
      },
    });
    return args;
  });

  private argument = this.RULE('argument', (): A.Arg => {
    return this.OR([
      {
        GATE: () => this.LA(2).tokenType === OP.Colon,
        ALT: () => {
          const key = this.SUBRULE(this.mapKey);
          this.CONSUME(OP.Colon);
          const value = this.SUBRULE(this.expression);
          return this.ACTION((): A.Arg => ({ name: key, value }));
        },
      },
      { ALT: () => { const value = this.SUBRULE1(this.expression); return this.ACTION((): A.Arg => ({ value })); } },
    ]);
  });

  private mapKey = this.RULE('mapKey', (): string => {
    const t = this.OR([{ ALT: () => this.CONSUME(Word) }, { ALT: () => this.CONSUME(Str) }, { ALT: () => this.CONSUME(GStr) }, { ALT: () => this.CONSUME(NumberLit) }]);
    return this.ACTION(() => (/^['"/]/.test(t.image) ? unquote(t.image) : t.image));
  });

  public expression = this.RULE('expression', (): A.Expr => {
    const left = this.SUBRULE(this.ternary);
    const assigned = this.OPTION(() => {
      const op = this.OR([
        { ALT: () => this.CONSUME(OP.Assign) },
        { ALT: () => this.CONSUME(OP.PlusAssign) },
        { ALT: () => this.CONSUME(OP.MinusAssign) },
        { ALT: () => this.CONSUME(OP.StarAssign) },
        { ALT: () => this.CONSUME(OP.ElvisAssign) },
        { ALT: () => this.CONSUME(OP.OrAssign) },
        { ALT: () => this.CONSUME(OP.AndAssign) },
      ]);
      const value = this.SUBRULE(this.expression);
      return { op: op.image, value };
    });
    return this.ACTION((): A.Expr => (assigned ? { k: 'assign', target: left, op: assigned.op, value: assigned.value, pos: left.pos } : left));
  });

  private ternary = this.RULE('ternary', (): A.Expr => {
    const c = this.SUBRULE(this.binaryChain);
    const rest = this.OPTION(() =>
      this.OR([
        {
          ALT: () => {
            this.CONSUME(OP.Question);
            const t = this.SUBRULE1(this.ternary);
            this.CONSUME(OP.Colon);
            const f = this.SUBRULE2(this.ternary);
            return this.ACTION((): A.Expr => ({ k: 'tern', c, t, f, pos: c.pos }));
          },
        },
        {
          ALT: () => {
            this.CONSUME(OP.Elvis);
            const r = this.SUBRULE3(this.ternary);
            return this.ACTION((): A.Expr => ({ k: 'elvis', l: c, r, pos: c.pos }));
          },
        },
      ]),
    );
    return rest ?? c;
  });

  private binaryChain = this.RULE('binaryChain', (): A.Expr => {
    const operands: A.Expr[] = [this.SUBRULE(this.unary)];
    const ops: string[] = [];
    this.MANY(() => {
      const op = this.CONSUME(BinaryOp);
      this.OR1([
        {
          GATE: () => op.tokenType === KW.as || op.tokenType === KW.instanceof,
          ALT: () => {
            const type = this.SUBRULE(this.typeName);
            this.ACTION(() => {
              ops.push(op.image);
              operands.push({ k: 'lit', v: type, pos: pos(op) });
            });
          },
        },
        {
          ALT: () => {
            const r = this.SUBRULE1(this.unary);
            this.ACTION(() => {
              ops.push(op.image);
              operands.push(r);
            });
          },
        },
      ]);
    });
    return this.ACTION(() => foldChain(operands, ops));
  });

  private typeName = this.RULE('typeName', (): string => {
    let name = this.CONSUME(Ident).image;
    this.MANY(() => {
      this.CONSUME(OP.Dot);
      name += `.${this.CONSUME1(Ident).image}`;
    });
    this.OPTION(() => {
      this.CONSUME(OP.LBracket);
      this.CONSUME(OP.RBracket);
    });
    return name;
  });

  private unary = this.RULE('unary', (): A.Expr => {
    return this.OR([
      {
        ALT: () => {
          const op = this.OR1([
            { ALT: () => this.CONSUME(OP.Bang) },
            { ALT: () => this.CONSUME(OP.Minus) },
            { ALT: () => this.CONSUME(OP.Plus) },
            { ALT: () => this.CONSUME(OP.Tilde) },
            { ALT: () => this.CONSUME(OP.Incr) },
            { ALT: () => this.CONSUME(OP.Decr) },
          ]);
          const e = this.SUBRULE(this.unary);
          return this.ACTION((): A.Expr => ({ k: 'un', op: op.image, e, pos: pos(op) }));
        },
      },
      { ALT: () => this.SUBRULE(this.postfix) },
    ]);
  });

  private postfix = this.RULE('postfix', (): A.Expr => {
    let e = this.SUBRULE(this.primary);
    this.MANY(() => {
      this.OR([
        {
          ALT: () => {
            const dot = this.OR1([{ ALT: () => this.CONSUME(OP.Dot) }, { ALT: () => this.CONSUME(OP.SafeDot) }, { ALT: () => this.CONSUME(OP.SpreadDot) }, { ALT: () => this.CONSUME(OP.MethodRef) }]);
            const name = this.OR2([{ ALT: () => this.CONSUME(Word).image }, { ALT: () => unquote(this.CONSUME(Str).image) }, { ALT: () => unquote(this.CONSUME(GStr).image) }]);
            this.ACTION(() => {
              const node: A.Expr = { k: 'prop', obj: e, name, pos: pos(dot) };
              if (dot.tokenType === OP.SafeDot) node.safe = true;
              if (dot.tokenType === OP.SpreadDot) node.spread = true;
              e = node;
            });
          },
        },
        {
          ALT: () => {
            const args = this.SUBRULE(this.callArguments);
            this.ACTION(() => {
              e = { k: 'call', callee: e, args, pos: e.pos };
            });
          },
        },
        {
          ALT: () => {
            const t = this.CONSUME(OP.LBracket);
            const index = this.SUBRULE(this.expression);
            const more: A.Expr[] = [];
            this.MANY2(() => {
              this.CONSUME(OP.Comma);
              more.push(this.SUBRULE1(this.expression));
            });
            this.CONSUME(OP.RBracket);
            this.ACTION(() => {
              e = { k: 'index', obj: e, index: more.length > 0 ? { k: 'list', items: [index, ...more], pos: pos(t) } : index, pos: pos(t) };
            });
          },
        },
        {
          ALT: () => {
            const c = this.SUBRULE(this.closure);
            this.ACTION(() => {
              // A closure after a call is its last argument; after a name, it is the only one.
              e = e.k === 'call' ? { ...e, args: [...e.args, { value: c }] } : { k: 'call', callee: e, args: [{ value: c }], pos: e.pos };
            });
          },
        },
        {
          ALT: () => {
            const op = this.OR3([{ ALT: () => this.CONSUME(OP.Incr) }, { ALT: () => this.CONSUME(OP.Decr) }]);
            this.ACTION(() => {
              e = { k: 'postfix', op: op.image, e, pos: e.pos };
            });
          },
        },
      ]);
    });
    return e;
  });

  private callArguments = this.RULE('callArguments', (): A.Arg[] => {
    const args: A.Arg[] = [];
    this.CONSUME(OP.LParen);
    this.MANY(() => {
      const a = this.SUBRULE(this.argument);
      this.ACTION(() => args.push(a));
      this.OPTION(() => this.CONSUME(OP.Comma));
    });
    this.CONSUME(OP.RParen);
    return args;
  });

  public closure = this.RULE('closure', (): A.Expr => {
    const t = this.CONSUME(OP.LBrace);
    const params: A.Param[] = [];
    let implicit = true;
    this.OPTION({
      GATE: () => this.closureHasParams(),
      DEF: () => {
        implicit = false;
        this.MANY_SEP({
          SEP: OP.Comma,
          DEF: () => {
            this.MANY(() => this.CONSUME(Newline));
            const p = this.SUBRULE(this.parameter);
            this.ACTION(() => params.push(p));
          },
        });
        this.CONSUME(OP.Arrow);
      },
    });
    const body = this.SUBRULE(this.statements);
    this.CONSUME(OP.RBrace);
    return this.ACTION((): A.Expr => ({ k: 'closure', params, body, pos: pos(t), implicit }));
  });

  private primary = this.RULE('primary', (): A.Expr => {
    return this.OR([
      {
        ALT: () => {
          const t = this.CONSUME(NumberLit);
          return this.ACTION((): A.Expr => ({ k: 'lit', v: Number(t.image.replace(/_/g, '').replace(/[lLgGdDfF]$/, '')), pos: pos(t) }));
        },
      },
      { ALT: () => { const t = this.CONSUME(Str); return this.ACTION((): A.Expr => ({ k: 'lit', v: unquote(t.image), pos: pos(t) })); } },
      {
        ALT: () => {
          const t = this.CONSUME(GStr);
          return this.ACTION((): A.Expr => {
            const quote = t.image.startsWith('"""') ? '"""' : t.image[0]!;
            return { k: 'gstr', raw: t.image.slice(quote.length, t.image.length - quote.length), quote, pos: pos(t) };
          });
        },
      },
      { ALT: () => { const t = this.CONSUME(KW.true); return this.ACTION((): A.Expr => ({ k: 'lit', v: true, pos: pos(t) })); } },
      { ALT: () => { const t = this.CONSUME(KW.false); return this.ACTION((): A.Expr => ({ k: 'lit', v: false, pos: pos(t) })); } },
      { ALT: () => { const t = this.CONSUME(KW.null); return this.ACTION((): A.Expr => ({ k: 'lit', v: null, pos: pos(t) })); } },
      { ALT: () => { const t = this.CONSUME(Ident); return this.ACTION((): A.Expr => ({ k: 'name', name: t.image, pos: pos(t) })); } },
      {
        ALT: () => {
          this.CONSUME(OP.LParen);
          const e = this.SUBRULE(this.expression);
          this.CONSUME(OP.RParen);
          return e;
        },
      },
      { ALT: () => this.SUBRULE(this.listOrMap) },
      { ALT: () => this.SUBRULE(this.closure) },
      {
        ALT: () => {
          const t = this.CONSUME(KW.new);
          const type = this.SUBRULE(this.typeName);
          const args = this.OPTION(() => this.SUBRULE(this.callArguments)) ?? [];
          return this.ACTION((): A.Expr => ({ k: 'new', type, args, pos: pos(t) }));
        },
      },
    ]);
  });

  private listOrMap = this.RULE('listOrMap', (): A.Expr => {
    const t = this.CONSUME(OP.LBracket);
    return this.OR([
      {
        GATE: () => this.LA(1).tokenType === OP.Colon,
        ALT: () => {
          this.CONSUME(OP.Colon);
          this.CONSUME(OP.RBracket);
          return this.ACTION((): A.Expr => ({ k: 'map', entries: [], pos: pos(t) }));
        },
      },
      {
        GATE: () => this.LA(2).tokenType === OP.Colon || (this.LA(1).tokenType === OP.LParen && this.mapKeyInParens()),
        ALT: () => {
          const entries: [A.Expr, A.Expr][] = [];
          this.AT_LEAST_ONE({
            DEF: () => {
              const key = this.OR1([
                { ALT: () => { const k = this.SUBRULE(this.mapKey); return this.ACTION((): A.Expr => ({ k: 'lit', v: k, pos: pos(t) })); } },
                {
                  ALT: () => {
                    this.CONSUME(OP.LParen);
                    const k = this.SUBRULE(this.expression);
                    this.CONSUME(OP.RParen);
                    return k;
                  },
                },
              ]);
              this.CONSUME1(OP.Colon);
              const value = this.SUBRULE1(this.expression);
              this.ACTION(() => entries.push([key, value]));
              this.OPTION(() => this.CONSUME(OP.Comma));
            },
          });
          this.CONSUME1(OP.RBracket);
          return this.ACTION((): A.Expr => ({ k: 'map', entries, pos: pos(t) }));
        },
      },
      {
        ALT: () => {
          const items: A.Expr[] = [];
          this.MANY(() => {
            const e = this.SUBRULE2(this.expression);
            this.ACTION(() => items.push(e));
            this.OPTION1(() => this.CONSUME1(OP.Comma));
          });
          this.CONSUME2(OP.RBracket);
          return this.ACTION((): A.Expr => ({ k: 'list', items, pos: pos(t) }));
        },
      },
    ]);
  });

  /** `[(expr): value]`: a parenthesised key, followed by a colon after its closing parenthesis. */
  private mapKeyInParens(): boolean {
    let depth = 0;
    for (let i = 1; i < 60; i++) {
      const t = this.LA(i).tokenType;
      if (t === OP.LParen) depth++;
      else if (t === OP.RParen) {
        depth--;
        if (depth === 0) return this.LA(i + 1).tokenType === OP.Colon;
      } else if (t.name === 'EOF') return false;
    }
    return false;
  }
}

/** The text of a quoted literal with Groovy's escapes resolved (no interpolation). */
export function unquote(image: string): string {
  const quote = image.startsWith("'''") || image.startsWith('"""') ? image.slice(0, 3) : image[0]!;
  const body = image.slice(quote.length, image.length - quote.length);
  if (quote === '/') return body.replace(/\\\//g, '/');
  return unescapeGroovy(body);
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '\\': '\\', "'": "'", '"': '"', $: '$' };

export function unescapeGroovy(text: string): string {
  return text.replace(/\\(u[0-9a-fA-F]{4}|\r?\n|[\s\S])/g, (all, c: string) => {
    if (c.startsWith('u')) return String.fromCharCode(parseInt(c.slice(1), 16));
    if (c === '\n' || c === '\r\n') return '';
    return ESCAPES[c] ?? all;
  });
}
