import { describe, expect, it } from 'vitest';
import { IR_SCHEMA } from '../../ir/schema.js';
import { compileSchema } from '../../frontends/common/schema-check.js';
import { corpusCases, corpusCase } from '../helpers/corpus.js';
import { codes, parseCase, parseText } from '../helpers/run.js';

describe('the IR schema', () => {
  it('accepts what every frontend produces from the corpus', async () => {
    const validate = compileSchema(IR_SCHEMA);
    for (const c of corpusCases()) {
      const { workflow } = await parseCase(c);
      expect(validate(JSON.parse(JSON.stringify(workflow))), `${c.name}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });
});

describe('reading IR from disk', () => {
  const diamond = corpusCase('diamond-ir');

  it('reads the hand-written diamond', async () => {
    const { workflow, diagnostics } = await parseText('ir', diamond.input, diamond.text);
    expect(diagnostics).toEqual([]);
    expect(workflow!.steps.map((s) => s.id)).toEqual(['preprocess', 'findrange', 'analyze']);
  });

  it('reports a schema violation at its line', async () => {
    const bad = diamond.text.replace('"cardinality": "many" }],\n      "fanout": []', '"cardinality": "lots" }],\n      "fanout": []');
    expect(bad).not.toBe(diamond.text);
    const { workflow, diagnostics } = await parseText('ir', 'd.ir.json', bad);
    expect(workflow).toBeUndefined();
    const d = diagnostics.find((x) => x.code === 'IR001')!;
    expect(d.message).toMatch(/cardinality/);
    expect(d.span!.line).toBe(bad.split('\n').findIndex((l) => l.includes('"lots"')) + 1);
  });

  it('reports a dangling reference at its line', async () => {
    const bad = diamond.text.replace('"from": [{ "step": "preprocess", "port": "out" }]', '"from": [{ "step": "preprocess", "port": "nope" }]');
    const { diagnostics } = await parseText('ir', 'd.ir.json', bad);
    const d = diagnostics.find((x) => x.code === 'IR002')!;
    expect(d.message).toMatch(/output "nope" of step "preprocess"/);
    expect(d.span!.line).toBe(bad.split('\n').findIndex((l) => l.includes('"nope"')) + 1);
  });

  it('refuses another IR version and duplicate ids', async () => {
    expect(codes((await parseText('ir', 'd.ir.json', diamond.text.replace('"wfc": 1', '"wfc": 2'))).diagnostics)).toEqual(['IR005']);
    const dup = diamond.text.replace('"id": "analyze"', '"id": "findrange"');
    expect(codes((await parseText('ir', 'd.ir.json', dup)).diagnostics)).toContain('IR003');
  });
});
