import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { Workflow } from '../../ir/types.js';
import { corpusCase } from '../helpers/corpus.js';
import { codes, parseText } from '../helpers/run.js';

/** The IR without where it came from: what the three notations must agree on. */
function meaning(wf: Workflow | undefined): unknown {
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(strip);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).filter(([k]) => k !== 'span' && k !== 'source').map(([k, x]) => [k, strip(x)]));
    return v;
  };
  return strip(wf);
}

const napkin = (doc: object) => JSON.stringify({ napkin: 1, ...doc }, null, 2);
const box = (id: string, label: string, extra = {}) => ({ id, shape: 'box', label, ...extra });
const oval = (id: string, label: string, extra = {}) => ({ id, shape: 'oval', label, ...extra });

describe('the sun-image sketch', () => {
  it('gives the same IR in napkin JSON, Excalidraw and draw.io', async () => {
    const results = await Promise.all(
      [['napkin', 'sun-image-napkin'], ['excalidraw', 'sun-image-excalidraw'], ['drawio', 'sun-image-drawio']].map(async ([format, name]) => {
        const c = corpusCase(name!);
        const r = await parseText(format!, c.input, c.text);
        expect(r.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
        return r.workflow;
      }),
    );
    expect(meaning(results[1])).toEqual(meaning(results[0]));
    expect(meaning(results[2])).toEqual(meaning(results[0]));
  });

  it('scatters make_tiles over N, splits over N×M and gathers in merge', async () => {
    const c = corpusCase('sun-image-napkin');
    const { workflow } = await parseText('napkin', c.input, c.text);
    const fanout = Object.fromEntries(workflow!.steps.map((s) => [s.id, s.fanout]));
    expect(fanout).toEqual({ make_tiles: ['N'], '2D-fft': ['N'], split: ['N', 'M'], merge: [] });
    expect(workflow!.params).toEqual({ N: 4, M: 3 });
    const merge = workflow!.steps.find((s) => s.id === 'merge')!;
    expect(merge.inputs[0]).toMatchObject({ pattern: 'band_{N}_{M}.fits', cardinality: 'many', from: [{ step: 'split', port: 'band' }] });
    expect(workflow!.inputs.map((i) => i.pattern)).toEqual(['fulldisk.fits', 'tiles.txt']);
    expect(workflow!.outputs).toEqual([{ step: 'merge', port: 'merged_image' }]);
  });
});

describe('napkin semantics', () => {
  it('maps by default and gathers only where the arrow or the name says so', async () => {
    const doc = napkin({
      nodes: [box('s', 'sample (a, b, c)'), oval('t', 'trim'), box('r', 'reads'), oval('c', 'count'), box('n', 'counts'), oval('m', 'table'), box('o', 'report')],
      arrows: [
        { from: 's', to: 't' },
        { from: 't', to: 'r' },
        { from: 'r', to: 'c', label: 'each' },
        { from: 'c', to: 'n' },
        { from: 'n', to: 'm', label: 'all' },
        { from: 'm', to: 'o' },
      ],
    });
    const { workflow, diagnostics } = await parseText('napkin', 'x.napkin.json', doc);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const fanout = Object.fromEntries(workflow!.steps.map((s) => [s.id, s.fanout]));
    expect(fanout).toEqual({ trim: ['sample'], count: ['sample'], table: [] });
    expect(workflow!.domains).toEqual([expect.objectContaining({ id: 'sample', values: ['a', 'b', 'c'] })]);
  });

  it('gathers one domain and keeps the other with `all M`', async () => {
    const doc = napkin({
      nodes: [oval('a', 'scatter (N)'), box('x', 'piece'), oval('b', 'cut (M)'), box('y', 'part'), oval('c', 'glue'), box('z', 'whole')],
      arrows: [
        { from: 'a', to: 'x' },
        { from: 'x', to: 'b' },
        { from: 'b', to: 'y' },
        { from: 'y', to: 'c', label: 'all M' },
        { from: 'c', to: 'z' },
      ],
    });
    const { workflow } = await parseText('napkin', 'x.napkin.json', doc, { N: 2, M: 5 });
    expect(workflow!.steps.find((s) => s.id === 'glue')!.fanout).toEqual(['N']);
    expect(workflow!.params).toEqual({ N: 2, M: 5 });
  });

  it('reads attributes from label lines and structured fields alike', async () => {
    const doc = napkin({
      nodes: [oval('a', 'simulate (10)\ncpus: 10\nmem: 16 GB\ntime: 2h\ncontainer: python:3.12'), box('b', 'result', { file: 'out/result.csv' }), oval('c', 'merge', { cmd: 'cat {input} > {output}' }), box('d', 'table')],
      arrows: [
        { from: 'a', to: 'b' },
        { from: 'b', to: 'c' },
        { from: 'c', to: 'd' },
      ],
    });
    const { workflow } = await parseText('napkin', 'x.napkin.json', doc);
    const sim = workflow!.steps.find((s) => s.id === 'simulate')!;
    expect(sim.resources).toEqual({ cpus: 10, memoryBytes: 16 * 1024 ** 3, walltimeSeconds: 7200 });
    expect(sim.environment).toEqual({ container: { image: 'python:3.12' } });
    expect(sim.outputs[0]!.pattern).toBe('out/result_{simulate}.csv');
    expect(workflow!.steps.find((s) => s.id === 'merge')!.command).toEqual({ kind: 'script', dialect: 'wfc', text: 'cat {input} > {output}' });
  });

  it('implies data between two tasks joined directly', async () => {
    const doc = napkin({ nodes: [oval('a', 'fetch'), oval('b', 'parse')], arrows: [{ from: 'a', to: 'b', label: 'page.html' }] });
    const { workflow, diagnostics } = await parseText('napkin', 'x.napkin.json', doc);
    expect(codes(diagnostics)).toContain('NAP015');
    expect(workflow!.steps.find((s) => s.id === 'parse')!.inputs[0]).toMatchObject({ name: 'page.html', from: [{ step: 'fetch', port: 'page.html' }] });
  });
});

describe('napkin diagnostics', () => {
  it('reports an arrow pointing nowhere at its line and column', async () => {
    const doc = napkin({ nodes: [oval('a', 'run'), box('b', 'out')], arrows: [{ from: 'a', to: 'b' }, { from: 'a', to: 'ghost' }] });
    const { workflow, diagnostics } = await parseText('napkin', 'x.napkin.json', doc);
    expect(workflow).toBeUndefined();
    const d = diagnostics.find((x) => x.code === 'NAP003')!;
    expect(d.message).toContain('"ghost"');
    const line = doc.split('\n').findIndex((l) => l.includes('"ghost"')) + 1;
    expect(d.span).toMatchObject({ file: 'x.napkin.json', line });
    expect(d.hint).toBeTruthy();
  });

  it('reports malformed JSON with its position', async () => {
    const { diagnostics } = await parseText('napkin', 'bad.napkin.json', '{\n  "napkin": 1,\n  "nodes": [ }\n');
    expect(diagnostics).toEqual([expect.objectContaining({ code: 'SYN001', span: expect.objectContaining({ line: 3, column: 14 }) })]);
  });

  it('reports schema violations at the offending member', async () => {
    const doc = napkin({ nodes: [{ id: 'a', shape: 'hexagon', label: 'x' }], arrows: [] });
    const { diagnostics } = await parseText('napkin', 'x.napkin.json', doc);
    const d = diagnostics.find((x) => x.code === 'NAP001')!;
    expect(d.message).toMatch(/nodes\.0\.shape: must be one of "box", "oval"/);
    expect(d.span!.line).toBe(doc.split('\n').findIndex((l) => l.includes('hexagon')) + 1);
  });

  it.each([
    ['a cycle', { nodes: [oval('a', 'x'), box('b', 'y'), oval('c', 'z'), box('d', 'w')], arrows: [{ from: 'a', to: 'b' }, { from: 'b', to: 'c' }, { from: 'c', to: 'd' }, { from: 'd', to: 'a' }] }, 'NAP008'],
    ['two boxes joined', { nodes: [oval('a', 'x'), box('b', 'y'), box('c', 'z')], arrows: [{ from: 'b', to: 'c' }] }, 'NAP004'],
    ['two producers', { nodes: [oval('a', 'x'), oval('b', 'y'), box('c', 'z')], arrows: [{ from: 'a', to: 'c' }, { from: 'b', to: 'c' }] }, 'NAP007'],
    ['a bad fan-out', { nodes: [oval('a', 'x (1, 1)')], arrows: [] }, 'NAP006'],
    ['no task', { nodes: [box('a', 'x')], arrows: [] }, 'NAP017'],
    ['an empty label', { nodes: [oval('a', '  ')], arrows: [] }, 'NAP005'],
    ['a bad memory amount', { nodes: [oval('a', 'x\nmem: lots')], arrows: [] }, 'NAP012'],
  ])('rejects %s', async (_, doc, code) => {
    const { workflow, diagnostics } = await parseText('napkin', 'x.napkin.json', napkin(doc));
    expect(workflow).toBeUndefined();
    expect(codes(diagnostics)).toContain(code);
  });

  it('names the cycle', async () => {
    const doc = napkin({ nodes: [oval('a', 'align'), box('b', 'bam'), oval('c', 'sort'), box('d', 'sorted')], arrows: [{ from: 'a', to: 'b' }, { from: 'b', to: 'c' }, { from: 'c', to: 'd' }, { from: 'd', to: 'a' }] });
    const { diagnostics } = await parseText('napkin', 'x.napkin.json', doc);
    const named = /cycle: (.*)$/.exec(diagnostics.find((d) => d.code === 'NAP008')!.message)![1]!.split(' → ');
    expect(named[0]).toBe(named[4]);
    const ring = ['align', 'bam', 'sort', 'sorted'];
    const start = ring.indexOf(named[0]!);
    expect(named.slice(0, 4)).toEqual([...ring.slice(start), ...ring.slice(0, start)]);
  });
});

describe('Excalidraw', () => {
  const scene = (elements: object[]) => JSON.stringify({ type: 'excalidraw', version: 2, elements }, null, 2);
  const rect = (id: string, x: number, extra = {}) => ({ id, type: 'rectangle', x, y: 0, width: 100, height: 50, boundElements: [], ...extra });
  const ellipse = (id: string, x: number) => ({ id, type: 'ellipse', x, y: 0, width: 100, height: 50, boundElements: [] });
  const text = (id: string, container: string | null, t: string, x = 0) => ({ id, type: 'text', x, y: 10, width: 80, height: 20, text: t, originalText: t, containerId: container });
  const arrow = (id: string, from: string | null, to: string | null, x: number, dx: number) => ({
    id, type: 'arrow', x, y: 25, width: dx, height: 0, points: [[0, 0], [dx, 0]],
    startBinding: from ? { elementId: from, focus: 0, gap: 1 } : null, endBinding: to ? { elementId: to, focus: 0, gap: 1 } : null, endArrowhead: 'arrow',
  });

  it('reports an unbound arrow end that lies on no shape, at the arrow', async () => {
    const src = scene([ellipse('e1', 0), text('t1', 'e1', 'run'), arrow('a1', 'e1', null, 100, 300)]);
    const { workflow, diagnostics } = await parseText('excalidraw', 's.excalidraw', src);
    expect(workflow).toBeUndefined();
    const d = diagnostics.find((x) => x.code === 'NAP003')!;
    expect(d.message).toMatch(/where there is no shape/);
    expect(d.span!.line).toBe(src.split('\n').findIndex((l) => l.includes('"endBinding"')) + 1);
  });

  it('attaches an unbound end that lies on a shape, and reads loose text over a shape as its label', async () => {
    const src = scene([ellipse('e1', 0), text('t1', 'e1', 'run'), rect('r1', 300), text('t2', null, 'out', 310), arrow('a1', 'e1', null, 100, 205)]);
    const { workflow, diagnostics } = await parseText('excalidraw', 's.excalidraw', src);
    expect(codes(diagnostics)).toContain('NAP018');
    expect(workflow!.steps[0]!.outputs.map((p) => p.name)).toEqual(['out']);
  });

  it('reads an arrow drawn with its head at the start backwards', async () => {
    const back = { ...arrow('a1', 'r1', 'e1', 300, -200), startArrowhead: 'arrow', endArrowhead: null };
    const src = scene([ellipse('e1', 0), text('t1', 'e1', 'run'), rect('r1', 300), text('t2', 'r1', 'out'), back]);
    const { workflow } = await parseText('excalidraw', 's.excalidraw', src);
    expect(workflow!.steps[0]!.outputs.map((p) => p.name)).toEqual(['out']);
  });
});

describe('draw.io', () => {
  const page = (cells: string) =>
    `<mxfile host="app.diagrams.net">\n  <diagram name="Page-1" id="p">\n    <mxGraphModel>\n      <root>\n        <mxCell id="0" />\n        <mxCell id="1" parent="0" />\n${cells}\n      </root>\n    </mxGraphModel>\n  </diagram>\n</mxfile>\n`;
  const cells = [
    '        <mxCell id="a" value="run" style="ellipse;html=1;" vertex="1" parent="1"><mxGeometry x="0" y="0" width="100" height="50" as="geometry" /></mxCell>',
    '        <mxCell id="b" value="out" style="rounded=0;html=1;" vertex="1" parent="1"><mxGeometry x="300" y="0" width="100" height="50" as="geometry" /></mxCell>',
    '        <mxCell id="e" edge="1" parent="1" source="a" target="b"><mxGeometry relative="1" as="geometry" /></mxCell>',
  ];

  it('reads a compressed diagram like an uncompressed one', async () => {
    const plain = page(cells.join('\n'));
    const model = `<mxGraphModel><root><mxCell id="0" /><mxCell id="1" parent="0" />${cells.join('')}</root></mxGraphModel>`;
    const packed = deflateRawSync(Buffer.from(encodeURIComponent(model))).toString('base64');
    const compressed = `<mxfile><diagram name="Page-1" id="p">${packed}</diagram></mxfile>`;
    const a = await parseText('drawio', 'x.drawio', plain);
    const b = await parseText('drawio', 'x.drawio', compressed);
    expect(meaning(b.workflow)).toEqual(meaning(a.workflow));
    expect(a.workflow!.steps.map((s) => s.id)).toEqual(['run']);
  });

  it('reports an edge with no target at the edge', async () => {
    const src = page([cells[0], cells[1], '        <mxCell id="e" edge="1" parent="1" source="a"><mxGeometry relative="1" as="geometry"><mxPoint x="900" y="900" as="targetPoint" /></mxGeometry></mxCell>'].join('\n'));
    const { diagnostics } = await parseText('drawio', 'x.drawio', src);
    const d = diagnostics.find((x) => x.code === 'NAP003')!;
    expect(d.span!.line).toBe(src.split('\n').findIndex((l) => l.includes('id="e"')) + 1);
  });

  it('reports malformed XML with its line and column', async () => {
    const { diagnostics } = await parseText('drawio', 'x.drawio', '<mxfile>\n  <diagram>\n</mxfile>\n');
    expect(diagnostics).toEqual([expect.objectContaining({ code: 'SYN002', span: expect.objectContaining({ line: 3 }) })]);
  });
});
