// Concrete syntax tree (chevrotain) → ast.ts. Applies operator precedence, decodes strings, parses
// f-string fields, and gives every node its position.

import type { CstElement, CstNode, IToken } from 'chevrotain';
import type * as A from './ast.js';
import { decodeString, StringSyntaxError, type RawField } from './strings.js';

/** Parses an f-string field's expression text; supplied by parse.ts (it owns the parser). */
export type FieldParser = (text: string, offset: number) => A.Expr;

export class AstError extends Error {
  constructor(
    message: string,
    readonly pos: A.Pos,
  ) {
    super(message);
  }
}

type Children = Record<string, CstElement[] | undefined>;

function isToken(e: CstElement): e is IToken {
  return (e as IToken).image !== undefined;
}

const nodes = (c: Children, key: string): CstNode[] => (c[key] ?? []) as CstNode[];
const toks = (c: Children, key: string): IToken[] => (c[key] ?? []) as IToken[];
const node = (c: Children, key: string, i = 0): CstNode | undefined => nodes(c, key)[i];
const tok = (c: Children, key: string, i = 0): IToken | undefined => toks(c, key)[i];

function posOfToken(t: IToken): A.Pos {
  return { line: t.startLine ?? 1, column: t.startColumn ?? 1, offset: t.startOffset };
}

function posOf(n: CstNode): A.Pos {
  const l = n.location;
  return { line: l?.startLine ?? 1, column: l?.startColumn ?? 1, offset: l?.startOffset ?? 0 };
}

/** Binary operator precedence, lowest first (Python's grammar from `|` to `*`). */
const PRECEDENCE: Record<string, number> = { '|': 1, '^': 2, '&': 3, '<<': 4, '>>': 4, '+': 5, '-': 5, '*': 6, '@': 6, '/': 6, '%': 6, '//': 6 };

export class AstBuilder {
  constructor(private readonly parseField: FieldParser) {}

  // --- statements ------------------------------------------------------------------------------------

  statement(n: CstNode): A.Stmt[] {
    const c = n.children as Children;
    const sub = (Object.values(c)[0] as CstNode[])[0]!;
    switch (sub.name) {
      case 'ruleDef':
        return [this.ruleDef(sub)];
      case 'moduleDef':
        return [this.moduleDef(sub)];
      case 'useRule':
        return [this.useRule(sub)];
      case 'handler':
        return [this.handler(sub)];
      case 'globalDirective':
        return [this.globalDirective(sub)];
      case 'compoundStmt':
        return [this.compound(sub)];
      default:
        return this.simpleStmts(sub);
    }
  }

  simpleStmts(n: CstNode): A.Stmt[] {
    return nodes(n.children as Children, 'smallStmt').map((s) => this.smallStmt(s));
  }

  block(n: CstNode): A.Stmt[] {
    const c = n.children as Children;
    const simple = node(c, 'simpleStmts');
    if (simple) return this.simpleStmts(simple);
    return nodes(c, 'statement').flatMap((s) => this.statement(s));
  }

  private smallStmt(n: CstNode): A.Stmt {
    const c = n.children as Children;
    const pos = posOf(n);
    if (tok(c, 'Kw_pass')) return { kind: 'pass', pos };
    if (tok(c, 'Kw_break')) return { kind: 'break', pos };
    if (tok(c, 'Kw_continue')) return { kind: 'continue', pos };
    const sub = (Object.values(c)[0] as CstNode[])[0]!;
    const sc = sub.children as Children;
    switch (sub.name) {
      case 'returnStmt': {
        const v = node(sc, 'testlistStar');
        return v ? { kind: 'return', pos, value: this.testlistStar(v) } : { kind: 'return', pos };
      }
      case 'raiseStmt': {
        const t = node(sc, 'test');
        return t ? { kind: 'raise', pos, exc: this.test(t) } : { kind: 'raise', pos };
      }
      case 'globalStmt':
        return { kind: 'global', pos, names: toks(sc, 'Name').map((t) => t.image) };
      case 'delStmt':
        return { kind: 'delete', pos, targets: this.exprlistItems(node(sc, 'exprlist')!) };
      case 'assertStmt': {
        const tests = nodes(sc, 'test').map((t) => this.test(t));
        return tests[1] ? { kind: 'assert', pos, test: tests[0]!, msg: tests[1] } : { kind: 'assert', pos, test: tests[0]! };
      }
      case 'importStmt':
        return this.importStmt(sub);
      case 'fromImport':
        return this.fromImport(sub);
      case 'yieldExpr':
        return { kind: 'unsupported', pos, what: 'yield' };
      default:
        return this.exprStmt(sub);
    }
  }

