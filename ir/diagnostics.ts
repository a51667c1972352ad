// Diagnostics are data: a stable code, a message, where, and what to do about it.
// Every stage returns them instead of throwing, so one run can report many problems at once.

import type { Span } from './types.js';
import { hintOf, type Code } from './codes.js';

export type Severity = 'error' | 'warning' | 'info';

export interface Diagnostic {
  severity: Severity;
  code: Code;
  message: string;
  span?: Span;
  hint?: string;
}

/** The outcome of a stage: a value when it got that far, and what it had to say. */
export interface Result<T> {
  value?: T;
  diagnostics: Diagnostic[];
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** Collects diagnostics; the hint defaults to the one registered for the code. */
export class DiagnosticBag {
  readonly items: Diagnostic[] = [];

  add(severity: Severity, code: Code, message: string, span?: Span, hint?: string): void {
    const d: Diagnostic = { severity, code, message };
    if (span) d.span = span;
    const h = hint ?? hintOf(code);
    if (h) d.hint = h;
    this.items.push(d);
  }
  error(code: Code, message: string, span?: Span, hint?: string): void {
    this.add('error', code, message, span, hint);
  }
  warning(code: Code, message: string, span?: Span, hint?: string): void {
    this.add('warning', code, message, span, hint);
  }
  info(code: Code, message: string, span?: Span, hint?: string): void {
    this.add('info', code, message, span, hint);
  }
  push(...ds: Diagnostic[]): void {
    this.items.push(...ds);
  }
  get hasErrors(): boolean {
    return hasErrors(this.items);
  }
}

/** Orders diagnostics by file, position, then code, so reports do not depend on pass order. */
export function sortDiagnostics(ds: readonly Diagnostic[]): Diagnostic[] {
  const key = (d: Diagnostic) => [d.span?.file ?? '', d.span?.line ?? 0, d.span?.column ?? 0] as const;
  return [...ds].sort((a, b) => {
    const [fa, la, ca] = key(a);
    const [fb, lb, cb] = key(b);
    if (fa !== fb) return fa < fb ? -1 : 1;
    if (la !== lb) return la - lb;
    if (ca !== cb) return ca - cb;
    return a.code < b.code ? -1 : a.code > b.code ? 1 : a.message < b.message ? -1 : a.message > b.message ? 1 : 0;
  });
}

/**
 * Renders a diagnostic like a compiler does:
 *
 *   error[NAP003]: arrow from "tile" ends at nothing
 *     --> sketch.excalidraw:12:5
 *      |
 *   12 |     "endBinding": null,
 *      |     ^
 *      = hint: attach the arrow's end to a box or an oval
 */
export function renderDiagnostic(d: Diagnostic, sourceText?: string): string {
  const lines = [`${d.severity}[${d.code}]: ${d.message}`];
  // The gutter is as wide as the line number, so that `-->`, `|` and `=` line up as rustc has them.
  const width = d.span ? String(d.span.line).length : 1;
  const gutter = ' '.repeat(width + 1);
  if (d.span) {
    const { file, line, column } = d.span;
    lines.push(`${' '.repeat(width)}--> ${file}:${line}:${column}`);
    const frame = sourceText === undefined ? undefined : codeFrame(sourceText, d.span, gutter);
    if (frame) lines.push(frame);
  }
  if (d.hint) lines.push(`${gutter}= hint: ${d.hint}`);
  return lines.join('\n');
}

const MAX_FRAME_WIDTH = 120;

function codeFrame(text: string, span: Span, gutter: string): string | undefined {
  const src = lineAt(text, span.line);
  if (src === undefined) return undefined;
  const num = String(span.line).padEnd(gutter.length);
  // Long lines (minified JSON) are cut around the column so the caret stays visible.
  let shown = src.replace(/\t/g, ' ');
  let col = Math.max(1, span.column);
  if (shown.length > MAX_FRAME_WIDTH) {
    const start = Math.max(0, col - 1 - MAX_FRAME_WIDTH / 2);
    shown = (start > 0 ? '…' : '') + shown.slice(start, start + MAX_FRAME_WIDTH) + '…';
    col = col - start + (start > 0 ? 1 : 0);
  }
  const width =
    span.endLine === span.line && span.endColumn !== undefined && span.endColumn > span.column
      ? Math.min(span.endColumn - span.column, Math.max(1, shown.length - col + 1))
      : 1;
  return [`${gutter}|`, `${num}| ${shown}`, `${gutter}| ${' '.repeat(col - 1)}${'^'.repeat(width)}`].join('\n');
}

/** Line `n` (1-based) without splitting the whole text: sources can be megabytes. */
function lineAt(text: string, n: number): string | undefined {
  let start = 0;
  for (let i = 1; i < n; i++) {
    const next = text.indexOf('\n', start);
    if (next < 0) return undefined;
    start = next + 1;
  }
  const end = text.indexOf('\n', start);
  return text.slice(start, end < 0 ? undefined : end).replace(/\r$/, '');
}
