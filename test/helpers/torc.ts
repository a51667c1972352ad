// What Torc checks when it creates a workflow beyond the spec's shape: every name a job or action
// uses is defined once. The derived schema cannot say this; these tests do.

type Doc = Record<string, unknown>;

const REFERENCE = /\$\{(files|user_data)\.(input|output)\.([^}]+)\}/g;

function list(doc: Doc, key: string): Doc[] {
  const v = doc[key];
  return Array.isArray(v) ? (v as Doc[]) : [];
}

function names(items: Doc[], what: string, problems: string[]): Set<string> {
  const out = new Set<string>();
  for (const item of items) {
    const name = item.name as string;
    if (out.has(name)) problems.push(`${what} "${name}" is defined twice`);
    out.add(name);
  }
  return out;
}

/** Problems Torc would report creating the workflow; empty when there are none. */
export function torcProblems(doc: Doc): string[] {
  const problems: string[] = [];
  const jobs = names(list(doc, 'jobs'), 'job', problems);
  const files = names(list(doc, 'files'), 'file', problems);
  const datasets = names(list(doc, 'datasets'), 'dataset', problems);
  const userData = names(list(doc, 'user_data'), 'user data', problems);
  const resources = names(list(doc, 'resource_requirements'), 'resource requirement', problems);
  const handlers = names(list(doc, 'failure_handlers'), 'failure handler', problems);
  const schedulers = names(list(doc, 'slurm_schedulers'), 'scheduler', problems);
  const need = (table: Set<string>, x: unknown, what: string, where: string) => {
    if (typeof x === 'string' && !table.has(x)) problems.push(`${where} names ${what} "${x}", which is not defined`);
  };
  for (const job of list(doc, 'jobs')) {
    const where = `job "${String(job.name)}"`;
    for (const m of String(job.command).matchAll(REFERENCE)) need(m[1] === 'files' ? files : userData, m[3], m[1] === 'files' ? 'file' : 'user data', where);
    for (const key of ['input_files', 'output_files']) for (const f of (job[key] as string[] | undefined) ?? []) need(files, f, 'file', where);
    for (const key of ['input_datasets', 'output_datasets']) for (const f of (job[key] as string[] | undefined) ?? []) need(datasets, f, 'dataset', where);
    for (const key of ['input_user_data', 'output_user_data']) for (const f of (job[key] as string[] | undefined) ?? []) need(userData, f, 'user data', where);
    for (const d of (job.depends_on as string[] | undefined) ?? []) need(jobs, d, 'job', where);
    need(resources, job.resource_requirements, 'resource requirement', where);
    need(handlers, job.failure_handler, 'failure handler', where);
    need(schedulers, job.scheduler, 'scheduler', where);
  }
  list(doc, 'actions').forEach((a, i) => {
    const where = `action ${i + 1}`;
    for (const j of (a.jobs as string[] | undefined) ?? []) need(jobs, j, 'job', where);
    if (a.action_type === 'schedule_nodes') need(schedulers, a.scheduler, 'scheduler', where);
  });
  return problems;
}