  private exprStmt(n: CstNode): A.Stmt {
    const c = n.children as Children;
    const pos = posOf(n);
    const lists = nodes(c, 'testlistStar').map((x) => this.testlistStar(x));
    const aug = node(c, 'augAssign');
    if (aug) {
      const op = (Object.values(aug.children)[0] as IToken[])[0]!.image.slice(0, -1) as A.BinOperator;
      return { kind: 'augassign', pos, target: this.target(lists[0]!), op, value: this.testlist(node(c, 'testlist')!) };
    }
    if (tok(c, 'Colon')) {
      const tests = nodes(c, 'test');
      if (tests.length < 2) return { kind: 'pass', pos }; // a bare annotation does nothing
      return { kind: 'assign', pos, targets: [this.target(lists[0]!)], value: this.test(tests[1]!) };
    }
    if (lists.length > 1) return { kind: 'assign', pos, targets: lists.slice(0, -1).map((t) => this.target(t)), value: lists[lists.length - 1]! };
    return { kind: 'expr', pos, value: lists[0]! };
  }

  /** Checks that an expression can be assigned to. */
  private target(e: A.Expr): A.Expr {
    switch (e.kind) {
      case 'name':
      case 'attribute':
      case 'subscript':
        return e;
      case 'tuple':
      case 'list':
        return { ...e, elts: e.elts.map((x) => this.target(x)) };
      case 'starred':
        return { ...e, value: this.target(e.value) };
      default:
        throw new AstError('cannot assign to this expression', e.pos);
    }
  }

  private importStmt(n: CstNode): A.Stmt {
    const c = n.children as Children;
    const dotted = nodes(c, 'dottedName');
    const as = toks(c, 'Name');
    // `as` names follow their dotted name; match them by position.
    const names = dotted.map((d) => {
      const name = toks(d.children as Children, 'Name').map((t) => t.image).join('.');
      const end = d.location?.endOffset ?? 0;
      const alias = as.find((t) => t.startOffset > end && !dotted.some((o) => (o.location?.startOffset ?? 0) > end && (o.location?.startOffset ?? 0) < t.startOffset));
      return alias ? { name, asname: alias.image } : { name };
    });
    return { kind: 'import', pos: posOf(n), names };
  }

  private fromImport(n: CstNode): A.Stmt {
    const c = n.children as Children;
    const dots = toks(c, 'Dot').length;
    const dotted = node(c, 'dottedName');
    const module = '.'.repeat(dots) + (dotted ? toks(dotted.children as Children, 'Name').map((t) => t.image).join('.') : '');
    if (tok(c, 'Star')) return { kind: 'importfrom', pos: posOf(n), module, names: [{ name: '*' }] };
    const list = node(c, 'importNames')!;
    const ic = list.children as Children;
    const all = [...toks(ic, 'Name'), ...toks(ic, 'Kw_as')].sort((a, b) => a.startOffset - b.startOffset);
    const names: { name: string; asname?: string }[] = [];
    for (let i = 0; i < all.length; i++) {
      const t = all[i]!;
      if (t.image === 'as' && t.tokenType.name === 'Kw_as') {
        names[names.length - 1]!.asname = all[++i]!.image;
      } else names.push({ name: t.image });
    }
    return { kind: 'importfrom', pos: posOf(n), module, names };
  }

