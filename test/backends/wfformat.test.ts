import { describe, expect, it } from 'vitest';
import { backendFor } from '../../backends/registry.js';
import { runPasses } from '../../passes/pass.js';
import { passesFor } from '../../cli/compile.js';
import { corpusCases, corpusCase } from '../helpers/corpus.js';
import { emitCase, emitText, parseText } from '../helpers/run.js';
import { errorsOf, wfformatSchema } from '../helpers/schemas.js';

describe('WfFormat output', () => {
  for (const c of corpusCases()) {
    it(`is valid WfFormat 1.5 for corpus ${c.name}`, async () => {
      const tree = await emitCase(c, 'wfformat');
      const validate = wfformatSchema('1.5');
      expect(validate(JSON.parse(tree.get('workflow.wfformat.json')!.text)), errorsOf(validate)).toBe(true);
    });
  }

  it('reads back as the same jobs, files and edges (sketch → WfFormat → IR)', async () => {
    const c = corpusCase('sun-image-napkin');
    const tree = await emitText('napkin', c.input, c.text, 'wfformat');
    const back = (await parseText('wfformat', 'x.json', tree.get('workflow.wfformat.json')!.text)).workflow!;
    const first = (await parseText('napkin', c.input, c.text)).workflow!;
    const expanded = runPasses(first, await passesFor(backendFor('wfformat')!)).value!;
    const shape = (jobs: typeof back.jobs) => jobs.map((j) => [j.id, j.inputs, j.outputs]).sort();
    expect(shape(back.jobs)).toEqual(shape(expanded.jobs));
    expect(back.steps.map((s) => s.name).sort()).toEqual(['2D-fft', 'make_tiles', 'merge', 'split']);
  });

  it('records in the ledger what WfFormat cannot hold', async () => {
    const c = corpusCase('diamond-ir');
    const { workflow } = await parseText('ir', c.input, c.text);
    const passed = runPasses(workflow!, await passesFor(backendFor('wfformat')!)).value!;
    const emitted = (await backendFor('wfformat')!.load())(passed);
    const constructs = emitted.losses.map((l) => l.construct);
    expect(constructs).toEqual(expect.arrayContaining(['resource requests of 3 steps', 'environments of 2 steps', 'retries of 1 step', 'commands of 4 jobs', 'size of 6 files']));
  });
});
