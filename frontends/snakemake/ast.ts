// The syntax tree of a Snakefile: Python statements and expressions, and Snakemake's own statements.

export interface Pos {
  line: number;
  column: number;
  /** 0-based offset into the file, for slicing source text. */
  offset: number;
}

interface Node {
  pos: Pos;
}

// --- expressions -------------------------------------------------------------------------------------

export type Expr =
  | NameExpr
  | Constant
  | FString
  | ListExpr
  | TupleExpr
  | SetExpr
  | DictExpr
  | Comprehension
  | Attribute
  | Subscript
  | Slice
  | Call
  | BinOp
  | UnaryOp
  | BoolOp
  | Compare
  | IfExp
  | Lambda
  | Starred
  | NamedExpr;

export interface NameExpr extends Node {
  kind: 'name';
  id: string;
}

export interface Constant extends Node {
  kind: 'const';
  value: string | number | boolean | null | { float: number } | { bytes: string } | 'ellipsis';
}

/** An f-string: literal text and `{expr!conv:spec}` fields; `spec` may itself hold fields. */
export interface FString extends Node {
  kind: 'fstring';
  parts: (string | FField)[];
}

export interface FField {
  expr: Expr;
  conversion?: 's' | 'r' | 'a';
  spec?: (string | FField)[];
  /** `{x=}` debugging form: the expression's text precedes its value. */
  selfDoc?: string;
}

export interface ListExpr extends Node {
  kind: 'list';
  elts: Expr[];
}
export interface TupleExpr extends Node {
  kind: 'tuple';
  elts: Expr[];
}
export interface SetExpr extends Node {
  kind: 'set';
  elts: Expr[];
}
export interface DictExpr extends Node {
  kind: 'dict';
  /** A key of null is `**mapping`. */
  items: { key: Expr | null; value: Expr }[];
}

export interface Generator {
  target: Expr;
  iter: Expr;
  ifs: Expr[];
}

export interface Comprehension extends Node {
  kind: 'comprehension';
  type: 'list' | 'set' | 'dict' | 'generator';
  elt: Expr;
  /** For dict comprehensions. */
  value?: Expr;
  generators: Generator[];
}

export interface Attribute extends Node {
  kind: 'attribute';
  value: Expr;
  attr: string;
}
export interface Subscript extends Node {
  kind: 'subscript';
  value: Expr;
  index: Expr;
}
export interface Slice extends Node {
  kind: 'slice';
  lower?: Expr;
  upper?: Expr;
  step?: Expr;
}

export interface Keyword {
  /** null for `**mapping`. */
  name: string | null;
  value: Expr;
  pos: Pos;
}

export interface Call extends Node {
  kind: 'call';
  func: Expr;
  args: Expr[];
  keywords: Keyword[];
}

export type BinOperator = '+' | '-' | '*' | '/' | '//' | '%' | '**' | '@' | '<<' | '>>' | '&' | '|' | '^';
export interface BinOp extends Node {
  kind: 'binop';
  op: BinOperator;
  left: Expr;
  right: Expr;
}
export interface UnaryOp extends Node {
  kind: 'unary';
  op: '-' | '+' | '~' | 'not';
  operand: Expr;
}
export interface BoolOp extends Node {
  kind: 'boolop';
  op: 'and' | 'or';
  values: Expr[];
}
export type CmpOperator = '<' | '>' | '==' | '>=' | '<=' | '!=' | 'in' | 'not in' | 'is' | 'is not';
export interface Compare extends Node {
  kind: 'compare';
  left: Expr;
  ops: CmpOperator[];
  comparators: Expr[];
}
export interface IfExp extends Node {
  kind: 'ifexp';
  test: Expr;
  body: Expr;
  orelse: Expr;
}

export interface Param {
  name: string;
  default?: Expr;
  /** `*args` or `**kwargs`. */
  star?: '*' | '**';
  /** Bare `*` separating keyword-only parameters. */
  kwOnlyMarker?: boolean;
}

export interface Lambda extends Node {
  kind: 'lambda';
  params: Param[];
  body: Expr;
}
export interface Starred extends Node {
  kind: 'starred';
  value: Expr;
}
export interface NamedExpr extends Node {
  kind: 'named';
  target: string;
  value: Expr;
}

