import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCpus, formatDuration, formatMemory, parseCpus, parseDuration, parseMemory, type Dialect, type Parsed } from '../../ir/units.js';

const value = (p: Parsed) => {
  if ('error' in p) throw new Error(p.error);
  return p.value;
};
const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

describe('parseMemory', () => {
  it.each([
    ['16.GB', 'nextflow', 16 * GiB],
    ['16 GB', 'nextflow', 16 * GiB],
    ['512.MB', 'nextflow', 512 * MiB],
    ['2.5 GB', 'nextflow', 2.5 * GiB],
    ['16GB', 'snakemake', 16e9],
    ['16GiB', 'snakemake', 16 * GiB],
    ['16G', 'slurm', 16 * GiB],
    ['16000M', 'slurm', 16000 * MiB],
    ['16000', 'slurm', 16000 * MiB],
    ['16Gi', 'kubernetes', 16 * GiB],
    ['500Mi', 'kubernetes', 500 * MiB],
    ['16G', 'kubernetes', 16e9],
    ['1e9', 'kubernetes', 1e9],
    ['4g', 'torc', 4 * GiB],
    ['512m', 'torc', 512 * MiB],
    ['2048', 'pegasus', 2048 * MiB],
    ['4 GB', 'generic', 4 * GiB],
    ['4000', 'generic', 4000 * MiB],
  ] as [string, Dialect, number][])('%s in %s notation', (text, dialect, bytes) => {
    expect(value(parseMemory(text, dialect))).toBe(bytes);
  });

  it('takes Snakemake mem_mb numbers as megabytes', () => {
    expect(value(parseMemory(16000, 'snakemake'))).toBe(16e9);
  });

  it.each(['', 'GB', '16 parsecs', '-4G', '1.2.3G', 'sixteen'])('rejects %j', (text) => {
    expect(parseMemory(text, 'generic')).toHaveProperty('error');
  });

  it('knows Kubernetes m is milli, M is mega', () => {
    expect(value(parseMemory('500m', 'kubernetes'))).toBe(0.5);
    expect(value(parseMemory('500M', 'kubernetes'))).toBe(500e6);
  });
});

describe('parseDuration', () => {
  it.each([
    ['2.h', 'nextflow', 7200],
    ['2h', 'nextflow', 7200],
    ['90 min', 'nextflow', 5400],
    ['1d 2h 30m', 'nextflow', 95400],
    ['1day2hours', 'nextflow', 93600],
    ['500ms', 'nextflow', 0.5],
    ['02:00:00', 'slurm', 7200],
    ['1-00:00:00', 'slurm', 86400],
    ['30', 'slurm', 1800],
    ['10:30', 'slurm', 630],
    ['2-12', 'slurm', 216000],
    ['PT1H', 'torc', 3600],
    ['P1DT2H30M', 'torc', 95400],
    ['P0DT1M', 'torc', 60],
    ['PT90S', 'torc', 90],
    ['3600', 'pegasus', 3600],
    ['120', 'snakemake', 7200],
    ['2h', 'snakemake', 7200],
    ['PT2H', 'generic', 7200],
    ['02:00:00', 'generic', 7200],
    ['45', 'generic', 2700],
  ] as [string, Dialect, number][])('%s in %s notation', (text, dialect, seconds) => {
    expect(value(parseDuration(text, dialect))).toBe(seconds);
  });

  it('reads Nextflow numbers as milliseconds and Snakemake runtime as minutes', () => {
    expect(value(parseDuration(60000, 'nextflow'))).toBe(60);
    expect(value(parseDuration(90, 'snakemake'))).toBe(5400);
  });

  it.each(['', 'P', 'PT', '2 fortnights', '1:2:3:4', 'h2'])('rejects %j', (text) => {
    expect(parseDuration(text, 'generic')).toHaveProperty('error');
  });
});

