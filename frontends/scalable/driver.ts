// The driver beside a manifest. When wfc wrote it (its mark line is there), its JSON job table gives
// what the manifest cannot: jobs, their commands, files and dependencies, the component of each
// job, retries and time limits. Any other workflow.py is Python that wfc does not read.

import { posix } from 'node:path';
import type { DiagnosticBag } from '../../ir/diagnostics.js';
import { compareIds } from '../../ir/graph.js';
import { DRIVER_FILE, DRIVER_TABLE_SCHEMA, tableRange, type DriverTable } from '../../ir/formats/scalable.js';
import type { FileEntry, Job, Workflow } from '../../ir/types.js';
import { parseJson, type JsonDocument } from '../common/json.js';
import { checkAgainstSchema } from '../common/schema-check.js';
import type { FrontendHost } from '../types.js';

export type DriverRead =
  | { kind: 'absent' | 'foreign'; path: string }
  | { kind: 'table'; path: string; table: DriverTable; doc: JsonDocument };

export function readDriver(manifestPath: string, host: FrontendHost, bag: DiagnosticBag): DriverRead {
  const path = posix.join(posix.dirname(manifestPath.replace(/\\/g, '/')), DRIVER_FILE);
  const text = host.readFile(path);
  if (text === undefined) return { kind: 'absent', path };
  const range = tableRange(text);
  if (!range) return { kind: 'foreign', path };
  // Blank out everything but the table, so that positions in it are positions in the file.
  const blanked = text.replace(/[^\n]/g, (ch, i: number) => (i >= range.start && i < range.end ? ch : ' '));
  const before = bag.items.length;
  const doc = parseJson({ path, text: blanked }, bag);
  if (!doc || !checkAgainstSchema(DRIVER_TABLE_SCHEMA, doc, bag, 'SCL010')) {
    // Its problems are the driver's, not the manifest's: warnings, and the manifest is read alone.
    for (const d of bag.items.slice(before)) d.severity = 'warning';
    return { kind: 'foreign', path };
  }
  return { kind: 'table', path, table: doc.value as DriverTable, doc };
}

/** Time limits per component, which the manifest has no place for. */
export function walltimes(read: DriverRead): Map<string, number> {
  if (read.kind !== 'table') return new Map();
  return new Map(Object.entries(read.table.components).flatMap(([name, c]) => (c.walltime !== undefined ? [[name, c.walltime] as [string, number]] : [])));
}

/** Jobs and files from the table, onto the steps the manifest's tasks became. */
export function applyTable(wf: Workflow, read: DriverRead & { kind: 'table' }, stepOf: Map<string, string>, bag: DiagnosticBag): void {
  const { table, doc } = read;
  const steps = new Map(wf.steps.map((s) => [s.id, s]));
  const classes = new Map((wf.resourceClasses ?? []).map((c) => [c.id, c.resources]));
  const producers = new Map<string, string>();
  for (const j of table.jobs) for (const f of j.outputs) producers.set(f, j.id);
  const retries = new Map<string, number>();
  const jobs: Job[] = [];
  const ids = new Set<string>();
  table.jobs.forEach((j, i) => {
    const stepId = stepOf.get(j.task);
    if (stepId === undefined) {
      bag.warning('SCL011', `job "${j.id}" belongs to task "${j.task}", which the manifest does not have; the job is left out`, doc.locate(['jobs', i, 'task']));
      return;
    }
    if (ids.has(j.id)) {
      bag.warning('SCL011', `job id "${j.id}" is used twice; the second is left out`, doc.locate(['jobs', i, 'id']));
      return;
    }
    ids.add(j.id);
    const step = steps.get(stepId)!;
    const implied = new Set(j.inputs.map((f) => producers.get(f)));
    const job: Job = { id: j.id, step: stepId, binding: { ...(j.binding ?? {}) }, inputs: [...j.inputs], outputs: [...j.outputs], after: j.after.filter((a) => !implied.has(a)).sort(compareIds) };
    if (j.name !== undefined) job.name = j.name;
    if (j.command) job.command = 'argv' in j.command ? { argv: [...j.command.argv] } : { script: j.command.script };
    if (j.component !== step.resourceClass) {
      const resources = classes.get(j.component);
      if (resources) {
        job.resources = { ...resources };
        job.resourceClass = j.component;
      } else bag.warning('SCL011', `job "${j.id}" runs on component "${j.component}", which the manifest does not have; it runs on its task's`, doc.locate(['jobs', i, 'component']));
    }
    if (j.retries !== undefined && !retries.has(stepId)) retries.set(stepId, j.retries);
    jobs.push(job);
  });
  wf.jobs = jobs;
  wf.steps = wf.steps.map((s) => (retries.get(s.id) ? { ...s, retries: retries.get(s.id)! } : s));

  const files = new Map<string, FileEntry>();
  for (const f of table.files) {
    if (files.has(f.id)) continue;
    const entry: FileEntry = { id: f.id, kind: f.kind ?? 'file' };
    if (f.origin) entry.origin = f.origin;
    if (f.temporary) entry.temporary = true;
    if (f.protected) entry.protected = true;
    if (f.size !== undefined) entry.sizeBytes = f.size;
    files.set(f.id, entry);
  }
  for (const j of jobs) for (const f of [...j.inputs, ...j.outputs]) if (!files.has(f)) files.set(f, { id: f, kind: 'file' });
  wf.files = [...files.values()];
}
