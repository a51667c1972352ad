// Every resource notation wfc meets, parsed into one model (bytes, seconds, CPUs) and formatted back
// for each target. Nothing else in wfc parses or prints a unit.
//
// Formatting never rounds a request down: an engine must get at least what the source asked for.

export type Dialect = 'generic' | 'nextflow' | 'snakemake' | 'slurm' | 'kubernetes' | 'torc' | 'pegasus';

export type Parsed = { value: number } | { error: string };

const KiB = 1024;
const MiB = 1024 ** 2;
const GiB = 1024 ** 3;
const TiB = 1024 ** 4;
const PiB = 1024 ** 5;
const EiB = 1024 ** 6;

const BINARY: Record<string, number> = { b: 1, k: KiB, m: MiB, g: GiB, t: TiB, p: PiB, e: EiB };
const DECIMAL: Record<string, number> = { b: 1, k: 1e3, m: 1e6, g: 1e9, t: 1e12, p: 1e15, e: 1e18 };

const NUMBER = String.raw`(\d+(?:\.\d*)?|\.\d+)(?:[eE]([+-]?\d+))?`;

function num(mantissa: string, exponent: string | undefined): number {
  return Number(mantissa) * (exponent === undefined ? 1 : 10 ** Number(exponent));
}

// --- memory -----------------------------------------------------------------------------------------

/** What a bare number means, per dialect. */
const MEMORY_BARE_UNIT: Record<Dialect, number> = {
  generic: MiB, // people write `mem: 4000` meaning megabytes
  nextflow: 1, // MemoryUnit(long) is bytes
  snakemake: 1e6, // mem_mb
  slurm: MiB, // --mem=4000 is MiB
  kubernetes: 1,
  torc: 1,
  pegasus: MiB, // the `memory` profile is in MB
};

/**
 * Parses a memory amount to bytes.
 * - nextflow: `16.GB`, `16 GB`, `512MB`; units are powers of 1024.
 * - snakemake: `16GB` (powers of 1000, as Snakemake's human-friendly sizes), `16GiB` (1024); numbers are mem_mb.
 * - slurm: `16G`, `16000M`, `16000` (MiB); K M G T are powers of 1024.
 * - kubernetes: `16Gi`, `500Mi` (1024), `16G`, `500M`, `1e9` (1000), `500m` (thousandths).
 * - torc: `4g`, `512m`, `1t` (1024).
 * - pegasus: MB integers.
 * - generic: any of the above spellings; K/M/G/T with or without B are powers of 1024, KB vs KiB alike.
 */
export function parseMemory(input: string | number, dialect: Dialect = 'generic'): Parsed {
  if (typeof input === 'number') return nonNegative(input * MEMORY_BARE_UNIT[dialect], 'memory', String(input));
  const text = input.trim();
  if (dialect === 'kubernetes') return parseQuantity(text, 'memory');
  const m = new RegExp(`^${NUMBER}\\s*\\.?\\s*([A-Za-z]*)$`).exec(text);
  if (!m) return { error: `"${input}" is not a memory amount` };
  const value = num(m[1]!, m[2]);
  const unit = m[3]!;
  if (unit === '') return nonNegative(value * MEMORY_BARE_UNIT[dialect], 'memory', text);
  const factor = memoryUnitFactor(unit, dialect);
  if (factor === undefined) return { error: `"${unit}" is not a memory unit in ${dialect} notation` };
  return nonNegative(value * factor, 'memory', text);
}

function memoryUnitFactor(unit: string, dialect: Dialect): number | undefined {
  const u = unit.toLowerCase();
  const iec = /^([kmgtpe])ib?$/.exec(u); // KiB, Gi: binary in every notation that accepts them
  if (iec) return BINARY[iec[1]!];
  const si = /^([kmgtpe]?)(b?)$/.exec(u);
  if (!si || u === '') return undefined;
  const prefix = si[1] || 'b';
  // Snakemake sizes are SI (16GB = 16e9 bytes); everyone else means powers of 1024 by K, M, G, KB, MB, GB.
  return dialect === 'snakemake' ? DECIMAL[prefix] : BINARY[prefix];
}

