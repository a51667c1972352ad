import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeCycle, topoOrder, type Edge } from '../../ir/graph.js';

/** A random DAG: edges only from lower to higher index, over shuffled names. */
const dag = fc
  .integer({ min: 1, max: 40 })
  .chain((n) =>
    fc.tuple(
      fc.shuffledSubarray(Array.from({ length: n }, (_, i) => `n${i}`), { minLength: n, maxLength: n }),
      fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: 3 * n }),
    ),
  )
  .map(([names, pairs]) => ({
    nodes: names,
    edges: pairs.filter(([a, b]) => a < b).map(([a, b]) => ({ from: names[a]!, to: names[b]! })),
  }));

describe('topoOrder', () => {
  it('places every node after its predecessors', () => {
    fc.assert(
      fc.property(dag, ({ nodes, edges }) => {
        const r = topoOrder(nodes, edges);
        if (!('order' in r)) throw new Error('a DAG has no cycle');
        expect([...r.order].sort()).toEqual([...nodes].sort());
        const pos = new Map(r.order.map((n, i) => [n, i]));
        for (const e of edges) expect(pos.get(e.from)!).toBeLessThan(pos.get(e.to)!);
      }),
    );
  });

  it('does not depend on the order nodes and edges are listed in', () => {
    fc.assert(
      fc.property(dag, fc.nat(), ({ nodes, edges }, seed) => {
        const shuffle = <T>(xs: T[]) => [...xs].sort((a, b) => ((JSON.stringify(a).length * 31 + seed) % 7) - ((JSON.stringify(b).length * 17 + seed) % 5));
        expect(topoOrder(shuffle(nodes), shuffle(edges))).toEqual(topoOrder(nodes, edges));
      }),
    );
  });

  it('names a real cycle when there is one', () => {
    fc.assert(
      fc.property(dag, fc.integer({ min: 2, max: 6 }), ({ nodes, edges }, len) => {
        const ring = nodes.slice(0, Math.min(len, nodes.length));
        if (ring.length < 2) return;
        const cyclic: Edge[] = [...edges, ...ring.map((n, i) => ({ from: n, to: ring[(i + 1) % ring.length]! }))];
        const r = topoOrder(nodes, cyclic);
        if (!('cycle' in r)) throw new Error('expected a cycle');
        const has = new Set(cyclic.map((e) => `${e.from}>${e.to}`));
        r.cycle.forEach((n, i) => expect(has.has(`${n}>${r.cycle[(i + 1) % r.cycle.length]}`)).toBe(true));
      }),
    );
  });

  it('reports a self-loop and renders cycles readably', () => {
    const r = topoOrder(['a', 'b'], [{ from: 'b', to: 'b' }]);
    expect(r).toEqual({ cycle: ['b'] });
    expect(describeCycle(['a', 'b', 'c'])).toBe('a → b → c → a');
  });
});
