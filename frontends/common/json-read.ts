// Typed access into a parsed JSON document that reports wrong types at their position.

import type { Code } from '../../ir/codes.js';
import type { DiagnosticBag } from '../../ir/diagnostics.js';
import type { JsonPath } from '../../ir/workflow.js';
import type { JsonDocument } from './json.js';

export type JsonObject = Record<string, unknown>;

export class JsonReader {
  constructor(
    readonly doc: JsonDocument,
    readonly bag: DiagnosticBag,
    private readonly code: Code,
  ) {}

  private wrong(path: JsonPath, expected: string, required: boolean, value: unknown): undefined {
    if (value === undefined && !required) return undefined;
    const where = path.length === 0 ? 'the document' : path.join('.');
    const what = value === undefined ? 'is missing' : `should be ${expected}`;
    this.bag.error(this.code, `${where} ${what}`, this.doc.locate(path));
    return undefined;
  }

  object(v: unknown, path: JsonPath, required = true): JsonObject | undefined {
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) return v as JsonObject;
    return this.wrong(path, 'an object', required, v);
  }

  array(v: unknown, path: JsonPath, required = true): unknown[] | undefined {
    if (Array.isArray(v)) return v;
    return this.wrong(path, 'a list', required, v);
  }

  string(v: unknown, path: JsonPath, required = true): string | undefined {
    if (typeof v === 'string') return v;
    return this.wrong(path, 'a string', required, v);
  }

  number(v: unknown, path: JsonPath, required = true): number | undefined {
    if (typeof v === 'number' && Number.isFinite(v)) return v;
    return this.wrong(path, 'a number', required, v);
  }

  strings(v: unknown, path: JsonPath, required = true): string[] | undefined {
    const list = this.array(v, path, required);
    if (!list) return undefined;
    const out: string[] = [];
    list.forEach((x, i) => {
      const s = this.string(x, [...path, i]);
      if (s !== undefined) out.push(s);
    });
    return out;
  }
}
