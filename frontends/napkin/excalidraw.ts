// Reads an Excalidraw scene (the JSON that excalidraw.com saves) into a sketch.
// Rectangles are data, ellipses are tasks, arrows are data flow, text bound to a shape is its label.

import type { DiagnosticBag } from '../../ir/diagnostics.js';
import type { Span } from '../../ir/types.js';
import { parseJson } from '../common/json.js';
import type { SourceFile } from '../types.js';
import { placeLooseText, shapeAt, type LooseText, type PlacedShape, type Point, type Rect } from './geometry.js';
import type { ArrowEnd, Shape, Sketch, SketchArrow, SketchNode } from './sketch.js';

interface Element {
  id?: unknown;
  type?: unknown;
  isDeleted?: unknown;
  x?: unknown;
  y?: unknown;
  width?: unknown;
  height?: unknown;
  text?: unknown;
  originalText?: unknown;
  containerId?: unknown;
  points?: unknown;
  startBinding?: { elementId?: unknown } | null;
  endBinding?: { elementId?: unknown } | null;
  startArrowhead?: unknown;
  endArrowhead?: unknown;
}

const SHAPES: Record<string, Shape> = { rectangle: 'box', ellipse: 'oval' };
const IGNORED = new Set(['freedraw', 'line', 'image', 'frame', 'magicframe', 'embeddable', 'iframe', 'selection']);

export function readExcalidraw(file: SourceFile, bag: DiagnosticBag): Sketch | undefined {
  const doc = parseJson(file, bag);
  if (!doc) return undefined;
  const scene = doc.value as { type?: unknown; elements?: unknown };
  if (typeof scene !== 'object' || scene === null || !Array.isArray(scene.elements)) {
    bag.error('NAP001', 'an Excalidraw scene needs an "elements" array', doc.locate(['elements']), 'save the drawing from Excalidraw with "Save to disk" (.excalidraw)');
    return undefined;
  }
  const elements = (scene.elements as unknown[])
    .map((e, index) => ({ e: (typeof e === 'object' && e !== null ? e : {}) as Element, index }))
    .filter(({ e }) => e.isDeleted !== true && typeof e.id === 'string');
  const at = (index: number, ...rest: string[]): Span => doc.locate(['elements', index, ...rest]);
  const rectOf = (e: Element): Rect => ({ x: n(e.x), y: n(e.y), width: n(e.width), height: n(e.height) });

  const shapes = new Map<string, PlacedShape>();
  for (const { e, index } of elements) {
    const type = String(e.type);
    const shape = SHAPES[type];
    if (shape) {
      const node: SketchNode = { key: e.id as string, shape, text: '', attrs: {}, span: at(index) };
      shapes.set(node.key, { node, rect: rectOf(e) });
    } else if (type === 'diamond') {
      bag.warning('NAP013', `a diamond is not a workflow shape and is ignored`, at(index));
    }
  }

  const arrowLabels = new Map<string, string>();
  const params: Sketch['params'] = {};
  const loose: LooseText[] = [];
  for (const { e, index } of elements) {
    if (e.type !== 'text') continue;
    const text = String(e.originalText ?? e.text ?? '');
    const container = typeof e.containerId === 'string' ? e.containerId : undefined;
    const shape = container ? shapes.get(container) : undefined;
    if (shape) shape.node.text = text;
    else if (container) arrowLabels.set(container, text);
    else loose.push({ text, rect: rectOf(e), span: at(index) });
  }
  placeLooseText(loose, [...shapes.values()], params, bag);

  const shapeList = [...shapes.values()];
  const arrows: SketchArrow[] = [];
  for (const { e, index } of elements) {
    if (e.type !== 'arrow') {
      if (!SHAPES[String(e.type)] && e.type !== 'text' && e.type !== 'diamond' && !IGNORED.has(String(e.type))) {
        bag.info('NAP013', `element of type "${String(e.type)}" is ignored`, at(index));
      }
      continue;
    }
    const points = Array.isArray(e.points) ? (e.points as unknown[]) : [];
    const point = (p: unknown): Point => {
      const [px, py] = Array.isArray(p) ? p : [0, 0];
      return { x: n(e.x) + n(px), y: n(e.y) + n(py) };
    };
    const end = (binding: Element['startBinding'], p: Point, field: string): ArrowEnd => {
      const bound = typeof binding?.elementId === 'string' ? binding.elementId : undefined;
      if (bound !== undefined) {
        return shapes.has(bound)
          ? { node: bound }
          : { note: `element "${bound}", which is not a box or an oval`, span: at(index, field) };
      }
      const near = shapeAt(shapeList, p);
      if (near) {
        bag.info('NAP018', `arrow end is not bound but lies on "${oneLine(near.node.text)}"; read as attached`, at(index, field));
        return { node: near.node.key };
      }
      return { note: `(${Math.round(p.x)}, ${Math.round(p.y)}), where there is no shape`, span: at(index, field) };
    };
    let from = end(e.startBinding, point(points[0]), 'startBinding');
    let to = end(e.endBinding, point(points[points.length - 1]), 'endBinding');
    // An arrowhead drawn only at the start means the data flows the other way.
    if (e.startArrowhead && !e.endArrowhead) [from, to] = [to, from];
    const arrow: SketchArrow = { key: e.id as string, from, to, span: at(index) };
    const label = arrowLabels.get(arrow.key);
    if (label !== undefined) arrow.text = label;
    arrows.push(arrow);
  }

  return { params, nodes: shapeList.map((s) => s.node), arrows };
}

function n(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
