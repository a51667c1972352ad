// YAML reading, loaded on first use: the `yaml` package takes ~50 ms to load, and most conversions
// never read YAML. `parseYamlDocument` keeps positions, for diagnostics that point into the file.

import { createRequire } from 'node:module';
import type { DiagnosticBag } from '../../ir/diagnostics.js';
import type { Span } from '../../ir/types.js';
import type { JsonPath } from '../../ir/workflow.js';
import type { SourceFile } from '../types.js';
import type { JsonDocument } from './json.js';
import { LineIndex, stripBom } from './text.js';

type YamlModule = typeof import('yaml');

let yaml: YamlModule | undefined;

function load(): YamlModule {
  yaml ??= createRequire(import.meta.url)('yaml') as YamlModule;
  return yaml;
}

export function parseYaml(text: string): unknown {
  return load().parse(text);
}

/** A YAML document as plain data, with the position of every value for diagnostics (SYN004 on bad YAML). */
export function parseYamlDocument(file: SourceFile, bag: DiagnosticBag): JsonDocument | undefined {
  const text = stripBom(file.text);
  const lines = new LineIndex(text, file.path);
  const doc = load().parseDocument(text, { prettyErrors: false });
  const error = doc.errors[0];
  if (error) {
    bag.error('SYN004', `malformed YAML: ${error.message.split('\n')[0]}`, lines.span(error.pos[0], Math.max(1, error.pos[1] - error.pos[0])));
    return undefined;
  }
  type Ranged = { range?: [number, number, number] | null };
  type Pair = { key: Ranged & { value?: unknown }; value: Ranged | null };
  const locate = (path: JsonPath): Span => {
    for (let n = path.length; n >= 0; n--) {
      // A member of a map: point at `key: value`, as for JSON.
      const last = path[n - 1];
      const parent = n > 0 ? (doc.getIn(path.slice(0, n - 1), true) as { items?: Pair[] } | undefined) : undefined;
      const pair = typeof last === 'string' ? parent?.items?.find((p) => p.key?.value === last) : undefined;
      if (pair?.key.range) {
        const end = pair.value?.range?.[1] ?? pair.key.range[1];
        return lines.span(pair.key.range[0], Math.max(1, end - pair.key.range[0]));
      }
      const node = doc.getIn(path.slice(0, n), true) as Ranged | undefined;
      if (node?.range) return lines.span(node.range[0], Math.max(1, node.range[1] - node.range[0]));
    }
    return lines.span(0);
  };
  // An alias to an anchor that does not exist (or one that expands too often) is found only here.
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 10_000 });
  } catch (e) {
    const alias = /alias[^:]*: (\S+)/i.exec((e as Error).message)?.[1];
    const at = alias === undefined ? -1 : text.search(new RegExp(`\\*${alias.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![^\\s,\\]}])`));
    bag.error('SYN004', `malformed YAML: ${(e as Error).message.split('\n')[0]}`, lines.span(Math.max(0, at), alias === undefined ? 1 : alias.length + 1));
    return undefined;
  }
  return { value, locate };
}
