// The grammar of Snakefiles (chevrotain, CST): Python 3 statements and expressions as Snakefiles use
// them, and Snakemake's statements. cst-to-ast.ts turns the concrete tree into ast.ts.

import type { IToken, TokenType } from 'chevrotain';
import { CstParser } from '../common/chevrotain.js';
import { GLOBAL_DIRECTIVES } from './layout.js';
import { ALL_TOKENS, Dedent, Indent, KW, Name, Newline, NumberLit, OP, StringLit } from './tokens.js';

const HANDLERS = new Set(['onstart', 'onsuccess', 'onerror']);

export class SnakefileParser extends CstParser {
  /** Grammar validation (ambiguities, left recursion) costs ~100 ms per start; a test runs it. */
  constructor(validate = false) {
    super(ALL_TOKENS, { maxLookahead: 2, nodeLocationTracking: 'full', recoveryEnabled: false, skipValidations: !validate });
    this.performSelfAnalysis();
  }

  private isName(k: number, words?: Set<string> | string): boolean {
    const t = this.LA(k);
    if (t.tokenType !== Name) return false;
    if (words === undefined) return true;
    return typeof words === 'string' ? t.image === words : words.has(t.image);
  }

  private is(k: number, type: TokenType): boolean {
    return this.LA(k).tokenType === type;
  }

  // --- statements ------------------------------------------------------------------------------------

  public statement = this.RULE('statement', () => {
    this.OR([
      { GATE: () => this.isName(1, 'rule') || this.isName(1, 'checkpoint'), ALT: () => this.SUBRULE(this.ruleDef) },
      { GATE: () => this.isName(1, 'module') && this.isName(2) && this.is(3, OP.Colon), ALT: () => this.SUBRULE(this.moduleDef) },
      { GATE: () => this.isName(1, 'use') && this.isName(2, 'rule'), ALT: () => this.SUBRULE(this.useRule) },
      { GATE: () => this.isName(1, HANDLERS) && this.is(2, OP.Colon), ALT: () => this.SUBRULE(this.handler) },
      { GATE: () => this.isName(1, GLOBAL_DIRECTIVES) && this.is(2, OP.Colon), ALT: () => this.SUBRULE(this.globalDirective) },
      { ALT: () => this.SUBRULE(this.compoundStmt) },
      { ALT: () => this.SUBRULE(this.simpleStmts) },
    ]);
  });

  public simpleStmts = this.RULE('simpleStmts', () => {
    this.SUBRULE(this.smallStmt);
    this.MANY(() => {
      this.CONSUME(OP.Semicolon);
      this.OPTION(() => this.SUBRULE2(this.smallStmt));
    });
    this.CONSUME(Newline);
  });

  private smallStmt = this.RULE('smallStmt', () => {
    this.OR([
      { ALT: () => this.CONSUME(KW.pass) },
      { ALT: () => this.CONSUME(KW.break) },
      { ALT: () => this.CONSUME(KW.continue) },
      { ALT: () => this.SUBRULE(this.returnStmt) },
      { ALT: () => this.SUBRULE(this.raiseStmt) },
      { ALT: () => this.SUBRULE(this.globalStmt) },
      { ALT: () => this.SUBRULE(this.delStmt) },
      { ALT: () => this.SUBRULE(this.assertStmt) },
      { ALT: () => this.SUBRULE(this.importStmt) },
      { ALT: () => this.SUBRULE(this.fromImport) },
      { ALT: () => this.SUBRULE(this.yieldExpr) },
      { ALT: () => this.SUBRULE(this.exprStmt) },
    ]);
  });

  private exprStmt = this.RULE('exprStmt', () => {
    this.SUBRULE(this.testlistStar);
    this.OR([
      {
        ALT: () => {
          this.SUBRULE(this.augAssign);
          this.SUBRULE(this.testlist);
        },
      },
      {
        // Annotated assignment: `x: int = 3`.
        ALT: () => {
          this.CONSUME(OP.Colon);
          this.SUBRULE(this.test);
          this.OPTION(() => {
            this.CONSUME(OP.Assign);
            this.SUBRULE2(this.test);
          });
        },
      },
      {
        ALT: () =>
          this.MANY(() => {
            this.CONSUME2(OP.Assign);
            this.SUBRULE2(this.testlistStar);
          }),
      },
    ]);
  });

