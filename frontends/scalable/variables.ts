// `${VAR}` and `${VAR:-default}` in a manifest, expanded as Scalable does before it checks anything:
// in string values only (never in keys, never turning a string into a number), after the YAML is
// read. Scalable takes values from the environment; wfc, being pure, from --param.

import type { DiagnosticBag } from '../../ir/diagnostics.js';
import type { JsonValue } from '../../ir/types.js';
import type { JsonPath } from '../../ir/workflow.js';
import type { JsonDocument } from '../common/json.js';

const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

/** The document with every reference replaced; a reference with no value is an error (SCL003). */
export function expandVariables(doc: JsonDocument, params: Record<string, JsonValue>, bag: DiagnosticBag): unknown {
  const reported = new Set<string>();
  const expand = (value: unknown, path: JsonPath): unknown => {
    if (typeof value === 'string') {
      if (!value.includes('${')) return value;
      return value.replace(REFERENCE, (whole, name: string, fallback: string | undefined) => {
        const given = params[name];
        if (given !== undefined && given !== null) return typeof given === 'string' ? given : typeof given === 'object' ? JSON.stringify(given) : String(given);
        if (fallback !== undefined) return fallback;
        const key = `${name}@${path.join('.')}`;
        if (!reported.has(key)) {
          reported.add(key);
          bag.error('SCL003', `\${${name}} has no value and no default`, doc.locate(path), `give it with --param ${name}=VALUE, or write \${${name}:-value}`);
        }
        return whole;
      });
    }
    if (Array.isArray(value)) return value.map((v, i) => expand(v, [...path, i]));
    if (value !== null && typeof value === 'object') {
      // A null prototype keeps a key named `__proto__` an ordinary key.
      const out = Object.create(null) as Record<string, unknown>;
      for (const [k, v] of Object.entries(value)) out[k] = expand(v, [...path, k]);
      return out;
    }
    return value;
  };
  return expand(doc.value, []);
}