  private compound(n: CstNode): A.Stmt {
    const sub = (Object.values(n.children)[0] as CstNode[])[0]!;
    const c = sub.children as Children;
    const pos = posOf(sub);
    switch (sub.name) {
      case 'ifStmt': {
        const tests = nodes(c, 'namedTest').map((t) => this.namedTest(t));
        const blocks = nodes(c, 'block').map((b) => this.block(b));
        let orelse: A.Stmt[] = tests.length < blocks.length ? blocks[blocks.length - 1]! : [];
        for (let i = tests.length - 1; i >= 1; i--) orelse = [{ kind: 'if', pos: tests[i]!.pos, test: tests[i]!, body: blocks[i]!, orelse }];
        return { kind: 'if', pos, test: tests[0]!, body: blocks[0]!, orelse };
      }
      case 'forStmt': {
        const blocks = nodes(c, 'block').map((b) => this.block(b));
        return { kind: 'for', pos, target: this.target(this.exprlist(node(c, 'exprlist')!)), iter: this.testlist(node(c, 'testlist')!), body: blocks[0]!, orelse: blocks[1] ?? [] };
      }
      case 'whileStmt': {
        const blocks = nodes(c, 'block').map((b) => this.block(b));
        return { kind: 'while', pos, test: this.namedTest(node(c, 'namedTest')!), body: blocks[0]!, orelse: blocks[1] ?? [] };
      }
      case 'funcDef':
        return this.funcDef(sub, []);
      case 'decorated': {
        const decorators = nodes(c, 'namedTest').map((t) => this.namedTest(t));
        const f = node(c, 'funcDef');
        return f ? this.funcDef(f, decorators) : { kind: 'unsupported', pos, what: 'class definitions' };
      }
      case 'tryStmt':
        return this.tryStmt(sub);
      case 'withStmt': {
        const tests = nodes(c, 'test');
        const targets = nodes(c, 'expr');
        const items = tests.map((t, i) => {
          const item: { context: A.Expr; target?: A.Expr } = { context: this.test(t) };
          const target = targets[i];
          if (target) item.target = this.target(this.expr(target));
          return item;
        });
        return { kind: 'with', pos, items, body: this.block(node(c, 'block')!) };
      }
      default:
        return { kind: 'unsupported', pos, what: 'class definitions' };
    }
  }

  private funcDef(n: CstNode, decorators: A.Expr[]): A.FunctionDef {
    const c = n.children as Children;
    const params = node(c, 'params');
    return {
      kind: 'def',
      pos: posOf(n),
      name: tok(c, 'Name')!.image,
      params: params ? nodes(params.children as Children, 'param').map((p) => this.param(p)) : [],
      body: this.block(node(c, 'block')!),
      decorators,
    };
  }

  private param(n: CstNode): A.Param {
    const c = n.children as Children;
    const name = tok(c, 'Name')?.image;
    if (tok(c, 'Pow')) return { name: name!, star: '**' };
    if (tok(c, 'Star')) return name ? { name, star: '*' } : { name: '', kwOnlyMarker: true };
    if (tok(c, 'Slash')) return { name: '', kwOnlyMarker: false };
    const tests = nodes(c, 'test');
    const hasDefault = tok(c, 'Assign') !== undefined;
    return hasDefault ? { name: name!, default: this.test(tests[tests.length - 1]!) } : { name: name! };
  }

  private tryStmt(n: CstNode): A.Try {
    const c = n.children as Children;
    const blocks = nodes(c, 'block');
    const excepts = toks(c, 'Kw_except');
    const tests = nodes(c, 'test');
    const asNames = toks(c, 'Name');
    const handlers = excepts.map((e, i) => {
      const body = this.block(blocks[i + 1]!);
      const next = excepts[i + 1]?.startOffset ?? Infinity;
      const type = tests.find((t) => (t.location?.startOffset ?? 0) > e.startOffset && (t.location?.startOffset ?? 0) < next);
      const name = asNames.find((t) => t.startOffset > e.startOffset && t.startOffset < next);
      const h: A.Try['handlers'][number] = { body, pos: posOfToken(e) };
      if (type) h.type = this.test(type);
      if (name) h.name = name.image;
      return h;
    });
    let k = 1 + excepts.length;
    const orelse = tok(c, 'Kw_else') ? this.block(blocks[k++]!) : [];
    const finalbody = tok(c, 'Kw_finally') ? this.block(blocks[k]!) : [];
    return { kind: 'try', pos: posOf(n), body: this.block(blocks[0]!), handlers, orelse, finalbody };
  }