  private augAssign = this.RULE('augAssign', () => {
    this.OR([
      { ALT: () => this.CONSUME(OP.PlusAssign) },
      { ALT: () => this.CONSUME(OP.MinusAssign) },
      { ALT: () => this.CONSUME(OP.StarAssign) },
      { ALT: () => this.CONSUME(OP.SlashAssign) },
      { ALT: () => this.CONSUME(OP.FloorDivAssign) },
      { ALT: () => this.CONSUME(OP.PercentAssign) },
      { ALT: () => this.CONSUME(OP.PowAssign) },
      { ALT: () => this.CONSUME(OP.AmpAssign) },
      { ALT: () => this.CONSUME(OP.PipeAssign) },
      { ALT: () => this.CONSUME(OP.CaretAssign) },
      { ALT: () => this.CONSUME(OP.ShlAssign) },
      { ALT: () => this.CONSUME(OP.ShrAssign) },
      { ALT: () => this.CONSUME(OP.AtAssign) },
    ]);
  });

  private returnStmt = this.RULE('returnStmt', () => {
    this.CONSUME(KW.return);
    this.OPTION(() => this.SUBRULE(this.testlistStar));
  });

  private raiseStmt = this.RULE('raiseStmt', () => {
    this.CONSUME(KW.raise);
    this.OPTION(() => {
      this.SUBRULE(this.test);
      this.OPTION2(() => {
        this.CONSUME(KW.from);
        this.SUBRULE2(this.test);
      });
    });
  });

  private globalStmt = this.RULE('globalStmt', () => {
    this.OR([{ ALT: () => this.CONSUME(KW.global) }, { ALT: () => this.CONSUME(KW.nonlocal) }]);
    this.AT_LEAST_ONE_SEP({ SEP: OP.Comma, DEF: () => this.CONSUME(Name) });
  });

  private delStmt = this.RULE('delStmt', () => {
    this.CONSUME(KW.del);
    this.SUBRULE(this.exprlist);
  });

  private assertStmt = this.RULE('assertStmt', () => {
    this.CONSUME(KW.assert);
    this.SUBRULE(this.test);
    this.OPTION(() => {
      this.CONSUME(OP.Comma);
      this.SUBRULE2(this.test);
    });
  });

  private dottedName = this.RULE('dottedName', () => {
    this.CONSUME(Name);
    this.MANY(() => {
      this.CONSUME(OP.Dot);
      this.CONSUME2(Name);
    });
  });

  private importStmt = this.RULE('importStmt', () => {
    this.CONSUME(KW.import);
    this.AT_LEAST_ONE_SEP({
      SEP: OP.Comma,
      DEF: () => {
        this.SUBRULE(this.dottedName);
        this.OPTION(() => {
          this.CONSUME(KW.as);
          this.CONSUME(Name);
        });
      },
    });
  });

  private fromImport = this.RULE('fromImport', () => {
    this.CONSUME(KW.from);
    this.MANY(() => this.CONSUME(OP.Dot));
    this.OPTION(() => this.SUBRULE(this.dottedName));
    this.CONSUME(KW.import);
    this.OR([
      { ALT: () => this.CONSUME(OP.Star) },
      {
        ALT: () => {
          this.CONSUME(OP.LParen);
          this.SUBRULE(this.importNames);
          this.CONSUME(OP.RParen);
        },
      },
      { ALT: () => this.SUBRULE2(this.importNames) },
    ]);
  });

  private importNames = this.RULE('importNames', () => {
    this.CONSUME(Name);
    this.OPTION(() => {
      this.CONSUME(KW.as);
      this.CONSUME2(Name);
    });
    this.MANY(() => {
      this.CONSUME(OP.Comma);
      this.OPTION2(() => {
        this.CONSUME3(Name);
        this.OPTION3(() => {
          this.CONSUME2(KW.as);
          this.CONSUME4(Name);
        });
      });
    });
  });

