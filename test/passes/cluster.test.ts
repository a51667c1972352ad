import { describe, expect, it } from 'vitest';
import type { Job, Workflow } from '../../ir/types.js';
import { canonicalize, createWorkflow } from '../../ir/workflow.js';
import { clusterPass } from '../../passes/cluster.js';
import { codes } from '../helpers/run.js';

/** n jobs of `a` at level 0, each feeding one job of `b`, all gathered by `c`. */
function fan(n: number, labels: Record<string, string[]> = {}): Workflow {
  const wf = createWorkflow('w', 'ir', []);
  wf.steps = ['a', 'b', 'c'].map((id) => ({ id, name: id, inputs: [], outputs: [], fanout: [], resources: {}, environment: {}, labels: labels[id] ?? [] }));
  const jobs: Job[] = [];
  for (let i = 0; i < n; i++) {
    jobs.push({ id: `a${i}`, step: 'a', binding: {}, inputs: [], outputs: [`a${i}`], after: [] });
    jobs.push({ id: `b${i}`, step: 'b', binding: {}, inputs: [`a${i}`], outputs: [`b${i}`], after: [] });
  }
  jobs.push({ id: 'c', step: 'c', binding: {}, inputs: Array.from({ length: n }, (_, i) => `b${i}`), outputs: ['c'], after: [] });
  wf.jobs = jobs;
  wf.files = jobs.flatMap((j) => j.outputs).map((id) => ({ id, kind: 'file' }));
  return canonicalize(wf);
}

describe('cluster', () => {
  it('does nothing unless asked', () => {
    const wf = fan(3);
    expect(clusterPass.run(wf, { target: 'slurm' }).workflow).toBe(wf);
  });

  it('groups jobs of one step and level by size', () => {
    const out = clusterPass.run(fan(5), { target: 'slurm', cluster: { by: 'size', size: 2 } }).workflow;
    expect(out.clusters!.map((c) => [c.id, c.kind, c.jobs.join(',')])).toEqual([
      ['a_l0_0', 'horizontal', 'a0,a1'],
      ['a_l0_1', 'horizontal', 'a2,a3'],
      ['b_l1_0', 'horizontal', 'b0,b1'],
      ['b_l1_1', 'horizontal', 'b2,b3'],
    ]);
  });

  it('or into a number of clusters', () => {
    const out = clusterPass.run(fan(5), { target: 'slurm', cluster: { by: 'count', count: 2 } }).workflow;
    expect(out.clusters!.map((c) => c.jobs.length)).toEqual([3, 2, 3, 2]);
  });

  it('groups connected jobs of a group label, unless that would make a cycle', () => {
    const grouped = clusterPass.run(fan(2, { a: ['group:g'], b: ['group:g'] }), { target: 'slurm', cluster: { by: 'label' } });
    expect(grouped.workflow.clusters!.map((c) => c.jobs.join(','))).toEqual(['a0,b0', 'a1,b1']);
    // a0 → b0 → c, and c in a group with a0 would need c before and after b0.
    const base = fan(1, { a: ['group:h'], c: ['group:h'] });
    const wf = canonicalize({ ...base, jobs: base.jobs.map((j) => (j.id === 'c' ? { ...j, inputs: [...j.inputs, 'a0'] } : j)) });
    const cyclic = clusterPass.run(wf, { target: 'slurm', cluster: { by: 'label' } });
    expect(cyclic.workflow.clusters).toBeUndefined();
    expect(codes(cyclic.diagnostics)).toEqual(['CLU001']);
    expect(cyclic.diagnostics[0]!.message).toBe('group "h": its jobs a0, c depend on each other through jobs outside it; they run apart');
    const connected = fan(1, { a: ['group:h'], b: ['group:x'], c: ['group:h'] });
    expect(clusterPass.run(connected, { target: 'slurm', cluster: { by: 'label' } }).workflow.clusters).toBeUndefined();
  });
});
