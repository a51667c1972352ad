// The Snakemake frontend against Snakemake itself: for every Snakemake case of the corpus, the same
// jobs (rule and wildcards) and the same edges as `snakemake -n --forceall --d3dag`.

import { describe, expect, it } from 'vitest';
import { jobEdges } from '../../ir/graph.js';
import { corpusCases } from '../helpers/corpus.js';
import { parseCase } from '../helpers/run.js';
import { jobKey, snakemakeAvailable, snakemakeDag } from '../helpers/snakemake.js';

const cases = corpusCases().filter((c) => c.oracle);

/** wfc's convert options as Snakemake's: the same names, but targets are positional. */
function snakemakeArgs(args: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i += 2) {
    if (args[i] === '--target') out.push(args[i + 1]!);
    else out.push(args[i]!, args[i + 1]!);
  }
  return out;
}

describe('Snakemake oracle', () => {
  it('has Snakemake installed (.ci/run installs Debian\'s snakemake)', () => {
    expect(snakemakeAvailable()).toBe(true);
  });

  it('has at least 8 Snakemake corpus cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(8);
  });

  for (const c of cases) {
    it(`${c.name}: same jobs and edges as snakemake -n --forceall --d3dag`, async () => {
      const { workflow, diagnostics } = await parseCase(c);
      expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      const key = new Map(workflow!.jobs.map((j) => [j.id, jobKey(j.step, j.binding)]));
      const ours = {
        jobs: [...key.values()].sort(),
        edges: jobEdges(workflow!).map((e) => `${key.get(e.from)} -> ${key.get(e.to)}`).sort(),
      };
      expect(ours).toEqual(snakemakeDag(c.dir, ['-s', c.input, ...snakemakeArgs(c.args)]));
    });
  }
});