/** Kubernetes resource quantities (apimachinery `resource.Quantity`). Case matters: m is milli, M is mega. */
const QUANTITY_SUFFIX: Record<string, number> = {
  n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: KiB, Mi: MiB, Gi: GiB, Ti: TiB, Pi: PiB, Ei: EiB,
};

function parseQuantity(text: string, what: string): Parsed {
  const m = /^(\d+(?:\.\d*)?|\.\d+)(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])?)$/.exec(text);
  if (!m) return { error: `"${text}" is not a Kubernetes quantity` };
  const factor = m[2] ? 10 ** Number(m[2].slice(1)) : QUANTITY_SUFFIX[m[3] ?? '']!;
  return nonNegative(Number(m[1]) * factor, what, text);
}

function nonNegative(value: number, what: string, text: string): Parsed {
  if (!Number.isFinite(value) || value < 0) return { error: `"${text}" is not a valid ${what}` };
  return { value };
}

/** Formats bytes for a target, rounding up to the target's smallest unit. */
export function formatMemory(bytes: number, dialect: Dialect): string {
  const b = Math.ceil(bytes);
  switch (dialect) {
    case 'nextflow':
      return largestExact(b, [['TB', TiB], ['GB', GiB], ['MB', MiB], ['KB', KiB]], (n, u) => `${n}.${u}`, `${b}.B`);
    case 'slurm': // smallest Slurm unit is MiB
      return b % GiB === 0 && b > 0 ? `${b / GiB}G` : `${Math.ceil(b / MiB)}M`;
    case 'kubernetes': // binary suffixes where exact, else decimal ones (a Dask `16G` is 16e9 bytes)
      return largestExact(b, [['Ti', TiB], ['Gi', GiB], ['Mi', MiB], ['T', 1e12], ['G', 1e9], ['M', 1e6], ['Ki', KiB], ['k', 1e3]], (n, u) => `${n}${u}`, String(b));
    case 'torc':
      return largestExact(b, [['t', TiB], ['g', GiB], ['m', MiB], ['k', KiB]], (n, u) => `${n}${u}`, String(b));
    case 'snakemake':
      return String(Math.ceil(b / 1e6)); // mem_mb
    case 'pegasus':
      return String(Math.ceil(b / MiB));
    case 'generic':
      return largestExact(b, [['TiB', TiB], ['GiB', GiB], ['MiB', MiB], ['KiB', KiB]], (n, u) => `${n} ${u}`, `${b} B`);
  }
}

function largestExact(
  value: number,
  units: [string, number][],
  show: (n: number, unit: string) => string,
  fallback: string,
): string {
  for (const [unit, factor] of units) if (value > 0 && value % factor === 0) return show(value / factor, unit);
  return fallback;
}

// --- Dask byte strings (Scalable `memory`) ------------------------------------------------------------

/**
 * Dask's own byte units (`dask.utils.parse_bytes`), which Scalable manifests use: case does not
 * matter; `k`, `M`, `G`, `T`, `P` with or without `B` are powers of 1000, `Ki`, `KiB`, ... powers
 * of 1024; a bare number is bytes. So `8G` is 8e9 bytes and `8GiB` is 8 x 2^30.
 */
const DASK_UNITS: Record<string, number> = {
  '': 1, b: 1,
  k: 1e3, kb: 1e3, m: 1e6, mb: 1e6, g: 1e9, gb: 1e9, t: 1e12, tb: 1e12, p: 1e15, pb: 1e15,
  ki: KiB, kib: KiB, mi: MiB, mib: MiB, gi: GiB, gib: GiB, ti: TiB, tib: TiB, pi: PiB, pib: PiB,
};

/**
 * Parses a memory string as `dask.utils.parse_bytes` does: blanks are ignored, the trailing
 * letters are the unit, what precedes them a Python float; the result is truncated to whole bytes.
 */
