// One way to write structured output: keys sorted, two-space indent, a final newline.
// Backends build plain data and call these, so the same data always gives the same bytes.

import { stringify } from 'yaml';

/** Copies `value` with object keys in sorted order; drops `undefined` members as JSON does. */
export function sortKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(sortKeys) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
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

export function toStableYaml(value: unknown): string {
  return stringify(sortKeys(value), {
    indent: 2,
    lineWidth: 0, // never fold long strings: a folded command is hard to diff
    aliasDuplicateObjects: false, // no anchors: every engine reads plain YAML
  });
}