  // --- Snakemake statements --------------------------------------------------------------------------

  private ruleDef(n: CstNode): A.RuleDef {
    const c = n.children as Children;
    const [kw, name] = toks(c, 'Name');
    const rule: A.RuleDef = { kind: 'rule', pos: posOf(n), checkpoint: kw!.image === 'checkpoint', directives: this.directives(node(c, 'directiveBlock')!) };
    if (name) rule.name = name.image;
    return rule;
  }

  private directives(n: CstNode): A.Directive[] {
    return nodes(n.children as Children, 'directive').map((d) => {
      const c = d.children as Children;
      const name = tok(c, 'Name')!.image;
      const block = node(c, 'block');
      if (block) {
        if (name !== 'run') throw new AstError(`${name}: needs its arguments on the same line or indented below it`, posOf(d));
        return { name, pos: posOf(d), body: this.block(block) };
      }
      const args = this.arglist(node(c, 'arglist')!);
      if (name === 'run') {
        // `run: stmt` on one line.
        return { name, pos: posOf(d), body: args.args.map((value) => ({ kind: 'expr' as const, pos: value.pos, value })) };
      }
      return { name, pos: posOf(d), args };
    });
  }

  private globalDirective(n: CstNode): A.GlobalDirective {
    const c = n.children as Children;
    return { kind: 'global-directive', pos: posOf(n), name: tok(c, 'Name')!.image, args: this.arglist(node(c, 'arglist')!) };
  }

  private moduleDef(n: CstNode): A.ModuleDef {
    const c = n.children as Children;
    return { kind: 'module', pos: posOf(n), name: toks(c, 'Name')[1]!.image, directives: this.directives(node(c, 'directiveBlock')!) };
  }

  private useRule(n: CstNode): A.UseRule {
    const c = n.children as Children;
    const patterns = nodes(c, 'namePattern').map((p) => ({
      text: (Object.values(p.children).flat() as IToken[]).sort((a, b) => a.startOffset - b.startOffset).map((t) => t.image).join(''),
      at: p.location?.startOffset ?? 0,
    }));
    const names = toks(c, 'Name');
    const fromTok = tok(c, 'Kw_from');
    const asTok = tok(c, 'Kw_as');
    const excludeTok = names.find((t) => t.image === 'exclude' && t.startOffset > names[1]!.startOffset);
    const use: A.UseRule = { kind: 'use', pos: posOf(n), rules: [], exclude: [], directives: [] };
    for (const p of patterns) {
      if (asTok && p.at > asTok.startOffset && (!excludeTok || excludeTok.startOffset < asTok.startOffset || p.at < excludeTok.startOffset)) use.as = p.text;
      else if (excludeTok && p.at > excludeTok.startOffset && (!asTok || asTok.startOffset < excludeTok.startOffset || p.at < asTok.startOffset)) use.exclude.push(p.text);
      else use.rules.push(p.text);
    }
    if (fromTok) use.from = names.find((t) => t.startOffset > fromTok.startOffset)!.image;
    const block = node(c, 'directiveBlock');
    if (block) use.directives = this.directives(block);
    return use;
  }

  private handler(n: CstNode): A.Handler {
    const c = n.children as Children;
    return { kind: 'handler', pos: posOf(n), name: tok(c, 'Name')!.image as A.Handler['name'], body: this.block(node(c, 'block')!) };
  }

  // --- expressions -----------------------------------------------------------------------------------

