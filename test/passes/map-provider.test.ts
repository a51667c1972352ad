import { describe, expect, it } from 'vitest';
import type { Resources, Workflow } from '../../ir/types.js';
import { createWorkflow } from '../../ir/workflow.js';
import type { SiteProfile } from '../../passes/context.js';
import { mapProviderPass } from '../../passes/map-provider.js';
import { codes } from '../helpers/run.js';

const GiB = 2 ** 30;

function oneStep(resources: Resources, jobResources?: Resources): Workflow {
  const wf = createWorkflow('w', 'ir', []);
  wf.steps = [{ id: 'align', name: 'align', inputs: [], outputs: [], fanout: [], resources, environment: {}, labels: [] }];
  wf.jobs = [{ id: 'align_1', step: 'align', binding: {}, inputs: [], outputs: [], after: [], ...(jobResources ? { resources: jobResources } : {}) }];
  return wf;
}

const site: SiteProfile = {
  file: 'site.yaml',
  slurm: {
    account: 'proj',
    qos: 'normal',
    partitions: [
      { name: 'short', maxCpus: 32, maxMemoryBytes: 128 * GiB, maxWalltimeSeconds: 4 * 3600 },
      { name: 'long', maxCpus: 32, maxMemoryBytes: 128 * GiB },
      { name: 'gpu', maxCpus: 16, maxGpus: 4, gpuTypes: ['a100'] },
    ],
  },
  kubernetes: { nodes: [{ name: 'large', cpus: 16, memoryBytes: 64 * GiB }, { name: 'small', cpus: 4, memoryBytes: 16 * GiB }] },
  fargate: {},
};

describe('map-provider', () => {
  it('puts each step, and each job with its own resources, in the first partition that fits', () => {
    const out = mapProviderPass.run(oneStep({ cpus: 8, walltimeSeconds: 3600 }, { walltimeSeconds: 10 * 3600 }), { target: 'slurm', site });
    expect(out.diagnostics).toEqual([]);
    expect(out.workflow.steps[0]!.placement).toEqual({ provider: 'slurm', partition: 'short', account: 'proj', qos: 'normal' });
    expect(out.workflow.jobs[0]!.placement).toMatchObject({ partition: 'long' });
    expect(mapProviderPass.run(oneStep({ gpus: 2, gpuType: 'a100' }), { target: 'slurm', site }).workflow.steps[0]!.placement!.partition).toBe('gpu');
  });

  it('names the job and the limit when nothing fits', () => {
    const out = mapProviderPass.run(oneStep({ cpus: 64 }), { target: 'slurm', site });
    expect(codes(out.diagnostics)).toEqual(['MAP001']);
    expect(out.diagnostics[0]!.message).toBe('job "align_1" (step "align") fits no partition of site.yaml: short: 64 CPUs (at most 32); long: 64 CPUs (at most 32); gpu: 64 CPUs (at most 16)');
  });

  it('takes the smallest Kubernetes node that holds the step', () => {
    expect(mapProviderPass.run(oneStep({ cpus: 2, memoryBytes: 8 * GiB }), { target: 'kubernetes', site: { file: 's', kubernetes: site.kubernetes! } }).workflow.steps[0]!.placement).toEqual({ provider: 'kubernetes', node: 'small' });
    const none = mapProviderPass.run(oneStep({ cpus: 32 }), { target: 'kubernetes', site: { file: 's', kubernetes: site.kubernetes! } });
    expect(none.diagnostics[0]!.message).toBe('job "align_1" (step "align") asks for 32 CPUs; no node size of s holds it (the largest, large, has 16 CPUs, 64 GiB)');
  });

  it("rounds up to Fargate's sizes and says what it costs", () => {
    const out = mapProviderPass.run(oneStep({ cpus: 3, memoryBytes: 5 * GiB }), { target: 'kubernetes', site: { file: 's', fargate: {} } });
    expect(out.workflow.steps[0]!.resources).toEqual({ cpus: 4, memoryBytes: 8 * GiB });
    expect(codes(out.diagnostics)).toEqual(['MAP002']);
    expect(out.diagnostics[0]!.message).toBe('job "align_1" (step "align") asks for 3 vCPU, 5 GiB; Fargate runs it as 4 vCPU, 8 GiB: $0.1975/h instead of $0.1437/h (+37%)');
    // An exact size is left alone.
    expect(mapProviderPass.run(oneStep({ cpus: 1, memoryBytes: 2 * GiB }), { target: 'kubernetes', site: { file: 's', fargate: {} } }).diagnostics).toEqual([]);
  });

  it('changes nothing without a site section for the target', () => {
    const wf = oneStep({ cpus: 999 });
    expect(mapProviderPass.run(wf, { target: 'pegasus', site }).workflow).toBe(wf);
    expect(mapProviderPass.run(wf, { target: 'slurm' }).workflow).toBe(wf);
  });
});
