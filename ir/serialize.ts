// One way to write structured output: keys sorted, two-space indent, a final newline.
// Backends build plain data and call these, so the same data always gives the same bytes.

/** Copies `value` with object keys in sorted order; drops `undefined` members as JSON does. */
export function sortKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(sortKeys) as T;
  if (value !== null && typeof value === 'object') {
    // A null prototype keeps a member named `__proto__` a member, as JSON.parse made it.
    const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out as T;
  }
  return value;
}

export function toStableJson(value: unknown): string {
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}

/**
 * YAML for plain data (objects, arrays, strings, finite numbers, booleans, null): block style, with
 * short lists and maps of scalars on one line in flow style (`[-a, x]`, `{cores: 4, memory: 4096}`),
 * as the Pegasus Python API writes them.
 *
 * Written here rather than with the `yaml` package's stringify because that is 7x slower on
 * workflows with thousands of jobs, and plain data needs only two rules: a string is written bare
 * when it cannot be read back as anything else, otherwise double-quoted, which for YAML 1.2 is
 * exactly JSON's string syntax. test/ir/serialize.test.ts reads every output back with `yaml`.
 */
export function toStableYaml(value: unknown): string {
  const v = value as Plain;
  if (v === null || typeof v !== 'object') return `${scalar(v)}\n`;
  lines = new LineBuffer();
  writeValue(v, '', '');
  const text = lines.text();
  lines = new LineBuffer();
  return text;
}

type Plain = string | number | boolean | null | Plain[] | { [key: string]: Plain };

/**
 * Lines encoded into a growing buffer as they are written, so that each line's string dies young.
 * (Keeping the strings to join at the end, or growing one string by `+=`, keeps hundreds of
 * thousands of pieces alive for the garbage collector to walk: twice slower on large workflows.)
 */
class LineBuffer {
  private buf = Buffer.allocUnsafe(1 << 16);
  private length = 0;

  /** Lines not encoded yet: encoding a few kilobytes at a time costs less than a line at a time. */
  private pending = '';

  push(line: string): void {
    this.pending += `${line}\n`;
    if (this.pending.length > 8192) this.flush();
  }

  private flush(): void {
    const text = this.pending;
    this.pending = '';
    // A UTF-16 code unit takes at most 3 bytes in UTF-8.
    const room = text.length * 3;
    if (this.length + room > this.buf.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.length + room));
      this.buf.copy(bigger, 0, 0, this.length);
      this.buf = bigger;
    }
    this.length += this.buf.write(text, this.length);
  }

  text(): string {
    this.flush();
    return this.buf.toString('utf8', 0, this.length);
  }
}

let lines = new LineBuffer();

/** Keys in sorted order, without those whose value is undefined (as JSON drops them). */
function keysOf(o: { [key: string]: Plain }): string[] {
  const keys = Object.keys(o);
  let sorted = true;
  for (let i = 0; i < keys.length; i++) {
    if (o[keys[i]!] === undefined) return keys.filter((x) => o[x] !== undefined).sort();
    if (i > 0 && keys[i - 1]! > keys[i]!) sorted = false;
  }
  // Backends mostly build objects with keys already in order: then there is nothing to sort.
  return sorted ? keys : keys.sort();
}

/** Longest flow collection written on one line; longer ones are written as blocks, easier to diff. */
const FLOW_WIDTH = 100;

/** `[a, b]` or `{k: v}` when every member is a scalar and the line stays short; else undefined. */
function flowOf(v: Plain[] | { [key: string]: Plain }, keys: string[] | undefined): string | undefined {
  let flow = '';
  if (keys === undefined) {
    const list = v as Plain[];
    for (let i = 0; i < list.length; i++) {
      const item = list[i]!;
      if (item !== null && typeof item === 'object') return undefined;
      flow += (i === 0 ? '' : ', ') + scalar(item, true);
      if (flow.length > FLOW_WIDTH) return undefined;
    }
    return `[${flow}]`;
  }
  const map = v as { [key: string]: Plain };
  for (let i = 0; i < keys.length; i++) {
    const item = map[keys[i]!]!;
    if (item !== null && typeof item === 'object') return undefined;
    flow += (i === 0 ? '' : ', ') + scalar(keys[i]!, true) + ': ' + scalar(item, true);
    if (flow.length > FLOW_WIDTH) return undefined;
  }
  return `{${flow}}`;
}

/**
 * Writes `v` after `lead` (`key:`, `-`, or nothing at the top), its block lines indented by
 * `indent` plus two spaces. A mapping in a list starts on the dash's line.
 */
function writeValue(v: Plain, indent: string, lead: string): void {
  if (v === null || typeof v !== 'object') {
    lines.push(`${lead} ${scalar(v)}`);
    return;
  }
  const keys = Array.isArray(v) ? undefined : keysOf(v);
  const size = keys === undefined ? (v as Plain[]).length : keys.length;
  if (size === 0) {
    lines.push(keys === undefined ? `${lead} []` : `${lead} {}`);
    return;
  }
  const flow = flowOf(v, keys);
  if (flow !== undefined) {
    lines.push(`${lead} ${flow}`);
    return;
  }
  const inner = lead === '' ? indent : `${indent}  `;
  if (lead !== '') lines.push(lead);
  if (keys !== undefined) {
    writeEntries(v as { [key: string]: Plain }, keys, inner, inner);
    return;
  }
  const nested = `${inner}  `;
  const dash = `${inner}- `;
  for (const item of v as Plain[]) {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      writeValue(item, inner, `${inner}-`);
      continue;
    }
    const itemKeys = keysOf(item);
    const itemFlow = itemKeys.length === 0 ? '{}' : flowOf(item, itemKeys);
    if (itemFlow !== undefined) lines.push(`${dash}${itemFlow}`);
    else writeEntries(item, itemKeys, nested, dash);
  }
}

/** A map's entries at `indent`; the first line starts with `first` instead (`- ` in a list). */
function writeEntries(map: { [key: string]: Plain }, keys: string[], indent: string, first: string): void {
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    writeValue(map[k]!, indent, `${i === 0 ? first : indent}${scalar(k)}:`);
  }
}

/** Words YAML 1.1 or 1.2 readers take for booleans, null or special numbers. */
const RESERVED = /^(true|false|yes|no|on|off|y|n|null|~|\.inf|\.nan)$/i;

/** Conservative: starts with a letter, `_` or `/`; no space, colon, hash, quote or flow indicator. */
const PLAIN = /^[A-Za-z_/][A-Za-z0-9_./@+=$(){}-]*$/;
/** Inside `[...]` and `{...}`, braces are syntax too. */
const PLAIN_IN_FLOW = /^[A-Za-z_/][A-Za-z0-9_./@+=$()-]*$/;

/** Whether a string can be written bare: plain, and not a word a reader takes for something else. */
function isPlain(s: string, inFlow: boolean): boolean {
  return (inFlow ? PLAIN_IN_FLOW : PLAIN).test(s) && (s.length > 5 || !RESERVED.test(s));
}

function scalar(v: string | number | boolean | null, inFlow = false): string {
  if (typeof v === 'string') {
    if (isPlain(v, inFlow)) return v;
    // JSON escapes C0 controls; YAML also wants DEL, C1 controls and BOM-like code points escaped.
    return JSON.stringify(v).replace(/[\x7f-\x9f\ufeff\ufffe\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
  }
  if (v === null) return 'null';
  if (typeof v === 'boolean') return String(v);
  if (!Number.isFinite(v)) throw new Error(`cannot write ${v} as YAML`);
  return String(v);
}