  test(n: CstNode): A.Expr {
    const c = n.children as Children;
    const lambda = node(c, 'lambdef');
    if (lambda) return this.lambdef(lambda);
    const ors = nodes(c, 'orTest');
    const body = this.orTest(ors[0]!);
    if (ors.length === 1) return body;
    return { kind: 'ifexp', pos: posOf(n), body, test: this.orTest(ors[1]!), orelse: this.test(node(c, 'test')!) };
  }

  namedTest(n: CstNode): A.Expr {
    const c = n.children as Children;
    const value = this.test(node(c, 'test')!);
    const name = tok(c, 'Name');
    return name ? { kind: 'named', pos: posOf(n), target: name.image, value } : value;
  }

  private lambdef(n: CstNode): A.Expr {
    const c = n.children as Children;
    const ps = node(c, 'lambdaParams');
    const params = ps
      ? nodes(ps.children as Children, 'lambdaParam').map((p): A.Param => {
          const pc = p.children as Children;
          const name = tok(pc, 'Name')?.image;
          if (tok(pc, 'Pow')) return { name: name!, star: '**' };
          if (tok(pc, 'Star')) return name ? { name, star: '*' } : { name: '', kwOnlyMarker: true };
          const d = node(pc, 'test');
          return d ? { name: name!, default: this.test(d) } : { name: name! };
        })
      : [];
    return { kind: 'lambda', pos: posOf(n), params, body: this.test(node(c, 'test')!) };
  }

  private orTest(n: CstNode): A.Expr {
    const values = nodes(n.children as Children, 'andTest').map((x) => this.andTest(x));
    return values.length === 1 ? values[0]! : { kind: 'boolop', pos: posOf(n), op: 'or', values };
  }

  private andTest(n: CstNode): A.Expr {
    const values = nodes(n.children as Children, 'notTest').map((x) => this.notTest(x));
    return values.length === 1 ? values[0]! : { kind: 'boolop', pos: posOf(n), op: 'and', values };
  }

  private notTest(n: CstNode): A.Expr {
    const c = n.children as Children;
    const inner = node(c, 'notTest');
    if (inner) return { kind: 'unary', pos: posOf(n), op: 'not', operand: this.notTest(inner) };
    return this.comparison(node(c, 'comparison')!);
  }

  private comparison(n: CstNode): A.Expr {
    const c = n.children as Children;
    const operands = nodes(c, 'expr').map((e) => this.expr(e));
    if (operands.length === 1) return operands[0]!;
    const ops = nodes(c, 'compOp').map((o): A.CmpOperator => {
      const ts = (Object.values(o.children).flat() as IToken[]).sort((a, b) => a.startOffset - b.startOffset);
      return ts.map((t) => t.image).join(' ') as A.CmpOperator;
    });
    return { kind: 'compare', pos: posOf(n), left: operands[0]!, ops, comparators: operands.slice(1) };
  }

  expr(n: CstNode): A.Expr {
    const c = n.children as Children;
    const operands = nodes(c, 'factor').map((f) => this.factor(f));
    if (operands.length === 1) return operands[0]!;
    const ops = nodes(c, 'binOp').map((o) => (Object.values(o.children)[0] as IToken[])[0]!.image as A.BinOperator);
    // Precedence climbing over the flat operand/operator list; all these operators are left-associative.
    // Operand k sits between operators k-1 and k.
    let i = 0;
    const climb = (minPrec: number): A.Expr => {
      let left = operands[i]!;
      while (i < ops.length && PRECEDENCE[ops[i]!]! >= minPrec) {
        const op = ops[i]!;
        i++;
        const right = climb(PRECEDENCE[op]! + 1);
        left = { kind: 'binop', pos: left.pos, op, left, right };
      }
      return left;
    };
    return climb(0);
  }

