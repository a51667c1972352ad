// Syntax tree of Groovy as Nextflow writes it. Nextflow's declarations (process, workflow, include,
// function) are nodes of their own; their bodies are ordinary statements with labels (`input:`,
// `main:`), which the lowering reads by section.

export interface Pos {
  line: number;
  column: number;
  /** Offset in the source text. */
  offset: number;
}

export type Expr =
  | { k: 'lit'; v: null | boolean | number | string; pos: Pos }
  /** A string that interpolates: `raw` is its text between the quotes, parsed on first use. */
  | { k: 'gstr'; raw: string; quote: string; pos: Pos; parts?: (string | Expr)[] }
  | { k: 'name'; name: string; pos: Pos }
  | { k: 'prop'; obj: Expr; name: string; safe?: boolean; spread?: boolean; pos: Pos }
  | { k: 'index'; obj: Expr; index: Expr; safe?: boolean; pos: Pos }
  | { k: 'call'; callee: Expr; args: Arg[]; pos: Pos }
  | { k: 'list'; items: Expr[]; pos: Pos }
  | { k: 'map'; entries: [Expr, Expr][]; pos: Pos }
  | { k: 'closure'; params: Param[]; body: Stmt[]; pos: Pos; implicit: boolean }
  | { k: 'bin'; op: string; l: Expr; r: Expr; pos: Pos }
  | { k: 'un'; op: string; e: Expr; pos: Pos }
  | { k: 'postfix'; op: string; e: Expr; pos: Pos }
  | { k: 'tern'; c: Expr; t: Expr; f: Expr; pos: Pos }
  | { k: 'elvis'; l: Expr; r: Expr; pos: Pos }
  | { k: 'range'; from: Expr; to: Expr; exclusive: boolean; pos: Pos }
  | { k: 'new'; type: string; args: Arg[]; pos: Pos }
  | { k: 'cast'; e: Expr; type: string; pos: Pos }
  | { k: 'assign'; target: Expr; op: string; value: Expr; pos: Pos }
  /** `(a, b) = expr`: assignment to several names at once. */
  | { k: 'massign'; names: string[]; value: Expr; pos: Pos };

/** A call argument; named arguments (`mode: 'copy'`) are gathered into a map, as Groovy does. */
export interface Arg {
  name?: string;
  value: Expr;
}

export interface Param {
  name: string;
  default?: Expr;
}

export type Stmt =
  | { k: 'expr'; e: Expr; pos: Pos }
  | { k: 'def'; names: string[]; value?: Expr; pos: Pos }
  | { k: 'label'; name: string; pos: Pos }
  | { k: 'if'; c: Expr; then: Stmt[]; else?: Stmt[]; pos: Pos }
  | { k: 'for'; name: string; iter: Expr; body: Stmt[]; pos: Pos }
  | { k: 'while'; c: Expr; body: Stmt[]; pos: Pos }
  | { k: 'return'; e?: Expr; pos: Pos }
  | { k: 'throw'; e: Expr; pos: Pos }
  | { k: 'assert'; e: Expr; pos: Pos }
  | { k: 'try'; body: Stmt[]; catches: { name: string; body: Stmt[] }[]; finally?: Stmt[]; pos: Pos }
  | { k: 'break' | 'continue'; pos: Pos }
  | { k: 'block'; body: Stmt[]; pos: Pos }
  | { k: 'fn'; name: string; params: Param[]; body: Stmt[]; pos: Pos }
  | { k: 'include'; items: { name: string; alias?: string; pos: Pos }[]; from: string; params?: Expr; pos: Pos }
  | { k: 'process'; name: string; body: Stmt[]; pos: Pos }
  | { k: 'workflow'; name?: string; body: Stmt[]; pos: Pos }
  | { k: 'import'; pos: Pos };

export interface Script {
  path: string;
  body: Stmt[];
}
