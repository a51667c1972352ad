// Positions for diagnostics: the value at a path of the document, or a piece of text inside it
// (a `${files.input.X}` reference in a command), when the text is written there as it is.

import type { Span } from '../../ir/types.js';
import type { JsonPath } from '../../ir/workflow.js';
import type { JsonDocument } from '../common/json.js';
import { LineIndex } from '../common/text.js';

export class Locator {
  private index: LineIndex | undefined;

  constructor(
    private readonly doc: JsonDocument,
    private readonly text: string,
  ) {}

  at(path: JsonPath): Span {
    return this.doc.locate(path);
  }

  /** Where `needle` first appears within the value at `path`; the value's position when it does not. */
  within(path: JsonPath, needle: string): Span {
    const span = this.doc.locate(path);
    const index = (this.index ??= new LineIndex(this.text, span.file));
    const from = index.offset(span.line, span.column);
    const to = span.endLine === undefined ? this.text.length : index.offset(span.endLine, span.endColumn ?? 1);
    const i = this.text.indexOf(needle, from);
    if (i < 0 || i + needle.length > to) return span;
    return index.span(i, needle.length);
  }
}
