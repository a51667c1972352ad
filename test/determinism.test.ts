// Same input, same bytes: twice in a row, and whatever order the source lists things in.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { VirtualTree } from '../backends/types.js';
import { corpusCase, corpusCases } from './helpers/corpus.js';
import { emitCase, emitText } from './helpers/run.js';
import { sharedTraces } from './helpers/traces.js';

const flat = (t: VirtualTree) => Object.fromEntries([...t].map(([p, f]) => [p, f.text]));

/** The IR records where each thing was written in the source; moving things moves those positions. */
const withoutSpans = (t: VirtualTree) =>
  Object.fromEntries([...t].map(([p, f]) => [p, p.endsWith('.ir.json') ? JSON.stringify(JSON.parse(f.text, (k, v: unknown) => (k === 'span' ? undefined : v))) : f.text]));

async function emitAll(format: string, path: string, text: string, strip = false) {
  const out: Record<string, unknown> = {};
  for (const target of ['pegasus', 'wfformat', 'ir']) out[target] = (strip ? withoutSpans : flat)(await emitText(format, path, text, target));
  return out;
}

describe('determinism', () => {
  it('converting twice gives identical bytes', async () => {
    for (const c of corpusCases()) {
      const all = async () => Object.fromEntries(await Promise.all(['pegasus', 'wfformat', 'ir'].map(async (t) => [t, flat(await emitCase(c, t))])));
      expect(await all()).toEqual(await all());
    }
  });

  it('reordering the nodes and arrows of a napkin sketch changes nothing', async () => {
    const c = corpusCase('sun-image-napkin');
    const doc = JSON.parse(c.text) as { nodes: unknown[]; arrows: unknown[] };
    const reference = await emitAll('napkin', c.input, c.text, true);
    await fc.assert(
      fc.asyncProperty(fc.shuffledSubarray(doc.nodes, { minLength: doc.nodes.length }), fc.shuffledSubarray(doc.arrows, { minLength: doc.arrows.length }), async (nodes, arrows) => {
        const text = JSON.stringify({ ...doc, nodes, arrows }, null, 2);
        expect(await emitAll('napkin', c.input, text, true)).toEqual(reference);
      }),
      { numRuns: 15 },
    );
  });

  it('reordering the elements of an Excalidraw scene changes nothing', async () => {
    const c = corpusCase('sun-image-excalidraw');
    const scene = JSON.parse(c.text) as { elements: unknown[] };
    const reference = await emitAll('excalidraw', c.input, c.text, true);
    await fc.assert(
      fc.asyncProperty(fc.shuffledSubarray(scene.elements, { minLength: scene.elements.length }), async (elements) => {
        expect(await emitAll('excalidraw', c.input, JSON.stringify({ ...scene, elements }), true)).toEqual(reference);
      }),
      { numRuns: 10 },
    );
  });

  it('reordering the cells of a draw.io diagram changes nothing', async () => {
    const c = corpusCase('sun-image-drawio');
    const [head, body, tail] = [c.text.slice(0, c.text.indexOf('<mxCell id="v2"')), c.text.slice(c.text.indexOf('<mxCell id="v2"'), c.text.indexOf('</root>')), c.text.slice(c.text.indexOf('</root>'))];
    const cells = body.split(/(?=<mxCell )/).map((s) => s.trim());
    const reference = await emitAll('drawio', c.input, c.text, true);
    await fc.assert(
      fc.asyncProperty(fc.shuffledSubarray(cells, { minLength: cells.length }), async (order) => {
        expect(await emitAll('drawio', c.input, head + order.join('\n') + '\n' + tail, true)).toEqual(reference);
      }),
      { numRuns: 10 },
    );
  });

  it('reordering the tasks and files of a trace changes nothing', async () => {
    const t = sharedTraces().find((x) => x.name.includes('1000genome'))!;
    const doc = JSON.parse(t.text) as { workflow: { specification: { tasks: unknown[]; files: unknown[] }; execution: { tasks: unknown[] } } };
    const reference = await emitAll('wfformat', t.name, t.text);
    await fc.assert(
      fc.asyncProperty(
        fc.shuffledSubarray(doc.workflow.specification.tasks, { minLength: doc.workflow.specification.tasks.length }),
        fc.shuffledSubarray(doc.workflow.specification.files, { minLength: doc.workflow.specification.files.length }),
        fc.shuffledSubarray(doc.workflow.execution.tasks, { minLength: doc.workflow.execution.tasks.length }),
        async (tasks, files, records) => {
          const shuffled = { ...doc, workflow: { ...doc.workflow, specification: { tasks, files }, execution: { ...doc.workflow.execution, tasks: records } } };
          expect(await emitAll('wfformat', t.name, JSON.stringify(shuffled))).toEqual(reference);
        },
      ),
      { numRuns: 8 },
    );
  });
});