describe('CPUs', () => {
  it('parses millicores', () => {
    expect(value(parseCpus('500m', 'kubernetes'))).toBe(0.5);
    expect(value(parseCpus('2', 'slurm'))).toBe(2);
    expect(parseCpus('0', 'slurm')).toHaveProperty('error');
  });
  it('formats whole CPUs for batch systems and millicores for Kubernetes', () => {
    expect(formatCpus(0.5, 'kubernetes')).toBe('500m');
    expect(formatCpus(2, 'kubernetes')).toBe('2');
    expect(formatCpus(0.5, 'slurm')).toBe('1');
    expect(formatCpus(2.2, 'pegasus')).toBe('3');
  });
});

describe('formatting', () => {
  it('writes each notation as its engine expects', () => {
    expect(formatMemory(16 * GiB, 'nextflow')).toBe('16.GB');
    expect(formatMemory(16 * GiB, 'slurm')).toBe('16G');
    expect(formatMemory(1536 * MiB, 'slurm')).toBe('1536M');
    expect(formatMemory(16 * GiB, 'kubernetes')).toBe('16Gi');
    expect(formatMemory(16 * GiB, 'torc')).toBe('16g');
    expect(formatMemory(16 * GiB, 'pegasus')).toBe('16384');
    expect(formatMemory(16e9, 'snakemake')).toBe('16000');
    expect(formatDuration(7200, 'slurm')).toBe('02:00:00');
    expect(formatDuration(95400, 'slurm')).toBe('1-02:30:00');
    expect(formatDuration(95400, 'torc')).toBe('P1DT2H30M');
    expect(formatDuration(7200, 'nextflow')).toBe('2h');
    expect(formatDuration(5430, 'nextflow')).toBe('1h 30m 30s');
    expect(formatDuration(61, 'snakemake')).toBe('2');
  });
});

/** The smallest amount each notation can write; values that are multiples of it round-trip exactly. */
const MEMORY_GRAIN: Record<Dialect, number> = {
  generic: 1,
  nextflow: 1,
  snakemake: 1e6,
  slurm: MiB,
  kubernetes: 1,
  torc: 1,
  pegasus: MiB,
};
const TIME_GRAIN: Record<Dialect, number> = { generic: 1, nextflow: 1, snakemake: 60, slurm: 1, kubernetes: 1, torc: 1, pegasus: 1 };
const dialects = Object.keys(MEMORY_GRAIN) as Dialect[];

describe('round trips (fast-check)', () => {
  it('parse(format(memory)) is exact on the grain and never less than asked', () => {
    fc.assert(
      fc.property(fc.constantFrom(...dialects), fc.integer({ min: 1, max: 2 ** 40 }), (d, n) => {
        const exact = n * MEMORY_GRAIN[d];
        if (Number.isSafeInteger(exact)) expect(value(parseMemory(formatMemory(exact, d), d))).toBe(exact);
        const back = value(parseMemory(formatMemory(n, d), d));
        expect(back).toBeGreaterThanOrEqual(n);
        expect(back).toBeLessThan(n + MEMORY_GRAIN[d]);
      }),
    );
  });

  it('parse(format(duration)) is exact on the grain and never less than asked', () => {
    fc.assert(
      fc.property(fc.constantFrom(...dialects), fc.integer({ min: 0, max: 400 * 86400 }), (d, s) => {
        const exact = s * TIME_GRAIN[d];
        expect(value(parseDuration(formatDuration(exact, d), d))).toBe(exact);
        const back = value(parseDuration(formatDuration(s + 0.25, d), d));
        expect(back).toBeGreaterThanOrEqual(s + 0.25);
      }),
    );
  });

  it('parse(format(cpus)) never gives fewer CPUs', () => {
    fc.assert(
      fc.property(fc.constantFrom<Dialect>('kubernetes', 'slurm', 'pegasus', 'torc'), fc.double({ min: 0.001, max: 512, noNaN: true }), (d, c) => {
        expect(value(parseCpus(formatCpus(c, d), d))).toBeGreaterThanOrEqual(c - 1e-9);
      }),
    );
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.constantFrom(...dialects), fc.string(), (d, t) => {
        for (const p of [parseMemory(t, d), parseDuration(t, d), parseCpus(t, d)]) {
          expect('value' in p ? Number.isFinite(p.value) && p.value >= 0 : typeof p.error === 'string').toBe(true);
        }
      }),
    );
  });
});