  private factor(n: CstNode): A.Expr {
    const c = n.children as Children;
    const inner = node(c, 'factor');
    if (inner) {
      const op = (tok(c, 'Plus') ?? tok(c, 'Minus') ?? tok(c, 'Tilde'))!.image as '+' | '-' | '~';
      const operand = this.factor(inner);
      // Fold negative number literals so that `-1` is a constant, as Python's own printer shows it.
      if (op === '-' && operand.kind === 'const' && typeof operand.value === 'number') return { ...operand, pos: posOf(n), value: -operand.value };
      return { kind: 'unary', pos: posOf(n), op, operand };
    }
    const p = node(c, 'power')!;
    const pc = p.children as Children;
    const base = this.atomExpr(node(pc, 'atomExpr')!);
    const exp = node(pc, 'factor');
    return exp ? { kind: 'binop', pos: posOf(p), op: '**', left: base, right: this.factor(exp) } : base;
  }

  private atomExpr(n: CstNode): A.Expr {
    const c = n.children as Children;
    let value = this.atom(node(c, 'atom')!);
    for (const t of nodes(c, 'trailer')) {
      const tc = t.children as Children;
      const pos = value.pos;
      if (tok(tc, 'LParen')) {
        const a = node(tc, 'arglist');
        const { args, keywords } = a ? this.arglist(a) : { args: [], keywords: [] };
        value = { kind: 'call', pos, func: value, args, keywords };
      } else if (tok(tc, 'LBracket')) {
        value = { kind: 'subscript', pos, value, index: this.subscriptList(node(tc, 'subscriptList')!) };
      } else {
        const name = (Object.entries(tc).find(([k]) => k !== 'Dot')![1] as IToken[])[0]!;
        value = { kind: 'attribute', pos, value, attr: name.image };
      }
    }
    return value;
  }

  private atom(n: CstNode): A.Expr {
    const c = n.children as Children;
    const pos = posOf(n);
    if (tok(c, 'LParen')) {
      const inner = node(c, 'testlistComp');
      if (node(c, 'yieldExpr')) throw new AstError('yield expressions are not supported', pos);
      if (!inner) return { kind: 'tuple', pos, elts: [] };
      return this.testlistComp(inner, 'paren');
    }
    if (tok(c, 'LBracket')) {
      const inner = node(c, 'testlistComp');
      return inner ? this.testlistComp(inner, 'list') : { kind: 'list', pos, elts: [] };
    }
    if (tok(c, 'LBrace')) {
      const inner = node(c, 'dictOrSet');
      return inner ? this.dictOrSet(inner) : { kind: 'dict', pos, items: [] };
    }
    const name = tok(c, 'Name');
    if (name) return { kind: 'name', pos, id: name.image };
    const num = tok(c, 'Number');
    if (num) return { kind: 'const', pos, value: this.number(num) };
    if (toks(c, 'String').length > 0) return this.strings(toks(c, 'String'));
    if (tok(c, 'Ellipsis')) return { kind: 'const', pos, value: 'ellipsis' };
    if (tok(c, 'Kw_None')) return { kind: 'const', pos, value: null };
    if (tok(c, 'Kw_True')) return { kind: 'const', pos, value: true };
    return { kind: 'const', pos, value: false };
  }

  private number(t: IToken): A.Constant['value'] {
    const s = t.image.replace(/_/g, '');
    if (/[jJ]$/.test(s)) throw new AstError('complex numbers are not supported', posOfToken(t));
    if (/^0[xX]/.test(s)) return parseInt(s.slice(2), 16);
    if (/^0[oO]/.test(s)) return parseInt(s.slice(2), 8);
    if (/^0[bB]/.test(s)) return parseInt(s.slice(2), 2);
    if (/[.eE]/.test(s)) return { float: Number(s) };
    return Number(s);
  }

  /** Adjacent literals concatenate; any f-string among them makes the whole an f-string. */
  private strings(tokens: IToken[]): A.Expr {
    const pos = posOfToken(tokens[0]!);
    const parts: (string | A.FField)[] = [];
    let fstring = false;
    let bytes = false;
    for (const t of tokens) {
      let decoded;
      try {
        decoded = decodeString(t.image);
      } catch (e) {
        if (e instanceof StringSyntaxError) throw new AstError(e.message, posOfToken(t));
        throw e;
      }
      fstring ||= decoded.fstring;
      bytes ||= decoded.bytes;
      for (const p of decoded.parts) parts.push(typeof p === 'string' ? p : this.field(p, t.startOffset));
    }
    if (!fstring) {
      const text = parts.join('');
      return { kind: 'const', pos, value: bytes ? { bytes: text } : text };
    }
    return { kind: 'fstring', pos, parts: mergeText(parts) };
  }

