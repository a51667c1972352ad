import { describe, expect, it } from 'vitest';
import type { Job, Workflow } from '../../ir/types.js';
import { createWorkflow } from '../../ir/workflow.js';
import { lintPass } from '../../passes/lint.js';
import { codes } from '../helpers/run.js';

function concrete(jobs: Partial<Job>[]): Workflow {
  const wf = createWorkflow('w', 'ir', []);
  wf.steps = [{ id: 's', name: 's', inputs: [], outputs: [], fanout: [], resources: {}, environment: {}, labels: [] }];
  wf.jobs = jobs.map((j, i) => ({ id: `j${i}`, step: 's', binding: {}, inputs: [], outputs: [], after: [], command: { argv: ['true'] }, ...j }));
  wf.files = [...new Set(wf.jobs.flatMap((j) => [...j.inputs, ...j.outputs]))].map((id) => ({ id, kind: 'file' }));
  return wf;
}

describe('lint', () => {
  it('passes a clean workflow', () => {
    expect(lintPass.run(concrete([{ outputs: ['a'] }, { inputs: ['a'], outputs: ['b'] }])).diagnostics).toEqual([]);
  });

  it('finds a job that reads what it writes', () => {
    const d = lintPass.run(concrete([{ inputs: ['a'], outputs: ['a'] }])).diagnostics;
    expect(codes(d)).toEqual(['LINT003']);
    expect(d[0]!.message).toBe('job "j0" reads and writes "a"');
  });

  it('finds outputs outside the working area: climbing out is an error, absolute paths are errors only on a volume', () => {
    const climbing = lintPass.run(concrete([{ outputs: ['a/../../x'] }])).diagnostics;
    expect(codes(climbing)).toEqual(['LINT010']);
    expect(climbing[0]!.severity).toBe('error');
    expect(climbing[0]!.message).toBe('job "j0" writes "a/../../x", which lies outside the working area');
    expect(codes(lintPass.run(concrete([{ outputs: ['a/../b/./x'] }])).diagnostics)).toEqual([]);
    const absolute = concrete([{ outputs: ['/data/x'] }]);
    expect(lintPass.run(absolute, { target: 'slurm', staging: 'shared' }).diagnostics.map((d) => [d.code, d.severity])).toEqual([['LINT010', 'warning']]);
    expect(lintPass.run(absolute, { target: 'kubernetes', staging: 'pvc' }).diagnostics.map((d) => [d.code, d.severity])).toEqual([['LINT010', 'error']]);
  });

  it('finds a file with two producers', () => {
    expect(codes(lintPass.run(concrete([{ outputs: ['a'] }, { outputs: ['a'] }])).diagnostics)).toEqual(['LINT004']);
  });

  it('names the cycle', () => {
    const d = lintPass.run(concrete([{ inputs: ['b'], outputs: ['a'] }, { inputs: ['a'], outputs: ['b'] }])).diagnostics;
    expect(d.find((x) => x.code === 'LINT002')!.message).toMatch(/j0 → j1 → j0|j1 → j0 → j1/);
  });

  it('finds references to nothing and steps with nothing to run', () => {
    const wf = concrete([{ after: ['ghost'] }]);
    expect(codes(lintPass.run(wf).diagnostics)).toEqual(['LINT006']);
    const idle = concrete([{ outputs: ['x'] }]);
    idle.jobs = idle.jobs.map(({ command: _, ...j }) => j);
    expect(codes(lintPass.run(idle).diagnostics)).toEqual(['LINT007']);
    // A step that writes nothing (a Snakemake `rule all`) needs no command.
    const gather = concrete([{ inputs: ['x'] }]);
    gather.jobs = gather.jobs.map(({ command: _, ...j }) => j);
    gather.files = [{ id: 'x', kind: 'file', origin: 'disk' }];
    expect(lintPass.run(gather).diagnostics).toEqual([]);
  });

  it('finds inputs that nothing writes or declares', () => {
    const wf = concrete([{ inputs: ['raw.txt', 'https://example.org/ref.fa', '/abs/db'], outputs: ['out'] }]);
    const d = lintPass.run(wf).diagnostics;
    expect(codes(d)).toEqual(['LINT005']);
    expect(d[0]!.message).toBe('"raw.txt" is read, but no job writes it and nothing declares it');
    wf.inputs = [{ id: 'raw', name: 'raw', kind: 'file', pattern: 'raw{X}' }];
    expect(lintPass.run(wf).diagnostics).toEqual([]);
  });

  it('asks for containers only where the target runs steps in them', () => {
    const wf = concrete([{ outputs: ['a'] }]);
    expect(lintPass.run(wf, { target: 'slurm' }).diagnostics).toEqual([]);
    expect(codes(lintPass.run(wf, { target: 'kubernetes', needsContainers: true }).diagnostics)).toEqual(['LINT008']);
    wf.steps[0]!.environment.container = { image: 'ubuntu:22.04' };
    expect(lintPass.run(wf, { target: 'kubernetes', needsContainers: true }).diagnostics).toEqual([]);
  });

  it('finds command arguments that name files the job does not use', () => {
    const wf = concrete([{ outputs: ['a'] }, { inputs: ['a'], outputs: ['b'], command: { argv: ['cat', 'a', 'b', 'c'] } }, { outputs: ['c'] }]);
    const d = lintPass.run(wf).diagnostics;
    expect(codes(d)).toEqual(['LINT009']);
    expect(d[0]!.message).toBe('job "j1" names "c" in its command, but neither reads nor writes it');
  });
});
