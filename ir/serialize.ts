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
  const out = { text: '' };
  emit(value as Plain, '', out);
  return out.text;
}

type Plain = string | number | boolean | null | Plain[] | { [key: string]: Plain };

/** Output under construction; appending to one string is cheaper than joining many lines. */
interface Sink {
  text: string;
}

/** Keys in sorted order, without those whose value is undefined (as JSON drops them). */
function keysOf(o: { [key: string]: Plain }): string[] {
  return Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort();
}

/** Writes a collection whose first line starts after `first` (an indent, or `- ` after one). */
function emit(v: Plain, indent: string, out: Sink, first = indent): void {
  if (Array.isArray(v)) {
    if (v.length === 0) out.text += `${first}[]\n`;
    for (let i = 0; i < v.length; i++) emitItem(v[i]!, indent, out, i === 0 ? first : indent);
  } else if (v !== null && typeof v === 'object') {
    const keys = keysOf(v);
    if (keys.length === 0) out.text += `${first}{}\n`;
    for (let i = 0; i < keys.length; i++) emitPair(keys[i]!, v[keys[i]!]!, indent, out, i === 0 ? first : indent);
  } else out.text += first + scalar(v) + '\n';
}

function emitPair(key: string, value: Plain, indent: string, out: Sink, first: string): void {
  const k = first + scalar(key) + ':';
  const inline = inlineForm(value);
  if (inline !== undefined) out.text += k + ' ' + inline + '\n';
  else if (Array.isArray(value)) {
    out.text += k + '\n';
    const inner = indent + '  ';
    for (const item of value) emitItem(item, inner, out, inner);
  } else {
    out.text += k + '\n';
    emit(value, indent + '  ', out);
  }
}

/** `- item`; a mapping's first pair shares the dash's line, the rest align under it. */
function emitItem(item: Plain, indent: string, out: Sink, first: string): void {
  const inline = inlineForm(item);
  if (inline !== undefined) out.text += first + '- ' + inline + '\n';
  else emit(item, indent + '  ', out, first + '- ');
}

/** Longest flow collection written on one line; longer ones are written as blocks, easier to diff. */
const FLOW_WIDTH = 100;

/** Scalars, and short lists and maps of scalars, fit on the line of their key or dash. */
function inlineForm(v: Plain): string | undefined {
  if (v === null || typeof v !== 'object') return scalar(v);
  let flow = '';
  if (Array.isArray(v)) {
    for (const item of v) {
      if (item !== null && typeof item === 'object') return undefined;
      flow += (flow === '' ? '' : ', ') + scalar(item, true);
      if (flow.length > FLOW_WIDTH) return undefined;
    }
    return `[${flow}]`;
  }
  for (const key of keysOf(v)) {
    const item = v[key]!;
    if (item !== null && typeof item === 'object') return undefined;
    flow += (flow === '' ? '' : ', ') + scalar(key, true) + ': ' + scalar(item, true);
    if (flow.length > FLOW_WIDTH) return undefined;
  }
  return `{${flow}}`;
}

/** Words YAML 1.1 or 1.2 readers take for booleans, null or special numbers. */
const RESERVED = /^(true|false|yes|no|on|off|y|n|null|~|\.inf|\.nan)$/i;
/** Conservative: starts with a letter, `_` or `/`; no space, colon, hash, quote or flow indicator at the start. */
const PLAIN = /^[A-Za-z_/][A-Za-z0-9_./@+=$(){}-]*$/;
/** Inside `[...]` and `{...}`, braces are syntax too. */
const PLAIN_IN_FLOW = /^[A-Za-z_/][A-Za-z0-9_./@+=$()-]*$/;

function scalar(v: string | number | boolean | null, inFlow = false): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`cannot write ${v} as YAML`);
    return String(v);
  }
  if ((inFlow ? PLAIN_IN_FLOW : PLAIN).test(v) && !RESERVED.test(v)) return v;
  // JSON escapes C0 controls; YAML also wants DEL, C1 controls and BOM-like code points escaped.
  return JSON.stringify(v).replace(/[\x7f-\x9f\ufeff\ufffe\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
