// Reads a draw.io / diagrams.net file (.drawio XML, compressed or not) into a sketch.
// Ellipses are tasks, other boxes are data, edges are data flow, an edge's label is its mode.

import { inflateRawSync } from 'node:zlib';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { DiagnosticBag } from '../../ir/diagnostics.js';
import type { Span } from '../../ir/types.js';
import { LineIndex, stripBom } from '../common/text.js';
import type { SourceFile } from '../types.js';
import { placeLooseText, shapeAt, type LooseText, type PlacedShape, type Point, type Rect } from './geometry.js';
import type { ArrowEnd, Shape, Sketch, SketchArrow } from './sketch.js';

type Attrs = Record<string, string>;

interface Cell {
  attrs: Attrs;
  /** `label` of a UserObject/object wrapper, which replaces the cell's own value. */
  label?: string;
  geometry?: Attrs;
  points: Record<string, Attrs>;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseAttributeValue: false,
  parseTagValue: false,
  trimValues: false,
  preserveOrder: true,
});

type Ordered = Record<string, unknown> & { ':@'?: Attrs };

export function readDrawio(file: SourceFile, bag: DiagnosticBag): Sketch | undefined {
  const text = stripBom(file.text);
  const lines = new LineIndex(text, file.path);
  if (text.trim() === '') {
    bag.error('SYN003', `${file.path} is empty`, lines.span(0));
    return undefined;
  }
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    const { msg, line, col } = valid.err;
    bag.error('SYN002', `malformed XML: ${msg}`, { file: file.path, line: Math.max(1, line), column: Math.max(1, col) });
    return undefined;
  }
  const tree = parser.parse(text) as Ordered[];
  const model = findModel(tree, text, lines, bag);
  if (!model) return undefined;

  // Positions: fast-xml-parser keeps none, so find the cell's id attribute in the text. In a
  // compressed diagram the cells are not in the text; point at the diagram then.
  const locate = (id: string | undefined): Span => {
    if (model.compressedAt !== undefined || id === undefined) return lines.span(model.compressedAt ?? 0);
    const i = text.search(new RegExp(`\\bid="${escapeRegExp(escapeXml(id))}"`));
    return lines.span(Math.max(0, i));
  };

  const cells = collectCells(model.root);
  const edgeIds = new Set(cells.filter((c) => c.attrs.edge === '1').map((c) => c.attrs.id));
  const shapes = new Map<string, PlacedShape>();
  const edgeLabels = new Map<string, string>();
  const params: Sketch['params'] = {};
  const loose: LooseText[] = [];
  for (const cell of cells) {
    const id = cell.attrs.id;
    if (id === undefined || cell.attrs.vertex !== '1') continue;
    const style = parseStyle(cell.attrs.style ?? '');
    const value = labelText(cell.label ?? cell.attrs.value ?? '', style.html === '1');
    if (edgeIds.has(cell.attrs.parent) || style.edgeLabel !== undefined) {
      if (cell.attrs.parent) edgeLabels.set(cell.attrs.parent, value);
      continue;
    }
    const rect = geometryRect(cell.geometry);
    if (style.text !== undefined || style.shape === 'text') {
      loose.push({ text: value, rect, span: locate(id) });
      continue;
    }
    if (style.rhombus !== undefined || style.shape === 'rhombus') {
      bag.warning('NAP013', 'a rhombus is not a workflow shape and is ignored', locate(id));
      continue;
    }
    if (style.swimlane !== undefined || style.group !== undefined) continue;
    const shape: Shape = style.ellipse !== undefined || style.shape === 'ellipse' || style.doubleEllipse !== undefined ? 'oval' : 'box';
    shapes.set(id, { node: { key: id, shape, text: value, attrs: {}, span: locate(id) }, rect });
  }
  placeLooseText(loose, [...shapes.values()], params, bag);

  const shapeList = [...shapes.values()];
  const arrows: SketchArrow[] = [];
  for (const cell of cells) {
    const id = cell.attrs.id;
    if (id === undefined || cell.attrs.edge !== '1') continue;
    const end = (ref: string | undefined, point: Attrs | undefined, which: string): ArrowEnd => {
      if (ref !== undefined) {
        return shapes.has(ref) ? { node: ref } : { note: `cell "${ref}", which is not a box or an oval`, span: locate(id) };
      }
      const p: Point | undefined = point ? { x: num(point.x), y: num(point.y) } : undefined;
      const near = p && shapeAt(shapeList, p);
      if (near) {
        bag.info('NAP018', `edge ${which} is not connected but lies on "${near.node.text.replace(/\s+/g, ' ')}"; read as connected`, locate(id));
        return { node: near.node.key };
      }
      return { note: p ? `(${Math.round(p.x)}, ${Math.round(p.y)}), where there is no shape` : 'nothing', span: locate(id) };
    };
    const style = parseStyle(cell.attrs.style ?? '');
    let from = end(cell.attrs.source, cell.points.sourcePoint, 'start');
    let to = end(cell.attrs.target, cell.points.targetPoint, 'end');
    // An edge drawn with its arrowhead at the start flows the other way.
    if (style.startArrow && style.startArrow !== 'none' && style.endArrow === 'none') [from, to] = [to, from];
    const arrow: SketchArrow = { key: id, from, to, span: locate(id) };
    const label = labelText(cell.label ?? cell.attrs.value ?? '', style.html === '1') || edgeLabels.get(id);
    if (label) arrow.text = label;
    arrows.push(arrow);
  }
  return { params, nodes: shapeList.map((s) => s.node), arrows };
}