  private compoundStmt = this.RULE('compoundStmt', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.ifStmt) },
      { ALT: () => this.SUBRULE(this.forStmt) },
      { ALT: () => this.SUBRULE(this.whileStmt) },
      { ALT: () => this.SUBRULE(this.funcDef) },
      { ALT: () => this.SUBRULE(this.decorated) },
      { ALT: () => this.SUBRULE(this.tryStmt) },
      { ALT: () => this.SUBRULE(this.withStmt) },
      { ALT: () => this.SUBRULE(this.classDef) },
    ]);
  });

  public block = this.RULE('block', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(Newline);
          this.CONSUME(Indent);
          this.AT_LEAST_ONE(() => this.OR2([{ ALT: () => this.SUBRULE(this.statement) }, { ALT: () => this.CONSUME2(Newline) }]));
          this.CONSUME(Dedent);
        },
      },
      { ALT: () => this.SUBRULE(this.simpleStmts) },
    ]);
  });

  private ifStmt = this.RULE('ifStmt', () => {
    this.CONSUME(KW.if);
    this.SUBRULE(this.namedTest);
    this.CONSUME(OP.Colon);
    this.SUBRULE(this.block);
    this.MANY(() => {
      this.CONSUME(KW.elif);
      this.SUBRULE2(this.namedTest);
      this.CONSUME2(OP.Colon);
      this.SUBRULE2(this.block);
    });
    this.OPTION(() => {
      this.CONSUME(KW.else);
      this.CONSUME3(OP.Colon);
      this.SUBRULE3(this.block);
    });
  });

  private forStmt = this.RULE('forStmt', () => {
    this.OPTION(() => this.CONSUME(KW.async));
    this.CONSUME(KW.for);
    this.SUBRULE(this.exprlist);
    this.CONSUME(KW.in);
    this.SUBRULE(this.testlist);
    this.CONSUME(OP.Colon);
    this.SUBRULE(this.block);
    this.OPTION2(() => {
      this.CONSUME(KW.else);
      this.CONSUME2(OP.Colon);
      this.SUBRULE2(this.block);
    });
  });

  private whileStmt = this.RULE('whileStmt', () => {
    this.CONSUME(KW.while);
    this.SUBRULE(this.namedTest);
    this.CONSUME(OP.Colon);
    this.SUBRULE(this.block);
    this.OPTION(() => {
      this.CONSUME(KW.else);
      this.CONSUME2(OP.Colon);
      this.SUBRULE2(this.block);
    });
  });

  private funcDef = this.RULE('funcDef', () => {
    this.OPTION(() => this.CONSUME(KW.async));
    this.CONSUME(KW.def);
    this.CONSUME(Name);
    this.CONSUME(OP.LParen);
    this.OPTION2(() => this.SUBRULE(this.params));
    this.CONSUME(OP.RParen);
    this.OPTION3(() => {
      this.CONSUME(OP.Arrow);
      this.SUBRULE(this.test);
    });
    this.CONSUME(OP.Colon);
    this.SUBRULE(this.block);
  });

  private decorated = this.RULE('decorated', () => {
    this.AT_LEAST_ONE(() => {
      this.CONSUME(OP.At);
      this.SUBRULE(this.namedTest);
      this.CONSUME(Newline);
    });
    this.OR([{ ALT: () => this.SUBRULE(this.funcDef) }, { ALT: () => this.SUBRULE(this.classDef) }]);
  });

  /** Parameters of `def` (annotated) and of `lambda` (not annotated: `lambdaParams`). */
  private params = this.RULE('params', () => {
    this.SUBRULE(this.param);
    this.MANY(() => {
      this.CONSUME(OP.Comma);
      this.OPTION(() => this.SUBRULE2(this.param));
    });
  });

  private param = this.RULE('param', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(OP.Pow);
          this.CONSUME(Name);
          this.OPTION(() => {
            this.CONSUME(OP.Colon);
            this.SUBRULE(this.test);
          });
        },
      },
      {
        ALT: () => {
          this.CONSUME(OP.Star);
          this.OPTION2(() => {
            this.CONSUME2(Name);
            this.OPTION3(() => {
              this.CONSUME2(OP.Colon);
              this.SUBRULE2(this.test);
            });
          });
        },
      },
      { ALT: () => this.CONSUME(OP.Slash) },
      {
        ALT: () => {
          this.CONSUME3(Name);
          this.OPTION4(() => {
            this.CONSUME3(OP.Colon);
            this.SUBRULE3(this.test);
          });
          this.OPTION5(() => {
            this.CONSUME(OP.Assign);
            this.SUBRULE4(this.test);
          });
        },
      },
    ]);
  });

  private lambdaParams = this.RULE('lambdaParams', () => {
    this.SUBRULE(this.lambdaParam);
    this.MANY(() => {
      this.CONSUME(OP.Comma);
      this.OPTION(() => this.SUBRULE2(this.lambdaParam));
    });
  });

  private lambdaParam = this.RULE('lambdaParam', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(OP.Pow);
          this.CONSUME(Name);
        },
      },
      {
        ALT: () => {
          this.CONSUME(OP.Star);
          this.OPTION(() => this.CONSUME2(Name));
        },
      },
      {
        ALT: () => {
          this.CONSUME3(Name);
          this.OPTION2(() => {
            this.CONSUME(OP.Assign);
            this.SUBRULE(this.test);
          });
        },
      },
    ]);
  });

  private tryStmt = this.RULE('tryStmt', () => {
    this.CONSUME(KW.try);
    this.CONSUME(OP.Colon);
    this.SUBRULE(this.block);
    this.MANY(() => {
      this.CONSUME(KW.except);
      this.OPTION(() => {
        this.SUBRULE(this.test);
        this.OPTION2(() => {
          this.CONSUME(KW.as);
          this.CONSUME(Name);
        });
      });
      this.CONSUME2(OP.Colon);
      this.SUBRULE2(this.block);
    });
    this.OPTION3(() => {
      this.CONSUME(KW.else);
      this.CONSUME3(OP.Colon);
      this.SUBRULE3(this.block);
    });
    this.OPTION4(() => {
      this.CONSUME(KW.finally);
      this.CONSUME4(OP.Colon);
      this.SUBRULE4(this.block);
    });
  });

  private withStmt = this.RULE('withStmt', () => {
    this.OPTION(() => this.CONSUME(KW.async));
    this.CONSUME(KW.with);
    this.AT_LEAST_ONE_SEP({
      SEP: OP.Comma,
      DEF: () => {
        this.SUBRULE(this.test);
        this.OPTION2(() => {
          this.CONSUME(KW.as);
          this.SUBRULE(this.expr);
        });
      },
    });
    this.CONSUME(OP.Colon);
    this.SUBRULE(this.block);
  });

  private classDef = this.RULE('classDef', () => {
    this.CONSUME(KW.class);
    this.CONSUME(Name);
    this.OPTION(() => {
      this.CONSUME(OP.LParen);
      this.OPTION2(() => this.SUBRULE(this.arglist));
      this.CONSUME(OP.RParen);
    });
    this.CONSUME(OP.Colon);
    this.SUBRULE(this.block);
  });

  // --- Snakemake statements --------------------------------------------------------------------------

  private ruleDef = this.RULE('ruleDef', () => {
    this.CONSUME(Name); // rule | checkpoint
    this.OPTION(() => this.CONSUME2(Name));
    this.CONSUME(OP.Colon);
    this.SUBRULE(this.directiveBlock);
  });

  private directiveBlock = this.RULE('directiveBlock', () => {
    this.CONSUME(Newline);
    this.CONSUME(Indent);
    this.AT_LEAST_ONE(() => this.OR([{ ALT: () => this.SUBRULE(this.directive) }, { ALT: () => this.CONSUME2(Newline) }]));
    this.CONSUME(Dedent);
  });

  /** `input: ...`, or `run:` and a Python block (a one-line `run: stmt` reads as arguments). */
  private directive = this.RULE('directive', () => {
    this.CONSUME(Name);
    this.CONSUME(OP.Colon);
    this.OR([
      { GATE: () => this.is(1, Newline), ALT: () => this.SUBRULE(this.block) },
      {
        ALT: () => {
          this.SUBRULE(this.arglist);
          this.CONSUME2(Newline);
        },
      },
    ]);
  });

  private globalDirective = this.RULE('globalDirective', () => {
    this.CONSUME(Name);
    this.CONSUME(OP.Colon);
    this.SUBRULE(this.arglist);
    this.CONSUME(Newline);
  });

  private moduleDef = this.RULE('moduleDef', () => {
    this.CONSUME(Name); // module
    this.CONSUME2(Name);
    this.CONSUME(OP.Colon);
    this.SUBRULE(this.directiveBlock);
  });

  /** `use rule a, b from m as m_* exclude c with:` (clauses in any order Snakemake allows). */
  private useRule = this.RULE('useRule', () => {
    this.CONSUME(Name); // use
    this.CONSUME2(Name); // rule
    this.SUBRULE(this.namePattern);
    this.MANY(() => {
      this.CONSUME(OP.Comma);
      this.SUBRULE2(this.namePattern);
    });
    this.MANY2(() => {
      this.OR([
        {
          GATE: () => this.is(1, KW.from),
          ALT: () => {
            this.CONSUME(KW.from);
            this.CONSUME3(Name);
          },
        },
        {
          GATE: () => this.is(1, KW.as),
          ALT: () => {
            this.CONSUME(KW.as);
            this.SUBRULE3(this.namePattern);
          },
        },
        {
          GATE: () => this.isName(1, 'exclude'),
          ALT: () => {
            this.CONSUME4(Name);
            this.SUBRULE4(this.namePattern);
            this.MANY3(() => {
              this.CONSUME2(OP.Comma);
              this.SUBRULE5(this.namePattern);
            });
          },
        },
      ]);
    });
    this.OR2([
      {
        ALT: () => {
          this.CONSUME(KW.with);
          this.CONSUME(OP.Colon);
          this.SUBRULE(this.directiveBlock);
        },
      },
      { ALT: () => this.CONSUME(Newline) },
    ]);
  });

  /** A rule name, or a pattern with `*` (`m_*`). */
  private namePattern = this.RULE('namePattern', () => {
    this.AT_LEAST_ONE(() => this.OR([{ ALT: () => this.CONSUME(Name) }, { ALT: () => this.CONSUME(OP.Star) }]));
  });

  private handler = this.RULE('handler', () => {
    this.CONSUME(Name);
    this.CONSUME(OP.Colon);
    this.SUBRULE(this.block);
  });

  // --- expressions -----------------------------------------------------------------------------------

  public test = this.RULE('test', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.lambdef) },
      {
        ALT: () => {
          this.SUBRULE(this.orTest);
          this.OPTION(() => {
            this.CONSUME(KW.if);
            this.SUBRULE2(this.orTest);
            this.CONSUME(KW.else);
            this.SUBRULE(this.test);
          });
        },
      },
    ]);
  });

  private namedTest = this.RULE('namedTest', () => {
    this.OPTION({
      GATE: () => this.is(2, OP.Walrus),
      DEF: () => {
        this.CONSUME(Name);
        this.CONSUME(OP.Walrus);
      },
    });
    this.SUBRULE(this.test);
  });

  private lambdef = this.RULE('lambdef', () => {
    this.CONSUME(KW.lambda);
    this.OPTION(() => this.SUBRULE(this.lambdaParams));
    this.CONSUME(OP.Colon);
    this.SUBRULE(this.test);
  });

  private orTest = this.RULE('orTest', () => {
    this.SUBRULE(this.andTest);
    this.MANY(() => {
      this.CONSUME(KW.or);
      this.SUBRULE2(this.andTest);
    });
  });

  private andTest = this.RULE('andTest', () => {
    this.SUBRULE(this.notTest);
    this.MANY(() => {
      this.CONSUME(KW.and);
      this.SUBRULE2(this.notTest);
    });
  });

  private notTest = this.RULE('notTest', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(KW.not);
          this.SUBRULE(this.notTest);
        },
      },
      { ALT: () => this.SUBRULE(this.comparison) },
    ]);
  });

  private comparison = this.RULE('comparison', () => {
    this.SUBRULE(this.expr);
    this.MANY(() => {
      this.SUBRULE(this.compOp);
      this.SUBRULE2(this.expr);
    });
  });

  private compOp = this.RULE('compOp', () => {
    this.OR([
      { ALT: () => this.CONSUME(OP.Lt) },
      { ALT: () => this.CONSUME(OP.Gt) },
      { ALT: () => this.CONSUME(OP.Eq) },
      { ALT: () => this.CONSUME(OP.Ge) },
      { ALT: () => this.CONSUME(OP.Le) },
      { ALT: () => this.CONSUME(OP.Ne) },
      { ALT: () => this.CONSUME(KW.in) },
      {
        ALT: () => {
          this.CONSUME(KW.not);
          this.CONSUME2(KW.in);
        },
      },
      {
        ALT: () => {
          this.CONSUME(KW.is);
          this.OPTION(() => this.CONSUME2(KW.not));
        },
      },
    ]);
  });

  private starExpr = this.RULE('starExpr', () => {
    this.CONSUME(OP.Star);
    this.SUBRULE(this.expr);
  });

  /** Binary operators from `|` down to `**`, one rule: cst-to-ast applies Python's precedence. */
  public expr = this.RULE('expr', () => {
    this.SUBRULE(this.factor);
    this.MANY(() => {
      this.SUBRULE(this.binOp);
      this.SUBRULE2(this.factor);
    });
  });

  private binOp = this.RULE('binOp', () => {
    this.OR([
      { ALT: () => this.CONSUME(OP.Pipe) },
      { ALT: () => this.CONSUME(OP.Caret) },
      { ALT: () => this.CONSUME(OP.Amp) },
      { ALT: () => this.CONSUME(OP.Shl) },
      { ALT: () => this.CONSUME(OP.Shr) },
      { ALT: () => this.CONSUME(OP.Plus) },
      { ALT: () => this.CONSUME(OP.Minus) },
      { ALT: () => this.CONSUME(OP.Star) },
      { ALT: () => this.CONSUME(OP.At) },
      { ALT: () => this.CONSUME(OP.Slash) },
      { ALT: () => this.CONSUME(OP.Percent) },
      { ALT: () => this.CONSUME(OP.FloorDiv) },
    ]);
  });

  private factor = this.RULE('factor', () => {
    this.OR([
      {
        ALT: () => {
          this.OR2([{ ALT: () => this.CONSUME(OP.Plus) }, { ALT: () => this.CONSUME(OP.Minus) }, { ALT: () => this.CONSUME(OP.Tilde) }]);
          this.SUBRULE(this.factor);
        },
      },
      { ALT: () => this.SUBRULE(this.power) },
    ]);
  });

  private power = this.RULE('power', () => {
    this.OPTION(() => this.CONSUME(KW.await));
    this.SUBRULE(this.atomExpr);
    this.OPTION2(() => {
      this.CONSUME(OP.Pow);
      this.SUBRULE(this.factor);
    });
  });

  private atomExpr = this.RULE('atomExpr', () => {
    this.SUBRULE(this.atom);
    this.MANY(() => this.SUBRULE(this.trailer));
  });

  private trailer = this.RULE('trailer', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(OP.LParen);
          this.OPTION(() => this.SUBRULE(this.arglist));
          this.CONSUME(OP.RParen);
        },
      },
      {
        ALT: () => {
          this.CONSUME(OP.LBracket);
          this.SUBRULE(this.subscriptList);
          this.CONSUME(OP.RBracket);
        },
      },
      {
        ALT: () => {
          this.CONSUME(OP.Dot);
          this.CONSUME(Name);
        },
      },
    ]);
  });

  private atom = this.RULE('atom', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(OP.LParen);
          this.OPTION(() => this.OR2([{ ALT: () => this.SUBRULE(this.yieldExpr) }, { ALT: () => this.SUBRULE(this.testlistComp) }]));
          this.CONSUME(OP.RParen);
        },
      },
      {
        ALT: () => {
          this.CONSUME(OP.LBracket);
          this.OPTION2(() => this.SUBRULE2(this.testlistComp));
          this.CONSUME(OP.RBracket);
        },
      },
      {
        ALT: () => {
          this.CONSUME(OP.LBrace);
          this.OPTION3(() => this.SUBRULE(this.dictOrSet));
          this.CONSUME(OP.RBrace);
        },
      },
      { ALT: () => this.CONSUME(Name) },
      { ALT: () => this.CONSUME(NumberLit) },
      { ALT: () => this.AT_LEAST_ONE(() => this.CONSUME(StringLit)) },
      { ALT: () => this.CONSUME(OP.Ellipsis) },
      { ALT: () => this.CONSUME(KW.None) },
      { ALT: () => this.CONSUME(KW.True) },
      { ALT: () => this.CONSUME(KW.False) },
    ]);
  });

  private yieldExpr = this.RULE('yieldExpr', () => {
    this.CONSUME(KW.yield);
    this.OPTION(() => {
      this.OPTION2(() => this.CONSUME(KW.from));
      this.SUBRULE(this.testlistStar);
    });
  });

  /** Inside `( )` and `[ ]`: items, or one item and a comprehension. */
  private testlistComp = this.RULE('testlistComp', () => {
    this.SUBRULE(this.listItem);
    this.OR([
      { ALT: () => this.SUBRULE(this.compFor) },
      {
        ALT: () =>
          this.MANY(() => {
            this.CONSUME(OP.Comma);
            this.OPTION(() => this.SUBRULE2(this.listItem));
          }),
      },
    ]);
  });

  private listItem = this.RULE('listItem', () => {
    this.OR([{ ALT: () => this.SUBRULE(this.starExpr) }, { ALT: () => this.SUBRULE(this.namedTest) }]);
  });

  private dictOrSet = this.RULE('dictOrSet', () => {
    this.SUBRULE(this.dictOrSetItem);
    this.OR([
      { ALT: () => this.SUBRULE(this.compFor) },
      {
        ALT: () =>
          this.MANY(() => {
            this.CONSUME(OP.Comma);
            this.OPTION(() => this.SUBRULE2(this.dictOrSetItem));
          }),
      },
    ]);
  });

  /** `k: v`, `**mapping`, `*iterable` or `v`: cst-to-ast checks that one display does not mix them. */
  private dictOrSetItem = this.RULE('dictOrSetItem', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(OP.Pow);
          this.SUBRULE(this.expr);
        },
      },
      { ALT: () => this.SUBRULE(this.starExpr) },
      {
        ALT: () => {
          this.SUBRULE(this.test);
          this.OPTION(() => {
            this.CONSUME(OP.Colon);
            this.SUBRULE2(this.test);
          });
        },
      },
    ]);
  });

  private subscriptList = this.RULE('subscriptList', () => {
    this.SUBRULE(this.subscript);
    this.MANY(() => {
      this.CONSUME(OP.Comma);
      this.OPTION(() => this.SUBRULE2(this.subscript));
    });
  });

  private subscript = this.RULE('subscript', () => {
    this.OR([
      {
        ALT: () => {
          this.SUBRULE(this.test);
          this.OPTION(() => this.SUBRULE(this.sliceRest));
        },
      },
      { ALT: () => this.SUBRULE2(this.sliceRest) },
    ]);
  });

  private sliceRest = this.RULE('sliceRest', () => {
    this.CONSUME(OP.Colon);
    this.OPTION(() => this.SUBRULE(this.test));
    this.OPTION2(() => {
      this.CONSUME2(OP.Colon);
      this.OPTION3(() => this.SUBRULE2(this.test));
    });
  });

  public exprlist = this.RULE('exprlist', () => {
    this.OR([{ ALT: () => this.SUBRULE(this.starExpr) }, { ALT: () => this.SUBRULE(this.expr) }]);
    this.MANY(() => {
      this.CONSUME(OP.Comma);
      this.OPTION(() => this.OR2([{ ALT: () => this.SUBRULE2(this.starExpr) }, { ALT: () => this.SUBRULE2(this.expr) }]));
    });
  });

  public testlist = this.RULE('testlist', () => {
    this.SUBRULE(this.test);
    this.MANY(() => {
      this.CONSUME(OP.Comma);
      this.OPTION(() => this.SUBRULE2(this.test));
    });
  });

  private testlistStar = this.RULE('testlistStar', () => {
    this.SUBRULE(this.listItem);
    this.MANY(() => {
      this.CONSUME(OP.Comma);
      this.OPTION(() => this.SUBRULE2(this.listItem));
    });
  });

  public arglist = this.RULE('arglist', () => {
    this.SUBRULE(this.argument);
    this.MANY(() => {
      this.CONSUME(OP.Comma);
      this.OPTION(() => this.SUBRULE2(this.argument));
    });
  });

  private argument = this.RULE('argument', () => {
    this.OR([
      {
        GATE: () => this.is(1, Name) && this.is(2, OP.Assign),
        ALT: () => {
          this.CONSUME(Name);
          this.CONSUME(OP.Assign);
          this.SUBRULE(this.test);
        },
      },
      {
        ALT: () => {
          this.CONSUME(OP.Pow);
          this.SUBRULE2(this.test);
        },
      },
      {
        ALT: () => {
          this.CONSUME(OP.Star);
          this.SUBRULE3(this.test);
        },
      },
      {
        ALT: () => {
          this.SUBRULE(this.namedTest);
          this.OPTION(() => this.SUBRULE(this.compFor));
        },
      },
    ]);
  });

  private compFor = this.RULE('compFor', () => {
    this.OPTION(() => this.CONSUME(KW.async));
    this.CONSUME(KW.for);
    this.SUBRULE(this.exprlist);
    this.CONSUME(KW.in);
    this.SUBRULE(this.orTest);
    this.MANY(() =>
      this.OR([
        {
          ALT: () => {
            this.CONSUME(KW.if);
            this.SUBRULE2(this.orTest);
          },
        },
        { ALT: () => this.SUBRULE2(this.compFor) },
      ]),
    );
  });
}

export type { IToken };
