// Pegasus workflows run to megabytes of YAML (Montage: 2,122 jobs, 2.4 MB), which the `yaml`
// package takes seconds to parse with positions. js-yaml reads the value five to eight times
// faster; positions are needed only for diagnostics, so the `yaml` document that has them is built
// on first use, as frontends/common/json.ts does for JSON. On a syntax error the `yaml` package
// speaks: its message and position are the ones wfc reports everywhere.
//
// Both must read a scalar alike, or an argument `0b101` would be a string to one and the number 5
// to the other: js-yaml is given the YAML 1.2 core schema exactly as the spec (and the `yaml`
// package) defines it, rather than its own, which also takes binary and signed hexadecimal numbers.

import { createRequire } from 'node:module';
import { DiagnosticBag } from '../../ir/diagnostics.js';
import type { Span } from '../../ir/types.js';
import type { JsonPath } from '../../ir/workflow.js';
import type { JsonDocument } from '../common/json.js';
import { stripBom } from '../common/text.js';
import { parseYamlDocument } from '../common/yaml.js';
import type { SourceFile } from '../types.js';

interface TypeOptions {
  kind: 'scalar';
  resolve(data: string | null): boolean;
  construct(data: string | null): unknown;
}
interface JsYaml {
  load(text: string, options: { schema: unknown }): unknown;
  Type: new (tag: string, options: TypeOptions) => unknown;
  FAILSAFE_SCHEMA: { extend(types: { implicit: unknown[] }): unknown };
}

/** YAML 1.2 core schema, section 10.3.2 of the spec: the tag resolution of plain scalars. */
const CORE: [tag: string, test: RegExp, value: (s: string) => unknown][] = [
  ['null', /^(?:~|null|Null|NULL|)$/, () => null],
  ['bool', /^(?:true|True|TRUE|false|False|FALSE)$/, (s) => s[0] === 't' || s[0] === 'T'],
  ['int', /^[-+]?[0-9]+$/, (s) => Number(s)],
  ['int', /^0o[0-7]+$/, (s) => parseInt(s.slice(2), 8)],
  ['int', /^0x[0-9a-fA-F]+$/, (s) => parseInt(s.slice(2), 16)],
  ['float', /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/, (s) => Number(s)],
  ['float', /^[-+]?\.(?:inf|Inf|INF)$/, (s) => (s[0] === '-' ? -Infinity : Infinity)],
  ['float', /^\.(?:nan|NaN|NAN)$/, () => NaN],
];

let loaded: { jsYaml: JsYaml; schema: unknown } | undefined;

function load(): { jsYaml: JsYaml; schema: unknown } {
  if (!loaded) {
    const jsYaml = createRequire(import.meta.url)('js-yaml') as JsYaml;
    const types = ['null', 'bool', 'int', 'float'].map((tag) => {
      const rules = CORE.filter(([t]) => t === tag);
      const rule = (s: string | null) => rules.find(([, re]) => re.test(s ?? ''));
      return new jsYaml.Type(`tag:yaml.org,2002:${tag}`, { kind: 'scalar', resolve: (s) => rule(s) !== undefined, construct: (s) => rule(s)![2](s ?? '') });
    });
    loaded = { jsYaml, schema: jsYaml.FAILSAFE_SCHEMA.extend({ implicit: types }) };
  }
  return loaded;
}

export function readYaml(file: SourceFile, bag: DiagnosticBag): JsonDocument | undefined {
  const { jsYaml, schema } = load();
  let value: unknown;
  try {
    value = jsYaml.load(stripBom(file.text), { schema });
  } catch {
    return parseYamlDocument(file, bag);
  }
  let positions: JsonDocument | undefined;
  const locate = (path: JsonPath): Span => {
    positions ??= parseYamlDocument(file, new DiagnosticBag());
    return positions ? positions.locate(path) : { file: file.path, line: 1, column: 1 };
  };
  return { value, locate };
}
