// Torc's job parameters, as Torc expands them: ranges (`1:100`, `0:100:10`, `0.0:1.0:0.1`),
// lists (`[1,5,10]`, `['adam','sgd']`, or a YAML list), a file of values (`@values.txt`), or one
// value; combined as a product (the first parameter varying slowest) or zipped; and put into names
// and commands as `{p}` or `{p:03d}` / `{p:.4f}`. Values print as Rust prints them.

/** Beyond this, a spec is almost surely wrong; the same bound as wfc's own fan-out expansion. */
export const MAX_COMBINATIONS = 10_000_000;

export type ParameterValue = { kind: 'integer' | 'float'; value: number } | { kind: 'string'; value: string };

export type Parsed = { values: ParameterValue[] } | { error: string };

const INTEGER = /^[+-]?\d+$/;
const FLOAT = /^[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?|inf|infinity|nan)$/i;

/** An item of a list or a file: an integer, else a float, else a string. */
function scalar(text: string): ParameterValue {
  if (INTEGER.test(text)) return { kind: 'integer', value: Number(text) };
  if (FLOAT.test(text)) return { kind: 'float', value: floatOf(text) };
  return { kind: 'string', value: text };
}

function floatOf(text: string): number {
  const t = text.toLowerCase().replace(/^\+/, '');
  if (t === 'inf' || t === 'infinity') return Infinity;
  if (t === '-inf' || t === '-infinity') return -Infinity;
  if (t === 'nan' || t === '-nan') return NaN;
  return Number(t);
}

/**
 * The values of one parameter as the spec writes it. `readFile` reads `@file` lists (relative to
 * where Torc runs, the current directory).
 */
