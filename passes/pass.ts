// What a pass is, and the manager that runs a list of them.
// A pass is a pure function IR -> IR plus diagnostics. It states what it needs and what it keeps.

import { hasErrors, type Diagnostic, type Result } from '../ir/diagnostics.js';
import type { Workflow } from '../ir/types.js';
import { canonicalize } from '../ir/workflow.js';

export interface Pass {
  name: string;
  description: string;
  /** What the workflow must have before the pass runs. */
  requires: ('abstract' | 'concrete')[];
  /** What the pass guarantees afterwards, besides the workflow's meaning. */
  provides: ('concrete' | 'checked')[];
  run(wf: Workflow): { workflow: Workflow; diagnostics: Diagnostic[] };
}

/** Runs passes in order; stops after the first pass that reports an error. */
export function runPasses(wf: Workflow, passes: readonly Pass[]): Result<Workflow> {
  const diagnostics: Diagnostic[] = [];
  let current = wf;
  for (const pass of passes) {
    const out = pass.run(current);
    diagnostics.push(...out.diagnostics);
    if (hasErrors(out.diagnostics)) return { diagnostics };
    // Passes that only check hand back the same object: nothing to put in order again.
    if (out.workflow !== current) current = canonicalize(out.workflow);
  }
  return { value: current, diagnostics };
}
