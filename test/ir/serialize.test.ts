import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { toStableJson, toStableYaml } from '../../ir/serialize.js';

/** Plain data as backends build it: no undefined inside arrays, finite numbers. */
const plain = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.string({ unit: 'binary' }),
    fc.constantFrom('true', 'no', 'null', '~', '1.0', '0x1F', '-a', ': x', '#c', ' lead', 'trail ', '', '${PWD}/bin', '5.0', 'a: b', '- x', '[a]', '{b}', '*a', '&b', '!t', '|', '>', "'q'", '"d"', '2001-12-14', '.inf', 'y', 'N'),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Object.is(d, -0)),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    // `__proto__` is left out: JavaScript readers turn it into a prototype, whatever the YAML says.
    fc.dictionary(fc.string({ unit: 'binary', maxLength: 8 }).filter((k) => k !== '__proto__'), tie('value'), { maxKeys: 4 }),
  ),
})).value;

describe('toStableYaml', () => {
  it('reads back as the same data with any YAML reader', () => {
    fc.assert(
      fc.property(plain, (v) => {
        expect(parse(toStableYaml(v))).toEqual(v);
      }),
      { numRuns: 500 },
    );
  });

  it('sorts keys and drops undefined members', () => {
    expect(toStableYaml({ b: 1, a: { d: [1, 'x', { e: '{f}' }], c: undefined } })).toBe('a:\n  d:\n    - 1\n    - x\n    - {e: "{f}"}\nb: 1\n');
  });

  it('writes lists of maps with the first key on the dash line, short leaf collections on one line', () => {
    expect(toStableYaml({ jobs: [{ id: 'a', uses: [] }, { id: 'b', args: ['-a', 'x'] }] })).toBe(
      'jobs:\n  - id: a\n    uses: []\n  - args: ["-a", x]\n    id: b\n',
    );
    const long = Array.from({ length: 40 }, (_, i) => `job_${i}`);
    expect(toStableYaml({ children: long }).split('\n')).toHaveLength(42);
  });
});

describe('toStableJson', () => {
  it('keeps a member named __proto__', () => {
    const o = JSON.parse('{"b": 1, "__proto__": {"x": 2}}') as object;
    expect(JSON.parse(toStableJson(o))).toEqual(o);
    expect(toStableJson(o)).toBe('{\n  "__proto__": {\n    "x": 2\n  },\n  "b": 1\n}\n');
  });

  it('does not depend on key insertion order', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (o) => {
        const reversed = Object.fromEntries(Object.entries(o).reverse());
        expect(toStableJson(reversed)).toBe(toStableJson(o));
        expect(JSON.parse(toStableJson(o))).toEqual(JSON.parse(JSON.stringify(o)));
      }),
    );
  });
});
