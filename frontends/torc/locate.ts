// Positions for diagnostics: the value at a path of the document, or a piece of text inside it
// (a `${files.input.X}` reference in a command), when the text is written there as it is.

import type { Span } from '../../ir/types.js';
import type { JsonPath } from '../../ir/workflow.js';
import type { JsonDocument } from '../common/json.js';

export class Locator {
  private starts: number[] | undefined;

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
    const from = this.offset(span.line, span.column);
    const to = span.endLine === undefined ? this.text.length : this.offset(span.endLine, span.endColumn ?? 1);
    const i = this.text.indexOf(needle, from);
    if (i < 0 || i + needle.length > to) return span;
    const start = this.position(i);
    const end = this.position(i + needle.length);
    return { file: span.file, line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
  }

  private lineStarts(): number[] {
    if (!this.starts) {
      const starts = [0];
      for (let i = 0; i < this.text.length; i++) if (this.text.charCodeAt(i) === 10) starts.push(i + 1);
      this.starts = starts;
    }
    return this.starts;
  }

  private offset(line: number, column: number): number {
    return (this.lineStarts()[line - 1] ?? this.text.length) + column - 1;
  }

  private position(offset: number): { line: number; column: number } {
    const starts = this.lineStarts();
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo]! + 1 };
  }
}