interface Model {
  root: Ordered[];
  /** Offset of the `<diagram>` element when its content was compressed. */
  compressedAt?: number;
}

/** Finds the graph model: `mxfile > diagram > mxGraphModel`, a compressed diagram, or a bare model. */
function findModel(tree: Ordered[], text: string, lines: LineIndex, bag: DiagnosticBag): Model | undefined {
  const bare = childrenOf(tree, 'mxGraphModel');
  if (bare) return { root: childrenOf(bare, 'root') ?? [] };
  const mxfile = childrenOf(tree, 'mxfile');
  if (!mxfile) {
    bag.error('NAP001', 'not a draw.io file: no <mxfile> or <mxGraphModel> element', lines.span(0), 'save the diagram from draw.io as .drawio');
    return undefined;
  }
  const diagrams = mxfile.filter((c) => 'diagram' in c);
  const first = diagrams[0];
  if (!first) {
    bag.error('NAP001', 'the draw.io file has no diagram', lines.span(Math.max(0, text.indexOf('<mxfile'))));
    return undefined;
  }
  if (diagrams.length > 1) bag.warning('NAP021', `the file has ${diagrams.length} pages; only the first is read`, lines.span(Math.max(0, text.indexOf('<diagram', text.indexOf('<diagram') + 1))));
  const content = first.diagram as Ordered[];
  const model = childrenOf(content, 'mxGraphModel');
  if (model) return { root: childrenOf(model, 'root') ?? [] };
  const packed = content.map((c) => c['#text']).filter((t): t is string => typeof t === 'string').join('').trim();
  const at = Math.max(0, text.indexOf('<diagram'));
  const xml = packed === '' ? undefined : inflate(packed);
  if (xml === undefined) {
    bag.error('NAP020', 'the diagram is neither XML nor a compressed draw.io diagram', lines.span(at));
    return undefined;
  }
  if (XMLValidator.validate(xml) !== true) {
    bag.error('NAP020', 'the compressed diagram does not hold valid XML', lines.span(at));
    return undefined;
  }
  const inner = childrenOf(parser.parse(xml) as Ordered[], 'mxGraphModel');
  if (!inner) {
    bag.error('NAP020', 'the compressed diagram holds no <mxGraphModel>', lines.span(at));
    return undefined;
  }
  return { root: childrenOf(inner, 'root') ?? [], compressedAt: at };
}

/** draw.io compresses a diagram as base64 of raw deflate of the URI-encoded XML. */
function inflate(packed: string): string | undefined {
  try {
    const raw = inflateRawSync(Buffer.from(packed, 'base64')).toString('utf8');
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

function childrenOf(list: Ordered[], tag: string): Ordered[] | undefined {
  const hit = list.find((c) => tag in c);
  return hit ? (hit[tag] as Ordered[]) : undefined;
}

/** Cells, unwrapping `<UserObject>` and `<object>` wrappers that carry the label. */
function collectCells(root: Ordered[]): Cell[] {
  const cells: Cell[] = [];
  for (const item of root) {
    const attrs = item[':@'] ?? {};
    if ('mxCell' in item) cells.push(toCell(attrs, item.mxCell as Ordered[]));
    else if ('UserObject' in item || 'object' in item) {
      const inner = (item.UserObject ?? item.object) as Ordered[];
      const cellItem = inner.find((c) => 'mxCell' in c);
      if (!cellItem) continue;
      const cell = toCell({ ...(cellItem[':@'] ?? {}), id: attrs.id ?? '' }, cellItem.mxCell as Ordered[]);
      cell.label = attrs.label ?? '';
      cells.push(cell);
    }
  }
  return cells;
}

function toCell(attrs: Attrs, children: Ordered[]): Cell {
  const cell: Cell = { attrs, points: {} };
  const geometry = children.find((c) => 'mxGeometry' in c);
  if (geometry) {
    cell.geometry = geometry[':@'] ?? {};
    for (const p of (geometry.mxGeometry as Ordered[]) ?? []) {
      const pa = p[':@'];
      if ('mxPoint' in p && pa?.as) cell.points[pa.as] = pa;
    }
  }
  return cell;
}

function geometryRect(g: Attrs | undefined): Rect {
  return { x: num(g?.x), y: num(g?.y), width: num(g?.width), height: num(g?.height) };
}

function num(v: string | undefined): number {
  const x = Number(v);
  return Number.isFinite(x) ? x : 0;
}

/** `ellipse;whiteSpace=wrap;html=1;` → { ellipse: '', whiteSpace: 'wrap', html: '1' }. */
function parseStyle(style: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of style.split(';')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    if (eq < 0) out[part] = '';
    else out[part.slice(0, eq)] = part.slice(eq + 1);
  }
  return out;
}

const ENTITIES: Record<string, string> = { nbsp: ' ', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** A cell value as plain text: with `html=1` it is HTML, whose line breaks are `<br>` and `<div>`. */
function labelText(value: string, html: boolean): string {
  if (!html) return value;
  return value
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(div|p)>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x?[0-9a-f]+|[a-z]+);/gi, (whole, code: string) => {
      if (code[0] === '#') {
        const n = code[1] === 'x' || code[1] === 'X' ? parseInt(code.slice(2), 16) : parseInt(code.slice(1), 10);
        return Number.isFinite(n) ? String.fromCodePoint(n) : whole;
      }
      return ENTITIES[code.toLowerCase()] ?? whole;
    })
    .trim();
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
}
