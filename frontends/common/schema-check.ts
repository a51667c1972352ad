// JSON Schema checks (ajv) reported as diagnostics at the offending position.

import { createRequire } from 'node:module';
import type { Ajv as AjvClass, ErrorObject, ValidateFunction } from 'ajv';
import type { Code } from '../../ir/codes.js';
import type { DiagnosticBag } from '../../ir/diagnostics.js';
import type { JsonDocument } from './json.js';

/** ajv takes ~100 ms to load: only when a schema is first checked. */
let ajv: typeof AjvClass | undefined;
function Ajv(): typeof AjvClass {
  ajv ??= (createRequire(import.meta.url)('ajv') as { Ajv: typeof AjvClass }).Ajv;
  return ajv;
}

const compiled = new WeakMap<object, ValidateFunction>();
const compiledWithDefaults = new WeakMap<object, ValidateFunction>();

/**
 * Compiles a schema once per process. `useDefaults` fills in the defaults the schema declares, as
 * Snakemake's validate() does.
 */
export function compileSchema(schema: object, options: { useDefaults?: boolean } = {}): ValidateFunction {
  const cache = options.useDefaults ? compiledWithDefaults : compiled;
  let validate = cache.get(schema);
  if (!validate) {
    validate = new (Ajv())({ allErrors: true, strict: false, useDefaults: options.useDefaults ?? false, validateFormats: false }).compile(schema);
    cache.set(schema, validate);
  }
  return validate;
}

const MAX_REPORTED = 10;

/** Validates `doc.value`; reports the most specific errors. Returns true when valid. */
export function checkAgainstSchema(
  schema: object,
  doc: JsonDocument,
  bag: DiagnosticBag,
  code: Code,
  hint?: string,
): boolean {
  const validate = compileSchema(schema);
  if (validate(doc.value)) return true;
  for (const err of mostSpecific(validate.errors ?? []).slice(0, MAX_REPORTED)) {
    const path = pointerToPath(err.instancePath);
    const where = err.instancePath === '' ? 'the document' : err.instancePath.slice(1).replace(/\//g, '.');
    bag.error(code, `${where}: ${describe(err)}`, doc.locate(extendPath(path, err)), hint);
  }
  return false;
}

/** Drops errors about a value when a deeper error explains it (oneOf/anyOf noise), and duplicates. */
function mostSpecific(errors: ErrorObject[]): ErrorObject[] {
  const out: ErrorObject[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    if (e.keyword === 'oneOf' || e.keyword === 'anyOf' || e.keyword === 'if') continue;
    const deeper = errors.some((o) => o !== e && o.instancePath.startsWith(`${e.instancePath}/`));
    if (deeper && (e.keyword === 'type' || e.keyword === 'const' || e.keyword === 'required')) continue;
    const key = `${e.instancePath}|${describe(e)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(e);
  }
  return out.length > 0 ? out : errors.slice(0, 1);
}

function describe(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties':
      return `unknown property "${String(p.additionalProperty)}"`;
    case 'required':
      return `missing property "${String(p.missingProperty)}"`;
    case 'enum':
      return `must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'const':
      return `must be ${JSON.stringify(p.allowedValue)}`;
    default:
      return e.message ?? e.keyword;
  }
}

function pointerToPath(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/** An unknown property is best shown at the property itself. */
function extendPath(path: (string | number)[], e: ErrorObject): (string | number)[] {
  const p = e.params as Record<string, unknown>;
  if (e.keyword === 'additionalProperties' && typeof p.additionalProperty === 'string') return [...path, p.additionalProperty];
  return path;
}