export function parseDaskBytes(input: string): Parsed {
  let text = input.replace(/ /g, '');
  if (!/\d/.test(text)) text = `1${text}`;
  const m = /^(.*?)([A-Za-z]*)$/.exec(text)!;
  const [, number, unit] = m as unknown as [string, string, string];
  if (!/^[+-]?(\d(_?\d)*(\.(\d(_?\d)*)?)?|\.\d(_?\d)*)([eE][+-]?\d(_?\d)*)?$/.test(number)) return { error: `"${input}" does not start with a number` };
  const factor = DASK_UNITS[unit.toLowerCase()];
  if (factor === undefined) return { error: `"${unit}" is not a byte unit Dask knows (B, K, M, G, T, P, with B or iB)` };
  const value = Math.trunc(Number(number.replace(/_/g, '')) * factor);
  return Number.isFinite(value) ? { value } : { error: `"${input}" is not a memory amount` };
}

/** Formats bytes for Dask exactly, in the largest unit that divides them: `16G`, `16GiB`, `1500K`. */
export function formatDaskBytes(bytes: number): string {
  const b = Math.ceil(bytes);
  const units: [string, number][] = [['PiB', PiB], ['P', 1e15], ['TiB', TiB], ['T', 1e12], ['GiB', GiB], ['G', 1e9], ['MiB', MiB], ['M', 1e6], ['KiB', KiB], ['K', 1e3]];
  return largestExact(b, units, (n, u) => `${n}${u}`, String(b));
}

// --- durations ----------------------------------------------------------------------------------------

const NEXTFLOW_TIME_UNITS: [RegExp, number][] = [
  [/^(ms|milli|millis)$/, 0.001],
  [/^(s|sec|second|seconds)$/, 1],
  [/^(m|min|mins|minute|minutes)$/, 60],
  [/^(h|hour|hours)$/, 3600],
  [/^(d|day|days)$/, 86400],
];

/** What a bare number means, per dialect. */
const DURATION_BARE_UNIT: Record<Dialect, number> = {
  generic: 60, // minutes, as Snakemake's runtime and Slurm's --time
  nextflow: 0.001, // Duration(long) is milliseconds
  snakemake: 60,
  slurm: 60,
  torc: 1,
  kubernetes: 1,
  pegasus: 1,
};

/**
 * Parses a duration to seconds.
 * - nextflow / generic: `2.h`, `2h`, `90 min`, `1d 2h 30m`, `1day2hours`; generic also takes the others.
 * - snakemake: `runtime` in minutes, or a string like `2h`, `30m`, `1d`.
 * - slurm: `MM`, `MM:SS`, `HH:MM:SS`, `D-HH`, `D-HH:MM`, `D-HH:MM:SS`.
 * - torc: ISO-8601 `PT1H`, `P1DT2H30M`, `PT90S`, `P0DT1M`.
 * - kubernetes / pegasus: whole seconds.
 */
export function parseDuration(input: string | number, dialect: Dialect = 'generic'): Parsed {
  if (typeof input === 'number') return nonNegative(input * DURATION_BARE_UNIT[dialect], 'duration', String(input));
  const text = input.trim();
  switch (dialect) {
    case 'slurm':
      return parseSlurmTime(text);
    case 'torc':
      return parseIsoDuration(text);
    case 'kubernetes':
    case 'pegasus':
      return /^\d+$/.test(text) ? { value: Number(text) } : { error: `"${text}" is not a whole number of seconds` };
    case 'snakemake':
    case 'nextflow':
      return /^\d+(\.\d+)?$/.test(text) ? parseDuration(Number(text), dialect) : parseUnitDuration(text);
    case 'generic': {
      if (/^\d+(\.\d+)?$/.test(text)) return parseDuration(Number(text), dialect);
      if (/^[Pp]/.test(text)) return parseIsoDuration(text);
      if (/^\d+(-\d+)?(:\d+){0,2}$/.test(text) && /[-:]/.test(text)) return parseSlurmTime(text);
      return parseUnitDuration(text);
    }
  }
}

function parseUnitDuration(text: string): Parsed {
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)\s*\.?\s*([A-Za-z]+)\s*/gy)];
  const consumed = parts.reduce((n, p) => n + p[0].length, 0);
  if (parts.length === 0 || consumed !== text.length) return { error: `"${text}" is not a duration` };
  let total = 0;
  for (const p of parts) {
    const unit = p[2]!.toLowerCase();
    const entry = NEXTFLOW_TIME_UNITS.find(([re]) => re.test(unit));
    if (!entry) return { error: `"${p[2]}" is not a time unit` };
    total += Number(p[1]) * entry[1];
  }
  return { value: total };
}

