// A sketch, whatever editor drew it: shapes with text, arrows between them, loose text.
// Each notation (napkin JSON, Excalidraw, draw.io) reads into this; `lower.ts` turns it into IR.

import type { JsonValue, Span } from '../../ir/types.js';

export type Shape = 'box' | 'oval';

export interface SketchNode {
  /** The element's id in its editor; only for messages and arrow ends. */
  key: string;
  shape: Shape;
  /** All text in the shape: first the name and fan-out, then optional `key: value` lines. */
  text: string;
  /** Attributes given as structured fields (napkin JSON) rather than text lines. */
  attrs: Record<string, string | number>;
  span: Span;
}

export interface SketchArrow {
  key: string;
  from: ArrowEnd;
  to: ArrowEnd;
  text?: string;
  span: Span;
}

export interface ArrowEnd {
  /** Key of the node the end is attached to; undefined when it is attached to nothing. */
  node?: string;
  /** For an unattached end: what it pointed at instead, for the message. */
  note?: string;
  /** Where the end is written, when the notation has a place for it. */
  span?: Span;
}

export interface Sketch {
  name?: string;
  description?: string;
  /** Parameters written in the sketch (`N = 4` as loose text, or napkin JSON `params`). */
  params: Record<string, JsonValue>;
  nodes: SketchNode[];
  arrows: SketchArrow[];
}
