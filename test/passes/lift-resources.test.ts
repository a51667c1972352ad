import { describe, expect, it } from 'vitest';
import type { Step, Workflow } from '../../ir/types.js';
import { createWorkflow } from '../../ir/workflow.js';
import { className, liftResourcesPass } from '../../passes/lift-resources.js';
import { codes } from '../helpers/run.js';

const GiB = 2 ** 30;

function withSteps(steps: Partial<Step>[]): Workflow {
  const wf = createWorkflow('w', 'ir', []);
  wf.steps = steps.map((s, i) => ({ id: `s${i}`, name: `s${i}`, inputs: [], outputs: [], fanout: [], resources: {}, environment: {}, labels: [], ...s }));
  return wf;
}

describe('lift-resources', () => {
  it('resolves defaults < labels < the step itself < --defaults by step name', () => {
    const wf = withSteps([{ labels: ['big'] }, { labels: ['big'], resources: { cpus: 2 } }, { name: 'special' }, {}]);
    const out = liftResourcesPass.run(wf, {
      target: 'slurm',
      defaults: {
        file: 'd.yaml',
        defaults: { cpus: 1, walltimeSeconds: 3600 },
        labels: { big: { cpus: 16, memoryBytes: 64 * GiB } },
        steps: { special: { memoryBytes: 2 * GiB } },
      },
    });
    const r = out.workflow.steps.map((s) => s.resources);
    expect(r).toEqual([
      { cpus: 16, memoryBytes: 64 * GiB, walltimeSeconds: 3600 },
      { cpus: 2, memoryBytes: 64 * GiB, walltimeSeconds: 3600 },
      { cpus: 1, memoryBytes: 2 * GiB, walltimeSeconds: 3600 },
      { cpus: 1, walltimeSeconds: 3600 },
    ]);
    // The label asked for 16 CPUs, the step for 2: the step wins, and says so.
    expect(codes(out.diagnostics)).toEqual(['LIFT001']);
    expect(out.diagnostics[0]!.message).toBe('step "s1": label "big" (d.yaml) asks for 16 CPUs, the step itself for 2 CPUs; 2 CPUs is used');
  });

  it('hoists each distinct set of resources into a class named after its values', () => {
    const wf = withSteps([{ resources: { cpus: 4, memoryBytes: 16 * GiB, walltimeSeconds: 7200 } }, { resources: { cpus: 4, memoryBytes: 16 * GiB, walltimeSeconds: 7200 } }, { resources: { gpus: 1, gpuType: 'a100' } }, {}]);
    wf.jobs = [{ id: 'j', step: 's0', binding: {}, inputs: [], outputs: [], after: [], resources: { cpus: 8 } }];
    const out = liftResourcesPass.run(wf).workflow;
    expect(out.resourceClasses).toEqual([
      { id: 'c4-m16G-t2h', resources: { cpus: 4, memoryBytes: 16 * GiB, walltimeSeconds: 7200 } },
      { id: 'c8', resources: { cpus: 8 } },
      { id: 'g1a100', resources: { gpus: 1, gpuType: 'a100' } },
    ]);
    expect(out.steps.map((s) => s.resourceClass)).toEqual(['c4-m16G-t2h', 'c4-m16G-t2h', 'g1a100', undefined]);
    expect(out.jobs[0]!.resourceClass).toBe('c8');
  });

  it('names classes from every kind of amount', () => {
    expect(className({ cpus: 0.5, memoryBytes: 1536 * 2 ** 20, diskBytes: 10 * GiB, walltimeSeconds: 5400 })).toBe('c0.5-m1536M-t1h30m-d10G');
    expect(className({})).toBe('resources');
  });
});