function parseSlurmTime(text: string): Parsed {
  const m = /^(?:(\d+)-)?(\d+)(?::(\d+))?(?::(\d+))?$/.exec(text);
  if (!m) return { error: `"${text}" is not a Slurm time (D-HH:MM:SS)` };
  const [, d, a, b, c] = m;
  const n = (s: string | undefined) => (s === undefined ? 0 : Number(s));
  if (d !== undefined) {
    // D-HH, D-HH:MM, D-HH:MM:SS
    return { value: n(d) * 86400 + n(a) * 3600 + n(b) * 60 + n(c) };
  }
  if (c !== undefined) return { value: n(a) * 3600 + n(b) * 60 + n(c) }; // HH:MM:SS
  if (b !== undefined) return { value: n(a) * 60 + n(b) }; // MM:SS
  return { value: n(a) * 60 }; // MM
}

function parseIsoDuration(text: string): Parsed {
  const m = /^P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i.exec(text);
  if (!m || text.length < 2 || /T$/i.test(text)) return { error: `"${text}" is not an ISO-8601 duration` };
  const n = (s: string | undefined) => (s === undefined ? 0 : Number(s));
  return { value: n(m[1]) * 604800 + n(m[2]) * 86400 + n(m[3]) * 3600 + n(m[4]) * 60 + n(m[5]) };
}

/** Formats seconds for a target, rounding up to the target's smallest unit. */
export function formatDuration(seconds: number, dialect: Dialect): string {
  const s = Math.ceil(seconds);
  switch (dialect) {
    case 'nextflow':
    case 'generic':
      return compoundDuration(s);
    case 'snakemake':
      return String(Math.ceil(s / 60)); // runtime in minutes
    case 'slurm': {
      const d = Math.floor(s / 86400);
      const hms = `${pad2(Math.floor((s % 86400) / 3600))}:${pad2(Math.floor((s % 3600) / 60))}:${pad2(s % 60)}`;
      return d > 0 ? `${d}-${hms}` : hms;
    }
    case 'torc': {
      const d = Math.floor(s / 86400);
      const h = Math.floor((s % 86400) / 3600);
      const m = Math.floor((s % 3600) / 60);
      const sec = s % 60;
      const time = `${h ? `${h}H` : ''}${m ? `${m}M` : ''}${sec ? `${sec}S` : ''}`;
      if (s === 0) return 'PT0S';
      return `P${d ? `${d}D` : ''}${time ? `T${time}` : ''}`;
    }
    case 'kubernetes':
    case 'pegasus':
      return String(s);
  }
}

function compoundDuration(s: number): string {
  if (s === 0) return '0s';
  const parts: string[] = [];
  const units: [string, number][] = [['d', 86400], ['h', 3600], ['m', 60], ['s', 1]];
  let rest = s;
  for (const [u, f] of units) {
    if (rest >= f) {
      parts.push(`${Math.floor(rest / f)}${u}`);
      rest %= f;
    }
  }
  return parts.join(' ');
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

// --- CPUs ----------------------------------------------------------------------------------------------

/** Parses a CPU count. Kubernetes (and generic) also take millicores: `500m` is half a CPU. */
export function parseCpus(input: string | number, dialect: Dialect = 'generic'): Parsed {
  const text = String(input).trim();
  let r: Parsed;
  if (dialect === 'kubernetes' || (dialect === 'generic' && /m$/.test(text))) r = parseQuantity(text, 'CPU count');
  else r = /^\d+(\.\d+)?$/.test(text) ? { value: Number(text) } : { error: `"${text}" is not a CPU count` };
  if ('value' in r && r.value <= 0) return { error: `"${text}" is not a positive CPU count` };
  return r;
}

/** Formats a CPU count. Kubernetes keeps fractions as millicores; everyone else gets whole CPUs. */
export function formatCpus(cpus: number, dialect: Dialect): string {
  if (dialect === 'kubernetes') {
    const milli = Math.ceil(cpus * 1000);
    return milli % 1000 === 0 ? String(milli / 1000) : `${milli}m`;
  }
  return String(Math.max(1, Math.ceil(cpus)));
}
