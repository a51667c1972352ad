import type { DiagnosticBag } from '../../ir/diagnostics.js';
import type { JsonValue, Span } from '../../ir/types.js';
import type { SketchNode } from './sketch.js';

// Where a graphical sketch leaves things implicit: text laid over a shape instead of bound to it,
// an arrow end dropped on a shape instead of attached. Shared by the Excalidraw and draw.io readers.

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Point {
  x: number;
  y: number;
}

/** How far outside a shape an arrow end may stop and still count as pointing at it, in pixels. */
const TOLERANCE = 12;

function contains(r: Rect, p: Point, margin: number): boolean {
  return p.x >= r.x - margin && p.x <= r.x + r.width + margin && p.y >= r.y - margin && p.y <= r.y + r.height + margin;
}

/** The smallest shape that contains `p` (within the tolerance), so a shape inside a frame wins. */
export function shapeAt<T extends { rect: Rect }>(shapes: readonly T[], p: Point, margin = TOLERANCE): T | undefined {
  let best: T | undefined;
  for (const s of shapes) {
    if (!contains(s.rect, p, margin)) continue;
    if (!best || s.rect.width * s.rect.height < best.rect.width * best.rect.height) best = s;
  }
  return best;
}

export function center(r: Rect): Point {
  return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
}

export interface LooseText {
  text: string;
  rect: Rect;
  span: Span;
}

export interface PlacedShape {
  node: SketchNode;
  rect: Rect;
}

/**
 * Text not attached to anything: `N = 4` sets a parameter; text lying over a shape without a label
 * becomes its label; anything else is a note, said and ignored. Read top to bottom, left to right,
 * so the result does not depend on the order the editor saved elements in.
 */
export function placeLooseText(loose: LooseText[], shapes: PlacedShape[], params: Record<string, JsonValue>, bag: DiagnosticBag): void {
  const sorted = [...loose].sort((a, b) => a.rect.y - b.rect.y || a.rect.x - b.rect.x || (a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
  const setAt = new Map<string, Span>();
  for (const t of sorted) {
    const param = parseParamText(t.text);
    if (param) {
      const earlier = setAt.get(param.name);
      if (earlier && JSON.stringify(params[param.name]) !== JSON.stringify(param.value)) {
        bag.error('NAP024', `parameter ${param.name} is set twice, to different values (also at line ${earlier.line})`, t.span);
      }
      params[param.name] = param.value;
      setAt.set(param.name, t.span);
      continue;
    }
    const under = shapeAt(shapes.filter((s) => s.node.text.trim() === ''), center(t.rect), 0);
    if (under) under.node.text = t.text;
    else if (t.text.trim() !== '') bag.info('NAP022', `text "${t.text.replace(/\s+/g, ' ').trim()}" is not attached to any shape and is ignored`, t.span);
  }
}

/** `N = 4` or `samples = a, b, c` written as loose text defines a parameter. */
export function parseParamText(text: string): { name: string; value: number | string[] } | undefined {
  const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.+?)\s*$/.exec(text);
  if (!m) return undefined;
  const raw = m[2]!;
  if (/^\d+$/.test(raw)) return { name: m[1]!, value: Number(raw) };
  const items = raw.split(/\s*,\s*/).filter((s) => s !== '');
  if (items.length >= 1 && items.every((s) => /^[A-Za-z0-9_.+-]+$/.test(s))) return { name: m[1]!, value: items };
  return undefined;
}
