import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stepEdges, fileProducers, jobEdges } from '../../ir/graph.js';
import type { Workflow } from '../../ir/types.js';
import { expandPass } from '../../passes/expand.js';
import { runPasses } from '../../passes/pass.js';
import { corpusCase } from '../helpers/corpus.js';
import { codes, parseText } from '../helpers/run.js';

async function sunImage(params: Record<string, number | string> = {}): Promise<Workflow> {
  const c = corpusCase('sun-image-napkin');
  return (await parseText('napkin', c.input, c.text, params)).workflow!;
}

function expand(wf: Workflow) {
  return runPasses(wf, [expandPass]);
}

describe('expand', () => {
  it('makes one job per step and point of its fan-out', async () => {
    const wf = expand(await sunImage()).value!;
    const count = (step: string) => wf.jobs.filter((j) => j.step === step).length;
    expect([count('make_tiles'), count('2D-fft'), count('split'), count('merge')]).toEqual([4, 4, 12, 1]);
    const merge = wf.jobs.find((j) => j.step === 'merge')!;
    expect(merge.inputs).toHaveLength(12);
    expect(merge.inputs[0]).toBe('band_0_0.fits');
    expect(merge.command).toEqual({ argv: ['merge', ...merge.inputs, 'merged.fits'] });
    expect(wf.jobs.find((j) => j.id === 'split_2_1')).toMatchObject({ binding: { N: '2', M: '1' }, inputs: ['spectrum_2.fits'], outputs: ['band_2_1.fits'] });
  });

  it('takes sizes from parameters given on the command line', async () => {
    const wf = expand(await sunImage({ N: 2, M: '5' })).value!;
    expect(wf.jobs).toHaveLength(2 + 2 + 10 + 1);
  });

  it('says which fan-out has no size and how to give one', async () => {
    const c = corpusCase('sun-image-napkin');
    const text = c.text.replace(/"params": \{[^}]*\},?/, '');
    const wf = (await parseText('napkin', c.input, text)).workflow!;
    const r = expand(wf);
    expect(r.value).toBeUndefined();
    expect(codes(r.diagnostics)).toEqual(['EXP001', 'EXP001']);
    const d = r.diagnostics.find((x) => x.message.includes('"N"'))!;
    expect(d.message).toBe('fan-out "N" (used by "make_tiles", "2D-fft", "split", "merge") has no size');
    expect(d.hint).toMatch(/--param N=COUNT/);
    expect(d.span!.file).toBe(c.input);
  });

  it('rejects a parameter that cannot size a fan-out', async () => {
    expect(codes(expand(await sunImage({ N: -2 })).diagnostics)).toContain('EXP002');
    expect(codes(expand(await sunImage({ N: 'a,a' })).diagnostics)).toContain('EXP002');
  });

  it('quotes every value it puts into a wfc script', async () => {
    const doc = {
      napkin: 1,
      nodes: [
        { id: 'i', shape: 'box', label: "it's (S = a)", file: 'in {S}.txt' },
        { id: 't', shape: 'oval', label: 'copy', cmd: 'cp {input} {output} # {S}' },
        { id: 'o', shape: 'box', label: 'out', file: 'out {S}.txt' },
      ],
      arrows: [{ from: 'i', to: 't' }, { from: 't', to: 'o' }],
    };
    const wf = (await parseText('napkin', 'x.napkin.json', JSON.stringify(doc), { S: ['a b', '$(x)'] })).workflow!;
    const jobs = expand(wf).value!.jobs;
    expect(jobs.map((j) => j.command)).toEqual([
      { script: "cp 'in $(x).txt' 'out $(x).txt' # '$(x)'" },
      { script: "cp 'in a b.txt' 'out a b.txt' # 'a b'" },
    ]);
  });

  it('leaves a workflow that already has jobs alone', async () => {
    const c = corpusCase('blast-wfformat-1.5');
    const wf = (await parseText('wfformat', c.input, c.text)).workflow!;
    expect(expandPass.run(wf).workflow).toBe(wf);
  });

  it('keeps the meaning: each job edge follows a step edge, each file has one producer (fast-check over sizes)', async () => {
    const base = await sunImage();
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 }), async (n, m) => {
        const wf = expand({ ...base, params: { N: n, M: m } }).value!;
        expect(wf.jobs).toHaveLength(2 * n + n * m + 1);
        const stepOf = new Map(wf.jobs.map((j) => [j.id, j.step]));
        const abstract = new Set(stepEdges(base).map((e) => `${e.from}>${e.to}`));
        for (const e of jobEdges(wf)) expect(abstract.has(`${stepOf.get(e.from)}>${stepOf.get(e.to)}`)).toBe(true);
        for (const [, producers] of fileProducers(wf)) expect(producers).toHaveLength(1);
        const produced = new Set(fileProducers(wf).keys());
        const raw = wf.jobs.flatMap((j) => j.inputs).filter((f) => !produced.has(f));
        expect(new Set(raw)).toEqual(new Set(['fulldisk.fits', 'tiles.txt']));
      }),
      { numRuns: 30 },
    );
  });
});