  private field(raw: RawField, tokenOffset: number): A.FField {
    const f: A.FField = { expr: this.parseField(raw.expr, tokenOffset + raw.offset) };
    if (raw.conversion) f.conversion = raw.conversion;
    if (raw.selfDoc) f.selfDoc = raw.selfDoc;
    if (raw.spec) f.spec = raw.spec.map((p) => (typeof p === 'string' ? p : this.field(p, tokenOffset)));
    return f;
  }

  private testlistComp(n: CstNode, context: 'paren' | 'list'): A.Expr {
    const c = n.children as Children;
    const pos = posOf(n);
    const items = nodes(c, 'listItem').map((x) => this.listItem(x));
    const comp = node(c, 'compFor');
    if (comp) return { kind: 'comprehension', pos, type: context === 'list' ? 'list' : 'generator', elt: items[0]!, generators: this.compFor(comp) };
    if (context === 'list') return { kind: 'list', pos, elts: items };
    if (toks(c, 'Comma').length === 0) return items[0]!;
    return { kind: 'tuple', pos, elts: items };
  }

  private listItem(n: CstNode): A.Expr {
    const c = n.children as Children;
    const star = node(c, 'starExpr');
    if (star) return { kind: 'starred', pos: posOf(star), value: this.expr(node(star.children as Children, 'expr')!) };
    return this.namedTest(node(c, 'namedTest')!);
  }

  private dictOrSet(n: CstNode): A.Expr {
    const c = n.children as Children;
    const pos = posOf(n);
    const items = nodes(c, 'dictOrSetItem').map((i) => {
      const ic = i.children as Children;
      if (tok(ic, 'Pow')) return { type: 'spread' as const, value: this.expr(node(ic, 'expr')!) };
      const star = node(ic, 'starExpr');
      if (star) return { type: 'star' as const, value: { kind: 'starred' as const, pos: posOf(star), value: this.expr(node(star.children as Children, 'expr')!) } };
      const tests = nodes(ic, 'test').map((t) => this.test(t));
      return tests.length === 2 ? { type: 'pair' as const, key: tests[0]!, value: tests[1]! } : { type: 'elt' as const, value: tests[0]! };
    });
    const isDict = items[0]!.type === 'pair' || items[0]!.type === 'spread';
    if (items.some((i) => (i.type === 'pair' || i.type === 'spread') !== isDict)) throw new AstError('a display mixes dict and set items', pos);
    const comp = node(c, 'compFor');
    if (comp) {
      const first = items[0]!;
      if (first.type === 'pair') return { kind: 'comprehension', pos, type: 'dict', elt: first.key, value: first.value, generators: this.compFor(comp) };
      return { kind: 'comprehension', pos, type: 'set', elt: first.value, generators: this.compFor(comp) };
    }
    if (isDict) return { kind: 'dict', pos, items: items.map((i) => (i.type === 'pair' ? { key: i.key, value: i.value } : { key: null, value: i.value })) };
    return { kind: 'set', pos, elts: items.map((i) => i.value) };
  }

  private compFor(n: CstNode): A.Generator[] {
    const c = n.children as Children;
    const ors = nodes(c, 'orTest');
    const gen: A.Generator = { target: this.target(this.exprlist(node(c, 'exprlist')!)), iter: this.orTest(ors[0]!), ifs: ors.slice(1).map((o) => this.orTest(o)) };
    const nested = node(c, 'compFor');
    if (!nested) return [gen];
    // Conditions written after a nested `for` belong to it; the grammar keeps ifs of this level first.
    const nestedStart = nested.location?.startOffset ?? Infinity;
    gen.ifs = ors.slice(1).filter((o) => (o.location?.startOffset ?? 0) < nestedStart).map((o) => this.orTest(o));
    return [gen, ...this.compFor(nested)];
  }