export function parseParameter(raw: string | number | (string | number)[], readFile: (path: string) => string | undefined): Parsed {
  if (Array.isArray(raw)) return { values: raw.map((x) => (typeof x === 'number' ? numberValue(x) : scalar(x.trim()))) };
  let text = String(raw).trim();
  if (text.startsWith('@')) {
    const path = text.slice(1).trim();
    if (path === '') return { error: 'no file named after "@"' };
    const content = readFile(path);
    if (content === undefined) return { error: `cannot read the parameter file ${path}` };
    return { values: content.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#')).map(scalar) };
  }
  // Torc forgives `{1:100}` for `1:100`.
  if (text.startsWith('{') && text.endsWith('}') && !text.includes(',')) text = text.slice(1, -1).trim();
  if (text.startsWith('[') && text.endsWith(']')) return { values: parseList(text) };
  if (text.includes(':')) return parseRange(text);
  return { values: [scalar(text)] };
}

function numberValue(x: number): ParameterValue {
  return Number.isInteger(x) ? { kind: 'integer', value: x } : { kind: 'float', value: x };
}

function parseList(text: string): ParameterValue[] {
  const inner = text.replace(/^\[+/, '').replace(/\]+$/, '').trim();
  if (inner === '') return [];
  return inner.split(',').map((item) => {
    const t = item.trim();
    const v = scalar(t);
    if (v.kind !== 'string') return v;
    return { kind: 'string', value: t.replace(/^'+/, '').replace(/'+$/, '').replace(/^"+/, '').replace(/"+$/, '') };
  });
}

function parseRange(text: string): Parsed {
  const parts = text.split(':').map((p) => p.trim());
  if (parts.length < 2 || parts.length > 3) return { error: `"${text}" is not a range: write start:end or start:end:step` };
  const [a, b, c = ''] = parts as [string, string, string?];
  if (INTEGER.test(a) && INTEGER.test(b)) {
    if (c !== '' && !INTEGER.test(c)) return { error: `"${c}" is not a whole step for the whole-number range "${text}"` };
    return steps(Number(a), Number(b), c === '' ? 1 : Number(c), 'integer', text);
  }
  if (FLOAT.test(a) && FLOAT.test(b)) {
    if (c !== '' && !FLOAT.test(c)) return { error: `"${c}" is not a step for the range "${text}"` };
    return steps(floatOf(a), floatOf(b), c === '' ? 1 : floatOf(c), 'float', text);
  }
  return { error: `"${text}" is not a range of numbers` };
}

/** From start to end inclusive, adding step each time, as Torc does (floats with a little slack). */
function steps(start: number, end: number, step: number, kind: 'integer' | 'float', text: string): Parsed {
  if (step === 0 || Number.isNaN(step)) return { error: `the range "${text}" has a step of zero` };
  const slack = kind === 'float' ? 1e-10 : 0;
  const n = Math.floor((end - start) / step + slack) + 1;
  if (n > MAX_COMBINATIONS) return { error: `the range "${text}" has ${n} values, more than wfc expands (${MAX_COMBINATIONS})` };
  const values: ParameterValue[] = [];
  if (step > 0) for (let x = start; x <= end + slack; x += step) values.push({ kind, value: x });
  else for (let x = start; x >= end - slack; x += step) values.push({ kind, value: x });
  return { values };
}

/** As Rust's `Display` prints the value: floats in plain decimals, `1.0` as `1`. */
export function display(v: ParameterValue): string {
  if (v.kind === 'string') return v.value;
  const x = v.value;
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  return plainDecimal(x);
}

/** `1e-7` → `0.0000001`, `1e21` → `1000000000000000000000`: Rust never prints an exponent. */
function plainDecimal(x: number): string {
  const s = String(x);
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(s);
  if (!m) return s;
  const [, sign, lead, frac = '', exp] = m;
  const digits = lead! + frac;
  const point = 1 + Number(exp);
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** `{i:03d}` pads whole numbers with zeros, `{x:.2f}` rounds floats; any other spec prints the value. */
export function format(v: ParameterValue, spec: string): string {
  if (v.kind === 'integer') {
    const m = /^0(\d+)d$/.exec(spec);
    if (m) {
      const digits = String(Math.abs(v.value));
      const width = Number(m[1]) - (v.value < 0 ? 1 : 0);
      return `${v.value < 0 ? '-' : ''}${digits.padStart(width, '0')}`;
    }
  }
  if (v.kind === 'float' && Number.isFinite(v.value)) {
    const m = /^\.(\d+)f$/.exec(spec);
    if (m && Number(m[1]) <= 100) return v.value.toFixed(Number(m[1]));
  }
  return display(v);
}

export type Combination = [name: string, value: ParameterValue][];

/** Every combination: the product (the first parameter varying slowest), or the values side by side. */
export function combinations(params: [string, ParameterValue[]][], mode: 'product' | 'zip'): Combination[] | { error: string } {
  if (mode === 'zip') {
    const lengths = new Set(params.map(([, v]) => v.length));
    if (lengths.size > 1) {
      const [first, ...rest] = params;
      const other = rest.find(([, v]) => v.length !== first![1].length)!;
      return { error: `zip needs parameters of one length: "${first![0]}" has ${first![1].length} values, "${other[0]}" has ${other[1].length}` };
    }
    const n = params[0]?.[1].length ?? 1;
    return Array.from({ length: n }, (_, i) => params.map(([name, values]): [string, ParameterValue] => [name, values[i]!]));
  }
  const total = params.reduce((n, [, v]) => n * v.length, 1);
  if (total > MAX_COMBINATIONS) return { error: `the parameters give ${total} combinations, more than wfc expands (${MAX_COMBINATIONS})` };
  let out: Combination[] = [[]];
  for (const [name, values] of params) out = out.flatMap((combo) => values.map((v): Combination => [...combo, [name, v]]));
  return out;
}

/** Puts a combination's values into a template, as Torc does: `{p:spec}` first, then `{p}`. */
export function substitute(template: string, combo: Combination): string {
  let out = template;
  for (const [name, value] of combo) {
    if (!out.includes(`{${name}`)) continue;
    out = out.split(`{${name}:`).reduce((acc, part, i) => {
      if (i === 0) return part;
      const close = part.indexOf('}');
      if (close < 0) return `${acc}{${name}:${part}`;
      return acc + format(value, part.slice(0, close)) + part.slice(close + 1);
    });
    out = out.split(`{${name}}`).join(display(value));
  }
  return out;
}
