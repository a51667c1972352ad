// What a pass is, and the manager that runs a list of them.
// A pass is a pure function IR -> IR plus diagnostics. Like an LLVM pass, it names what it needs
// and what it makes true; the manager checks that every need is met by the workflow as it stands
// or by an earlier pass, and records what each pass changed for `--explain-passes`.

import { DiagnosticBag, hasErrors, type Diagnostic, type Result } from '../ir/diagnostics.js';
import type { Workflow } from '../ir/types.js';
import { shareGraphFacts } from '../ir/graph.js';
import { canonicalize } from '../ir/workflow.js';
import { NO_CONTEXT, type PassContext } from './context.js';

/**
 * `concrete`: jobs and files exist. `resources`: steps carry their final resources and classes.
 * `staging`: files are classified. `clusters`, `placement`: as the passes of those names leave
 * them. `checked`: lint found no error.
 */
export type Property = 'concrete' | 'resources' | 'staging' | 'clusters' | 'placement' | 'checked';

export interface PassResult {
  workflow: Workflow;
  diagnostics: Diagnostic[];
  /** What the pass did, one line each, for `--explain-passes` (counts rather than lists). */
  changes?: string[];
}

export interface Pass {
  name: string;
  description: string;
  /** What the workflow must have before the pass runs. */
  requires: Property[];
  /** What the pass guarantees afterwards, besides the workflow's meaning. */
  provides: Property[];
  /** Whether the result depends on the target (so targets cannot share it). */
  perTarget?: boolean;
  /**
   * The pass leaves jobs (ids, files, ordering edges), files and steps as they are and in their
   * order, and adds only lists already in canonical order: the manager then keeps what it knows
   * of the graph instead of putting everything in order again (test/passes/properties.test.ts
   * holds passes to it).
   */
  keepsGraph?: boolean;
  run(wf: Workflow, ctx?: PassContext): PassResult;
}

/** One pass's record for `--explain-passes`. */
export interface PassReport {
  pass: string;
  jobsBefore: number;
  jobsAfter: number;
  changes: string[];
}

export interface PassRun extends Result<Workflow> {
  reports: PassReport[];
}

/** What a workflow already is, before any pass. */
function holds(wf: Workflow, property: Property): boolean {
  return property === 'concrete' ? wf.jobs.length > 0 || wf.steps.length === 0 : false;
}

/**
 * Runs passes in order; stops after the first pass that reports an error, or before a pass whose
 * needs nothing meets (WFC010).
 */
export function runPasses(wf: Workflow, passes: readonly Pass[], ctx: PassContext = NO_CONTEXT): PassRun {
  const diagnostics: Diagnostic[] = [];
  const reports: PassReport[] = [];
  const provided = new Set<Property>();
  let current = wf;
  for (const pass of passes) {
    const unmet = pass.requires.filter((p) => !provided.has(p) && !holds(current, p));
    if (unmet.length > 0) {
      const bag = new DiagnosticBag();
      const by = passes.filter((p) => p !== pass && unmet.some((u) => p.provides.includes(u))).map((p) => p.name);
      bag.error('WFC010', `pass ${pass.name} needs the workflow ${unmet.join(' and ')}, and no pass before it makes it so`, undefined, by.length > 0 ? `run ${by.join(', ')} before ${pass.name}` : undefined);
      return { diagnostics: [...diagnostics, ...bag.items], reports };
    }
    const out = pass.run(current, ctx);
    diagnostics.push(...out.diagnostics);
    reports.push({ pass: pass.name, jobsBefore: current.jobs.length, jobsAfter: out.workflow.jobs.length, changes: out.changes ?? [] });
    if (hasErrors(out.diagnostics)) return { diagnostics, reports };
    for (const p of pass.provides) provided.add(p);
    // Passes that only check hand back the same object: nothing to put in order again.
    if (out.workflow !== current) {
      if (pass.keepsGraph) {
        shareGraphFacts(current, out.workflow);
        current = out.workflow;
      } else current = canonicalize(out.workflow);
    }
  }
  return { value: current, diagnostics, reports };
}
