// Printing diagnostics and the loss ledger.

import { renderDiagnostic, sortDiagnostics, type Diagnostic } from '../ir/diagnostics.js';
import type { Loss } from '../ir/types.js';
import { count } from '../ir/text.js';
import type { Io } from './io.js';

export interface Reporter {
  diagnostics(ds: readonly Diagnostic[], sources: ReadonlyMap<string, string>): void;
  losses(ls: readonly Loss[]): void;
}

export function reporter(io: Io, options: { quiet?: boolean } = {}): Reporter {
  return {
    diagnostics(ds, sources) {
      for (const d of sortDiagnostics(ds)) {
        if (options.quiet && d.severity === 'info') continue;
        io.stderr(`${renderDiagnostic(d, d.span ? sources.get(d.span.file) : undefined)}\n\n`);
      }
    },
    losses(ls) {
      if (ls.length === 0 || options.quiet) return;
      io.stderr(`loss ledger (${ls.length}):\n`);
      for (const l of ls) {
        const where = l.span ? ` (${l.span.file}:${l.span.line}:${l.span.column})` : '';
        io.stderr(`  ${l.severity.padEnd(7)} ${l.stage}: ${l.construct}: ${l.reason}${where}\n`);
      }
      io.stderr('\n');
    },
  };
}

/** What --fail-on-loss says when it stops a run. */
export function lossRefusal(losses: number, path: string): string {
  return `error[WFC007]: ${count(losses, 'construct')} of ${path} lost in translation and --fail-on-loss is set\n\n`;
}
