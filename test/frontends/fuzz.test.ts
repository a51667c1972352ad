// Frontends never crash: whatever the bytes, the result is IR or diagnostics.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FRONTENDS } from '../../frontends/registry.js';
import type { ParseFunction } from '../../frontends/types.js';
import { corpusCases } from '../helpers/corpus.js';

async function parsers(): Promise<Map<string, ParseFunction>> {
  return new Map(await Promise.all(FRONTENDS.map(async (f) => [f.format, await f.load()] as const)));
}

function neverThrows(parse: ParseFunction, path: string, text: string): void {
  const r = parse({ path, text }, { params: {} }, { readFile: () => undefined });
  expect(r.value !== undefined || r.diagnostics.some((d) => d.severity === 'error')).toBe(true);
  for (const d of r.diagnostics) {
    expect(typeof d.code).toBe('string');
    if (d.span) {
      expect(d.span.line).toBeGreaterThanOrEqual(1);
      expect(d.span.column).toBeGreaterThanOrEqual(1);
    }
  }
}

/** Random napkin documents: mostly well-formed, with wrong types, odd labels and dangling ids mixed in. */
const label = fc.oneof(
  fc.string(),
  fc.constantFrom('a', 'merge', 'x (N)', 'y (3)', 'z (a, b)', 'w (S = a, b)', 'v (0)', 'u (', 'cmd: x', 'n\ncpus: 2\nmem: 4G', 'q\nmem: lots', 't\nfile: {N}.txt'),
);
const napkinDoc = fc
  .uniqueArray(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), { minLength: 1, maxLength: 6 })
  .chain((ids) =>
    fc.record({
      napkin: fc.oneof(fc.constant(1), fc.anything()),
      params: fc.option(fc.dictionary(fc.constantFrom('N', 'M', 'S'), fc.oneof(fc.nat(5), fc.array(fc.string(), { maxLength: 3 }))), { nil: undefined }),
      nodes: fc.tuple(
        fc.tuple(...ids.map((id) => fc.record({ id: fc.constant(id), shape: fc.constantFrom('box', 'oval'), label }))),
        fc.array(fc.oneof(fc.record({ id: fc.constantFrom(...ids, 'z'), shape: fc.constantFrom('box', 'oval'), label }), fc.anything()), { maxLength: 2 }),
      ).map(([a, b]) => [...a, ...b]),
      arrows: fc.array(
        fc.oneof(fc.record({ from: fc.constantFrom(...ids, 'z', 'nowhere'), to: fc.constantFrom(...ids, 'z', 'nowhere'), label: fc.option(fc.constantFrom('all', 'each', 'all N', 'gather Q', 'foo'), { nil: undefined }) }), fc.anything()),
        { maxLength: 10 },
      ),
    }),
  );

describe('frontends never crash', () => {
  it('on random napkin documents', async () => {
    const parse = (await parsers()).get('napkin')!;
    fc.assert(fc.property(napkinDoc, (doc) => neverThrows(parse, 'f.napkin.json', JSON.stringify(doc))), { numRuns: 400 });
  });

  it('on random byte mutations of every corpus input, in every format', async () => {
    const all = await parsers();
    const inputs = corpusCases();
    const mutation = fc.record({
      at: fc.nat(),
      remove: fc.nat(40),
      insert: fc.string({ unit: fc.constantFrom('{', '}', '[', ']', '"', ',', ':', '<', '>', '/', '\\', 'a', '0', ' ', '\n', '\u0000', 'é') , maxLength: 6 }),
    });
    for (const c of inputs) {
      fc.assert(
        fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), fc.constantFrom(...all.keys()), (ms, format) => {
          let text = c.text;
          for (const m of ms) {
            const at = m.at % (text.length + 1);
            text = text.slice(0, at) + m.insert + text.slice(at + m.remove);
          }
          neverThrows(all.get(format)!, c.input, text);
        }),
        { numRuns: 60 },
      );
    }
  });

  it('on arbitrary text', async () => {
    const all = await parsers();
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.constantFrom(...all.keys()), (text, format) => neverThrows(all.get(format)!, 'x', text)),
      { numRuns: 300 },
    );
  });
});
