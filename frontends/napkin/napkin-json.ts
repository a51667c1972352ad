// Reads wfc's own napkin JSON into a sketch.

import type { DiagnosticBag } from '../../ir/diagnostics.js';
import type { JsonValue } from '../../ir/types.js';
import { parseJson } from '../common/json.js';
import { checkAgainstSchema } from '../common/schema-check.js';
import type { SourceFile } from '../types.js';
import { ATTRIBUTE_KEYS } from './label.js';
import { NAPKIN_SCHEMA } from './schema.js';
import type { ArrowEnd, Sketch, SketchArrow, SketchNode } from './sketch.js';

interface NapkinDoc {
  name?: string;
  description?: string;
  params?: Record<string, JsonValue>;
  nodes: ({ id: string; shape: 'box' | 'oval'; label: string } & Record<string, string | number>)[];
  arrows: { id?: string; from: string; to: string; label?: string }[];
}

export function readNapkinJson(file: SourceFile, bag: DiagnosticBag): Sketch | undefined {
  const doc = parseJson(file, bag);
  if (!doc || !checkAgainstSchema(NAPKIN_SCHEMA, doc, bag, 'NAP001')) return undefined;
  const napkin = doc.value as NapkinDoc;
  const known = new Set<string>();
  napkin.nodes.forEach((n, i) => {
    if (known.has(n.id)) bag.error('NAP023', `two nodes have the id "${n.id}"`, doc.locate(['nodes', i, 'id']));
    known.add(n.id);
  });
  if (bag.hasErrors) return undefined;
  const nodes: SketchNode[] = napkin.nodes.map((n, i) => {
    const attrs: Record<string, string | number> = {};
    for (const key of new Set(Object.values(ATTRIBUTE_KEYS))) if (n[key] !== undefined) attrs[key] = n[key]!;
    return { key: n.id, shape: n.shape, text: n.label, attrs, span: doc.locate(['nodes', i]) };
  });
  const end = (ref: string, path: (string | number)[]): ArrowEnd =>
    known.has(ref) ? { node: ref } : { note: `"${ref}", which is no node's id`, span: doc.locate(path) };
  const arrows: SketchArrow[] = napkin.arrows.map((a, i) => {
    const arrow: SketchArrow = {
      key: a.id ?? `arrows[${i}]`,
      from: end(a.from, ['arrows', i, 'from']),
      to: end(a.to, ['arrows', i, 'to']),
      span: doc.locate(['arrows', i]),
    };
    if (a.label !== undefined) arrow.text = a.label;
    return arrow;
  });
  const sketch: Sketch = { params: napkin.params ?? {}, nodes, arrows };
  if (napkin.name !== undefined) sketch.name = napkin.name;
  if (napkin.description !== undefined) sketch.description = napkin.description;
  return sketch;
}
