// The loss ledger of the Pegasus frontend. A construct the IR cannot hold is often repeated on
// thousands of jobs (a hook, a metadata key, a profile): it is listed once, with the first place it
// occurs and how many things carry it.

import type { Loss, Span } from '../../ir/types.js';

export const STAGE = 'frontend:pegasus';

const SHOWN = 3;

interface Entry {
  construct: string;
  reason: string;
  severity: Loss['severity'];
  span?: Span;
  subjects: string[];
  count: number;
}

export class Ledger {
  private readonly entries = new Map<string, Entry>();

  /**
   * `construct` is what was lost, `subject` what carried it (`job "j1"`, `transformation "t"`).
   * The span is computed for the first occurrence only: finding positions in a large file costs.
   */
  add(construct: string, subject: string, reason: string, severity: Loss['severity'], span?: Span | (() => Span)): void {
    const key = `${construct}\u0000${reason}`;
    let e = this.entries.get(key);
    if (!e) {
      e = { construct, reason, severity, subjects: [], count: 0 };
      if (span) e.span = typeof span === 'function' ? span() : span;
      this.entries.set(key, e);
    }
    e.count++;
    if (e.subjects.length < SHOWN) e.subjects.push(subject);
  }

  get losses(): Loss[] {
    return [...this.entries.values()].map((e) => {
      const more = e.count > e.subjects.length ? `, ... ${e.count} in all` : '';
      const loss: Loss = { stage: STAGE, construct: `${e.construct} (${e.subjects.join(', ')}${more})`, reason: e.reason, severity: e.severity };
      if (e.span) loss.span = e.span;
      return loss;
    });
  }
}
