// Binary operators of Groovy and their precedence. The grammar reads `a op b op c ...` as a flat
// chain; foldChain builds the tree, which keeps the grammar to one rule for all of them.

import type * as A from './ast.js';

/** Tighter binding has the higher number. `**` alone associates to the right. */
const PRECEDENCE: Record<string, number> = {
  '||': 1,
  '&&': 2,
  '|': 3,
  '^': 4,
  '&': 5,
  '==': 6, '!=': 6, '<=>': 6, '=~': 6, '==~': 6,
  '<': 7, '<=': 7, '>': 7, '>=': 7, in: 7, instanceof: 7, as: 7,
  '<<': 8, '>>': 8,
  '..': 9, '..<': 9,
  '+': 10, '-': 10,
  '*': 11, '/': 11, '%': 11,
  '**': 12,
};

function node(op: string, l: A.Expr, r: A.Expr): A.Expr {
  if (op === '..' || op === '..<') return { k: 'range', from: l, to: r, exclusive: op === '..<', pos: l.pos };
  if (op === 'as') return { k: 'cast', e: l, type: String((r as { v: unknown }).v), pos: l.pos };
  return { k: 'bin', op, l, r, pos: l.pos };
}

/** Operator-precedence folding of operands[0] ops[0] operands[1] ... */
export function foldChain(operands: A.Expr[], ops: string[]): A.Expr {
  if (ops.length === 0) return operands[0]!;
  const values: A.Expr[] = [operands[0]!];
  const stack: string[] = [];
  const reduce = () => {
    const op = stack.pop()!;
    const r = values.pop()!;
    const l = values.pop()!;
    values.push(node(op, l, r));
  };
  ops.forEach((op, i) => {
    const p = PRECEDENCE[op]!;
    while (stack.length > 0) {
      const top = PRECEDENCE[stack[stack.length - 1]!]!;
      if (top > p || (top === p && op !== '**')) reduce();
      else break;
    }
    stack.push(op);
    values.push(operands[i + 1]!);
  });
  while (stack.length > 0) reduce();
  return values[0]!;
}
