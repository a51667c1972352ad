// Offsets to line:column, for diagnostics.

import type { Span } from '../../ir/types.js';

export class LineIndex {
  private starts: number[] | undefined;

  constructor(
    private readonly text: string,
    private readonly file: string,
  ) {}

  private lineStarts(): number[] {
    if (!this.starts) {
      const starts = [0];
      for (let i = 0; i < this.text.length; i++) if (this.text.charCodeAt(i) === 10) starts.push(i + 1);
      this.starts = starts;
    }
    return this.starts;
  }

  /** 0-based offset of a 1-based line and column (the end of the text for a line past it). */
  offset(line: number, column: number): number {
    return (this.lineStarts()[line - 1] ?? this.text.length) + column - 1;
  }

  /** 1-based line and column of a 0-based offset. */
  position(offset: number): { line: number; column: number } {
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

  span(offset: number, length = 0): Span {
    const start = this.position(offset);
    const span: Span = { file: this.file, line: start.line, column: start.column };
    if (length > 0) {
      const end = this.position(offset + length);
      span.endLine = end.line;
      span.endColumn = end.column;
    }
    return span;
  }
}

/** Drops a byte-order mark, which editors on some systems put at the start of files. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
