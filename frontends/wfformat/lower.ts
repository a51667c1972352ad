// Trace → IR. A trace is already concrete: every task is a job, every file is named. Steps are
// recovered as task types (see `stepNameOf`); edges that files do not imply become ordering edges.

import type { DiagnosticBag } from '../../ir/diagnostics.js';
import { compareIds } from '../../ir/graph.js';
import { uniqueIds } from '../../ir/ids.js';
import type { FileEntry, Job, JobCommand, Step, Workflow } from '../../ir/types.js';
import { taskTypeOf, type TaskNaming } from '../../ir/formats/wfformat.js';
import { createWorkflow } from '../../ir/workflow.js';
import type { JsonDocument } from '../common/json.js';
import type { SourceFile } from '../types.js';
import type { Trace, TraceTask } from './read.js';

export function stepNameOf(task: TraceTask): string {
  const naming: TaskNaming = { id: task.id, name: task.name };
  if (task.category !== undefined) naming.category = task.category;
  if (task.command?.program !== undefined) naming.program = task.command.program;
  return taskTypeOf(naming);
}

/** A program with white space in it is a whole rendered script (Nextflow traces keep them so). */
function commandOf(task: TraceTask): JobCommand | undefined {
  const c = task.command;
  if (!c?.program) return undefined;
  const args = c.arguments ?? [];
  if (/\s/.test(c.program) && args.length === 0) return { script: c.program };
  return { argv: [c.program, ...args] };
}

const STEP_ID_CHARS = /[A-Za-z0-9_.-]/;

export function lowerTrace(trace: Trace, file: SourceFile, doc: JsonDocument, bag: DiagnosticBag): Workflow {
  const wf = createWorkflow(trace.name, 'wfformat', [file.path]);
  if (trace.description !== undefined) wf.description = trace.description;
  wf.provenance = trace.provenance;

  // Tasks and their ids.
  const byId = new Map<string, TraceTask>();
  for (const t of trace.tasks) {
    if (byId.has(t.id)) bag.error('WFF006', `task id "${t.id}" is used twice`, doc.locate([...t.path, 'id']));
    else byId.set(t.id, t);
  }

  // Files: declared ones with sizes, then any a task names without declaring.
  const files = new Map<string, FileEntry>();
  for (const f of trace.files) if (!files.has(f.id)) files.set(f.id, { id: f.id, kind: 'file', sizeBytes: f.sizeBytes });
  for (const t of byId.values()) {
    for (const [side, list] of [['inputFiles', t.inputFiles], ['outputFiles', t.outputFiles]] as const) {
      list.forEach((f, i) => {
        if (files.has(f)) return;
        bag.warning('WFF004', `file "${f}" is used by task "${t.id}" but not declared in the trace's files`, doc.locate([...t.path, side, i]));
        files.set(f, { id: f, kind: 'file' });
      });
    }
  }

  // Edges: parents, and children read the other way round; those files do not imply are kept.
  const producers = new Map<string, Set<string>>();
  for (const t of byId.values()) for (const f of t.outputFiles) (producers.get(f) ?? producers.set(f, new Set()).get(f)!).add(t.id);
  const preds = new Map<string, Set<string>>([...byId.keys()].map((id) => [id, new Set<string>()]));
  for (const t of byId.values()) {
    t.parents.forEach((p, i) => {
      if (!byId.has(p)) bag.error('WFF005', `task "${t.id}" has parent "${p}", which is not a task`, doc.locate([...t.path, 'parents', i]));
      else preds.get(t.id)!.add(p);
    });
  }
  for (const t of byId.values()) {
    t.children.forEach((c, i) => {
      const child = byId.get(c);
      if (!child) bag.error('WFF005', `task "${t.id}" has child "${c}", which is not a task`, doc.locate([...t.path, 'children', i]));
      else if (!child.parents.includes(t.id)) {
        bag.warning('WFF003', `task "${t.id}" lists "${c}" as a child, but "${c}" does not list it as a parent`, doc.locate([...t.path, 'children', i]));
        preds.get(c)!.add(t.id);
      }
    });
  }

  const stepIds = uniqueIds([...byId.values()].map(stepNameOf), STEP_ID_CHARS, 'task');
  const steps = new Map<string, Step>();
  const jobs: Job[] = [];
  for (const t of byId.values()) {
    const stepName = stepNameOf(t);
    const stepId = stepIds.get(stepName)!;
    if (!steps.has(stepId)) {
      steps.set(stepId, { id: stepId, name: stepName, inputs: [], outputs: [], fanout: [], resources: {}, environment: {}, labels: [] });
    }
    const implied = new Set(t.inputFiles.flatMap((f) => [...(producers.get(f) ?? [])]));
    const job: Job = {
      id: t.id,
      step: stepId,
      binding: {},
      inputs: unique(t.inputFiles),
      outputs: unique(t.outputFiles),
      after: [...preds.get(t.id)!].filter((p) => !implied.has(p) && p !== t.id).sort(compareIds),
      name: t.name,
    };
    const command = commandOf(t);
    if (command) job.command = command;
    if (Object.keys(t.observed).length > 0) job.observed = t.observed;
    jobs.push(job);
  }
  wf.steps = [...steps.values()];
  wf.jobs = jobs;
  // A declared file no task writes was there when the run started: the trace recorded it.
  const written = new Set(jobs.flatMap((j) => j.outputs));
  const declared = new Set(trace.files.map((f) => f.id));
  wf.files = [...files.values()].map((f) => (declared.has(f.id) && !written.has(f.id) ? { ...f, origin: 'trace' } : f));
  return wf;
}

function unique(list: string[]): string[] {
  return [...new Set(list)];
}
