import { describe, expect, it } from 'vitest';
import type { FileEntry, Job, Workflow } from '../../ir/types.js';
import { createWorkflow } from '../../ir/workflow.js';
import { inferStagingPass } from '../../passes/infer-staging.js';
import { codes } from '../helpers/run.js';

function concrete(jobs: Partial<Job>[], files: Partial<FileEntry>[] = []): Workflow {
  const wf = createWorkflow('w', 'ir', []);
  wf.steps = [{ id: 's', name: 's', inputs: [], outputs: [], fanout: [], resources: {}, environment: {}, labels: [] }];
  wf.jobs = jobs.map((j, i) => ({ id: `j${i}`, step: 's', binding: {}, inputs: [], outputs: [], after: [], command: { argv: ['true'] }, ...j }));
  const ids = [...new Set(wf.jobs.flatMap((j) => [...j.inputs, ...j.outputs]))];
  wf.files = ids.map((id) => ({ id, kind: 'file', ...files.find((f) => f.id === id) }));
  return wf;
}

const roles = (wf: Workflow) => Object.fromEntries(wf.files.map((f) => [f.id, [f.role, f.stageIn ? 'in' : '', f.stageOut ? 'out' : '', f.cleanup ? 'cleanup' : ''].filter(Boolean).join(' ')]));

describe('infer-staging', () => {
  const pipeline = () =>
    concrete(
      [
        { inputs: ['raw'], outputs: ['mid', 'tmp'] },
        { inputs: ['mid', 'tmp'], outputs: ['final', 'kept'] },
        { inputs: ['final', 'kept'], outputs: ['report'] },
        // A target: no command, no outputs, names what the run is for.
        { inputs: ['report', 'kept'], command: undefined },
      ],
      [{ id: 'raw', origin: 'disk' }, { id: 'tmp', temporary: true }],
    );

  it('classifies raw inputs, intermediates and final outputs, as a shared filesystem wants them', () => {
    const out = inferStagingPass.run(pipeline(), { target: 'slurm', staging: 'shared' });
    expect(out.diagnostics).toEqual([]);
    expect(out.workflow.staging).toEqual({ mode: 'shared' });
    expect(roles(out.workflow)).toEqual({
      raw: 'input in',
      mid: 'intermediate',
      tmp: 'intermediate cleanup',
      final: 'intermediate',
      kept: 'output out',
      report: 'output out',
    });
  });

  it('cleans up every intermediate where the engine moves files', () => {
    const out = inferStagingPass.run(pipeline(), { target: 'pegasus', staging: 'condorio' });
    expect(roles(out.workflow)).toMatchObject({ mid: 'intermediate cleanup', final: 'intermediate cleanup', tmp: 'intermediate cleanup' });
  });

  it('names inputs that nothing writes or locates, with the jobs that read them', () => {
    const wf = concrete([{ inputs: ['lost.txt'], outputs: ['a'] }, { inputs: ['lost.txt', 'https://example.org/x'], outputs: ['b'] }]);
    const out = inferStagingPass.run(wf, { target: 'slurm', staging: 'shared' });
    expect(codes(out.diagnostics)).toEqual(['STG001', 'STG002']);
    expect(out.diagnostics[0]!.message).toBe('"lost.txt" is read by 2 jobs ("j0", ...), but no job writes it and nothing says where it is');
    expect(out.diagnostics[1]!.message).toBe('"https://example.org/x" is remote, and slurm runs jobs on a shared filesystem without stage-in');
  });

  it('treats directories like files', () => {
    const wf = concrete([{ outputs: ['d'] }, { inputs: ['d'], outputs: ['e'] }], [{ id: 'd', kind: 'dir' }]);
    expect(roles(inferStagingPass.run(wf, { target: 'pegasus', staging: 'condorio' }).workflow)).toEqual({ d: 'intermediate cleanup', e: 'output out' });
  });
});
