import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run.js';
import { tempDir, withCase } from '../helpers/tmp.js';

describe('wfc', () => {
  it('explains itself', async () => {
    const help = await runCli(['--help'], '.');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/convert .*\n.*validate .*\n.*graph .*\n.*explain/s);
    const convert = await runCli(['convert', '--help'], '.');
    expect(convert.stdout).toMatch(/Input formats:[\s\S]*excalidraw[\s\S]*Targets:[\s\S]*pegasus/);
    expect((await runCli(['--version'], '.')).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    expect((await runCli(['frobnicate'], '.')).code).toBe(2);
  });

  it('validate reports ok or the diagnostics', async () => {
    const dir = withCase('sun-image-excalidraw', 'sun-image.excalidraw');
    const ok = await runCli(['validate', 'sun-image.excalidraw'], dir);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toBe('ok: sun-image.excalidraw (excalidraw): 4 steps\n');
    const scene = JSON.parse((await import('node:fs')).readFileSync(join(dir, 'sun-image.excalidraw'), 'utf8')) as { elements: { type: string; endBinding?: unknown }[] };
    const arrow = scene.elements.find((e) => e.type === 'arrow')!;
    arrow.endBinding = null;
    (arrow as { points?: number[][] }).points = [[0, 0], [5000, 5000]];
    writeFileSync(join(dir, 'broken.excalidraw'), JSON.stringify(scene, null, 2));
    const bad = await runCli(['validate', 'broken.excalidraw'], dir);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/error\[NAP003\]: arrow from "[^"]+" ends at \(\d+, \d+\), where there is no shape\n +--> broken.excalidraw:\d+:\d+/);
  });

  it('graph prints steps and jobs as JSON, Mermaid and DOT', async () => {
    const dir = withCase('sun-image-drawio', 'sun-image.drawio');
    const steps = await runCli(['graph', 'sun-image.drawio', '--format', 'json'], dir);
    expect(JSON.parse(steps.stdout)).toEqual({
      nodes: [
        { id: 'make_tiles', name: 'make_tiles' },
        { id: '2D-fft', name: '2D-fft' },
        { id: 'split', name: 'split' },
        { id: 'merge', name: 'merge' },
      ],
      edges: [
        { from: '2D-fft', to: 'split' },
        { from: 'make_tiles', to: '2D-fft' },
        { from: 'split', to: 'merge' },
      ],
    });
    const jobs = JSON.parse((await runCli(['graph', 'sun-image.drawio', '--level', 'jobs', '--format', 'json', '--param', 'N=2', '--param', 'M=2'], dir)).stdout) as { nodes: unknown[]; edges: unknown[] };
    expect(jobs.nodes).toHaveLength(9);
    expect(jobs.edges).toHaveLength(2 + 4 + 4);
    const mermaid = (await runCli(['graph', 'sun-image.drawio'], dir)).stdout;
    expect(mermaid).toMatch(/^flowchart TD\n {2}n0\["make_tiles"\]/);
    expect(mermaid).toContain('n0 --> n1');
    const dot = (await runCli(['graph', 'sun-image.drawio', '--format', 'dot'], dir)).stdout;
    expect(dot).toMatch(/^digraph "sun-image" \{/);
    expect(dot).toContain('"make_tiles" -> "2D-fft";');
    expect((await runCli(['graph', 'sun-image.drawio', '--format', 'png'], dir)).code).toBe(2);
  });

  it('graph of a sketch with a cycle fails with the cycle named', async () => {
    const dir = tempDir();
    const doc = { napkin: 1, nodes: [{ id: 'a', shape: 'oval', label: 'a' }, { id: 'x', shape: 'box', label: 'x' }], arrows: [{ from: 'a', to: 'x' }, { from: 'x', to: 'a' }] };
    writeFileSync(join(dir, 'c.napkin.json'), JSON.stringify(doc, null, 2));
    const r = await runCli(['graph', 'c.napkin.json'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error\[NAP008\]: the sketch has a cycle: (a → x → a|x → a → x)/);
  });

  it('explain gives a code its meaning', async () => {
    const r = await runCli(['explain', 'nap003'], '.');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^NAP003 {3}arrow ends nowhere\n {9}hint: attach the arrow's end/);
    expect((await runCli(['explain', 'XYZ999'], '.')).code).toBe(2);
    expect((await runCli(['explain'], '.')).stdout.split('\n').filter((l) => /^[A-Z]+\d{3}/.test(l)).length).toBeGreaterThan(40);
  });
});