// --- Python statements ------------------------------------------------------------------------------------

export type Stmt =
  | ExprStmt
  | Assign
  | AugAssign
  | If
  | For
  | While
  | FunctionDef
  | Return
  | Import
  | ImportFrom
  | Simple
  | Raise
  | Try
  | With
  | Assert
  | Delete
  | Global
  | Unsupported
  | SmkStmt;

export interface ExprStmt extends Node {
  kind: 'expr';
  value: Expr;
}
export interface Assign extends Node {
  kind: 'assign';
  targets: Expr[];
  value: Expr;
}
export interface AugAssign extends Node {
  kind: 'augassign';
  target: Expr;
  op: BinOperator;
  value: Expr;
}
export interface If extends Node {
  kind: 'if';
  test: Expr;
  body: Stmt[];
  orelse: Stmt[];
}
export interface For extends Node {
  kind: 'for';
  target: Expr;
  iter: Expr;
  body: Stmt[];
  orelse: Stmt[];
}
export interface While extends Node {
  kind: 'while';
  test: Expr;
  body: Stmt[];
  orelse: Stmt[];
}
export interface FunctionDef extends Node {
  kind: 'def';
  name: string;
  params: Param[];
  body: Stmt[];
  decorators: Expr[];
}
export interface Return extends Node {
  kind: 'return';
  value?: Expr;
}
export interface Import extends Node {
  kind: 'import';
  names: { name: string; asname?: string }[];
}
export interface ImportFrom extends Node {
  kind: 'importfrom';
  module: string;
  names: { name: string; asname?: string }[];
}
export interface Simple extends Node {
  kind: 'pass' | 'break' | 'continue';
}
export interface Raise extends Node {
  kind: 'raise';
  exc?: Expr;
}
export interface Try extends Node {
  kind: 'try';
  body: Stmt[];
  handlers: { type?: Expr; name?: string; body: Stmt[]; pos: Pos }[];
  orelse: Stmt[];
  finalbody: Stmt[];
}
export interface With extends Node {
  kind: 'with';
  items: { context: Expr; target?: Expr }[];
  body: Stmt[];
}
export interface Assert extends Node {
  kind: 'assert';
  test: Expr;
  msg?: Expr;
}
export interface Delete extends Node {
  kind: 'delete';
  targets: Expr[];
}
export interface Global extends Node {
  kind: 'global';
  names: string[];
}
/** A construct we parse but do not run (class definitions, yield, ...): a diagnostic if reached. */
export interface Unsupported extends Node {
  kind: 'unsupported';
  what: string;
}

// --- Snakemake statements ------------------------------------------------------------------------------

export type SmkStmt = RuleDef | GlobalDirective | ModuleDef | UseRule | Handler;

/** Arguments as a call has them: `input: "a", ref="b"`. */
export interface Args {
  args: Expr[];
  keywords: Keyword[];
}

export interface Directive extends Node {
  name: string;
  /** Arguments, for every directive but `run`. */
  args?: Args;
  /** The Python body of `run:`. */
  body?: Stmt[];
}

export interface RuleDef extends Node {
  kind: 'rule';
  checkpoint: boolean;
  /** Undefined for an anonymous rule. */
  name?: string;
  directives: Directive[];
}

/** `include:`, `configfile:`, `localrules:`, `ruleorder:`, `wildcard_constraints:`, `container:`, ... */
export interface GlobalDirective extends Node {
  kind: 'global-directive';
  name: string;
  args: Args;
}

export interface ModuleDef extends Node {
  kind: 'module';
  name: string;
  directives: Directive[];
}

/** `use rule a, b from m as m_* exclude c with:` */
export interface UseRule extends Node {
  kind: 'use';
  /** Rule names or patterns with `*`. */
  rules: string[];
  from?: string;
  as?: string;
  exclude: string[];
  directives: Directive[];
}

export interface Handler extends Node {
  kind: 'handler';
  name: 'onstart' | 'onsuccess' | 'onerror';
  body: Stmt[];
}

export interface Module {
  body: Stmt[];
}