  private subscriptList(n: CstNode): A.Expr {
    const c = n.children as Children;
    const subs = nodes(c, 'subscript').map((s) => this.subscript(s));
    if (subs.length === 1 && toks(c, 'Comma').length === 0) return subs[0]!;
    return { kind: 'tuple', pos: posOf(n), elts: subs };
  }

  private subscript(n: CstNode): A.Expr {
    const c = n.children as Children;
    const t = node(c, 'test');
    const rest = node(c, 'sliceRest');
    if (!rest) return this.test(t!);
    const rc = rest.children as Children;
    const parts = nodes(rc, 'test');
    const colons = toks(rc, 'Colon');
    const slice: A.Slice = { kind: 'slice', pos: posOf(n) };
    if (t) slice.lower = this.test(t);
    const upper = parts.find((p) => (p.location?.startOffset ?? 0) < (colons[1]?.startOffset ?? Infinity));
    const step = parts.find((p) => colons[1] && (p.location?.startOffset ?? 0) > colons[1].startOffset);
    if (upper) slice.upper = this.test(upper);
    if (step) slice.step = this.test(step);
    return slice;
  }

  exprlist(n: CstNode): A.Expr {
    const items = this.exprlistItems(n);
    return items.length === 1 && toks(n.children as Children, 'Comma').length === 0 ? items[0]! : { kind: 'tuple', pos: posOf(n), elts: items };
  }

  private exprlistItems(n: CstNode): A.Expr[] {
    const c = n.children as Children;
    const all = [...nodes(c, 'expr').map((e) => ({ at: e.location?.startOffset ?? 0, e: this.expr(e) })), ...nodes(c, 'starExpr').map((s) => ({ at: s.location?.startOffset ?? 0, e: { kind: 'starred' as const, pos: posOf(s), value: this.expr(node(s.children as Children, 'expr')!) } }))];
    return all.sort((a, b) => a.at - b.at).map((x) => x.e);
  }

  testlist(n: CstNode): A.Expr {
    const c = n.children as Children;
    const items = nodes(c, 'test').map((t) => this.test(t));
    return items.length === 1 && toks(c, 'Comma').length === 0 ? items[0]! : { kind: 'tuple', pos: posOf(n), elts: items };
  }

  testlistStar(n: CstNode): A.Expr {
    const c = n.children as Children;
    const items = nodes(c, 'listItem').map((t) => this.listItem(t));
    return items.length === 1 && toks(c, 'Comma').length === 0 ? items[0]! : { kind: 'tuple', pos: posOf(n), elts: items };
  }

  arglist(n: CstNode): A.Args {
    const args: A.Expr[] = [];
    const keywords: A.Keyword[] = [];
    for (const a of nodes(n.children as Children, 'argument')) {
      const c = a.children as Children;
      const name = tok(c, 'Name');
      const tests = nodes(c, 'test');
      if (name && tok(c, 'Assign')) keywords.push({ name: name.image, value: this.test(tests[0]!), pos: posOfToken(name) });
      else if (tok(c, 'Pow')) keywords.push({ name: null, value: this.test(tests[0]!), pos: posOf(a) });
      else if (tok(c, 'Star')) args.push({ kind: 'starred', pos: posOf(a), value: this.test(tests[0]!) });
      else {
        const value = this.namedTest(node(c, 'namedTest')!);
        const comp = node(c, 'compFor');
        args.push(comp ? { kind: 'comprehension', pos: posOf(a), type: 'generator', elt: value, generators: this.compFor(comp) } : value);
      }
    }
    return { args, keywords };
  }
}

/** Joins adjacent literal parts. */
function mergeText(parts: (string | A.FField)[]): (string | A.FField)[] {
  const out: (string | A.FField)[] = [];
  for (const p of parts) {
    const last = out[out.length - 1];
    if (typeof p === 'string' && typeof last === 'string') out[out.length - 1] = last + p;
    else if (p !== '') out.push(p);
  }
  return out;
}

export { isToken };
