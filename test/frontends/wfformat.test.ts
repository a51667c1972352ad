import { describe, expect, it } from 'vitest';
import { corpusCase } from '../helpers/corpus.js';
import { codes, emitWorkflow, parseText } from '../helpers/run.js';
import { errorsOf, wfformatSchema } from '../helpers/schemas.js';
import { sharedTraces } from '../helpers/traces.js';

interface Doc {
  workflow: {
    specification: { tasks: { id: string; name: string; parents: string[]; children: string[]; inputFiles?: string[]; outputFiles?: string[] }[]; files: { id: string; sizeInBytes: number }[] };
    execution?: { tasks: { id: string }[]; machines?: unknown[]; makespanInSeconds: number; executedAt: string };
  } & Record<string, unknown>;
}

/** A trace as sets: order of tasks, files and edges carries no meaning. */
function normalise(doc: Doc) {
  const spec = doc.workflow.specification;
  const byId = <T extends { id: string }>(xs: T[]) => [...xs].sort((a, b) => (a.id < b.id ? -1 : 1));
  return {
    top: Object.fromEntries(Object.entries(doc).filter(([k]) => k !== 'workflow' && k !== 'schemaVersion')),
    extra: Object.fromEntries(Object.entries(doc.workflow).filter(([k]) => k !== 'specification' && k !== 'execution')),
    tasks: byId(spec.tasks).map((t) => ({ ...t, parents: [...t.parents].sort(), children: [...t.children].sort(), inputFiles: t.inputFiles ?? [], outputFiles: t.outputFiles ?? [] })),
    files: byId(spec.files),
    execution: doc.workflow.execution && { ...doc.workflow.execution, tasks: byId(doc.workflow.execution.tasks) },
  };
}

describe('WfFormat round trip on every shared trace', () => {
  for (const trace of sharedTraces()) {
    it(`${trace.name}: WfFormat → IR → WfFormat keeps tasks, files, sizes, edges and records`, async () => {
      const { workflow, diagnostics } = await parseText('wfformat', trace.name, trace.text);
      expect(diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
      const out = JSON.parse((await emitWorkflow(workflow, diagnostics, 'wfformat')).get('workflow.wfformat.json')!.text) as Doc;
      const validate = wfformatSchema('1.5');
      expect(validate(out), errorsOf(validate)).toBe(true);
      expect(normalise(out)).toEqual(normalise(JSON.parse(trace.text) as Doc));
    });
  }
});

describe('reading traces', () => {
  it('recovers task types from programs, names or id suffixes', async () => {
    const trace = sharedTraces().find((t) => t.name.includes('montage-chameleon-2mass'))!;
    const { workflow } = await parseText('wfformat', trace.name, trace.text);
    expect(workflow!.steps.map((s) => s.id).sort()).toEqual(['mAdd', 'mBackground', 'mBgModel', 'mConcatFit', 'mDiffFit', 'mImgtbl', 'mProject', 'mViewer']);
    const nf = sharedTraces().find((t) => t.name.includes('rnaseq'))!;
    const rnaseq = (await parseText('wfformat', nf.name, nf.text)).workflow!;
    expect(rnaseq.steps.some((s) => s.id === 'NFCORE_RNASEQ.RNASEQ.INPUT_CHECK.SAMPLESHEET_CHECK')).toBe(true);
    // Nextflow traces keep each task's rendered script as its program (one has `-`: an exec block).
    const scripts = rnaseq.jobs.filter((j) => j.command && 'script' in j.command);
    expect(scripts.length).toBe(rnaseq.jobs.length - 1);
  });

  it('reads WfFormat 1.4 (flat tasks, file links, categories, wms)', async () => {
    const c = corpusCase('genome-wfformat-1.4');
    const validate = wfformatSchema('1.4');
    expect(validate(JSON.parse(c.text)), errorsOf(validate)).toBe(true);
    const { workflow } = await parseText('wfformat', c.input, c.text);
    expect(workflow!.steps.map((s) => s.id)).toEqual(['individuals', 'sifting', 'individuals_merge', 'mutation_overlap']);
    const merge = workflow!.jobs.find((j) => j.id === 'individuals_merge_ID0000003')!;
    expect(merge.inputs).toEqual(['chr1n-1-2.tar.gz', 'chr1n-2-2.tar.gz']);
    expect(merge.observed).toMatchObject({ runtimeSeconds: 12, coreCount: 1, machines: ['worker-2'] });
    expect(workflow!.provenance!.runtimeSystem).toEqual({ name: 'Pegasus', version: '4.9.3', url: 'http://pegasus.isi.edu' });
    expect(workflow!.files.find((f) => f.id === 'ALL.chr1.vcf.gz')!.sizeBytes).toBe(1800000);
  });

  it('keeps parent edges that no file explains as ordering edges', async () => {
    const doc = {
      name: 'w',
      schemaVersion: '1.5',
      workflow: {
        specification: {
          tasks: [
            { name: 'a', id: 'a', parents: [], children: ['b'], inputFiles: [], outputFiles: [] },
            { name: 'b', id: 'b', parents: ['a'], children: [], inputFiles: [], outputFiles: [] },
          ],
          files: [],
        },
      },
    };
    const { workflow } = await parseText('wfformat', 'w.json', JSON.stringify(doc));
    expect(workflow!.jobs.find((j) => j.id === 'b')!.after).toEqual(['a']);
  });

  it.each([
    ['a missing workflow', { name: 'w', schemaVersion: '1.5' }, 'WFF001'],
    ['a parent that is no task', { name: 'w', schemaVersion: '1.5', workflow: { specification: { tasks: [{ name: 'a', id: 'a', parents: ['zz'], children: [] }] } } }, 'WFF005'],
    ['a task id used twice', { name: 'w', schemaVersion: '1.5', workflow: { specification: { tasks: [{ name: 'a', id: 'a', parents: [], children: [] }, { name: 'a', id: 'a', parents: [], children: [] }] } } }, 'WFF006'],
    ['a task with a numeric name', { name: 'w', schemaVersion: '1.5', workflow: { specification: { tasks: [{ name: 7, id: 'a', parents: [], children: [] }] } } }, 'WFF001'],
  ])('rejects %s', async (_, doc, code) => {
    const text = JSON.stringify(doc, null, 2);
    const { workflow, diagnostics } = await parseText('wfformat', 'w.json', text);
    expect(workflow).toBeUndefined();
    const d = diagnostics.find((x) => x.code === code)!;
    expect(d.span).toBeDefined();
  });

  it('warns about undeclared files and one-sided edges, and goes on', async () => {
    const doc = {
      name: 'w',
      schemaVersion: '1.5',
      workflow: {
        specification: {
          tasks: [
            { name: 'a', id: 'a', parents: [], children: ['b'], outputFiles: ['x'] },
            { name: 'b', id: 'b', parents: [], children: [], inputFiles: ['x'] },
          ],
          files: [],
        },
      },
    };
    const { workflow, diagnostics } = await parseText('wfformat', 'w.json', JSON.stringify(doc, null, 2));
    expect(codes(diagnostics).sort()).toEqual(['WFF003', 'WFF004']);
    expect(workflow!.files).toEqual([{ id: 'x', kind: 'file' }]);
  });
});
