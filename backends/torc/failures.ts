// Retries as Torc failure handlers. A Torc source's handlers come back as it wrote them, each job
// with the handler it named; a step that retries (Nextflow maxRetries, Snakemake retries, a
// sketch's `retries:`) gets a handler that retries any failure that many times.

import type { TorcKept } from '../../ir/formats/torc.js';
import type { Job, JsonValue, Step, Workflow } from '../../ir/types.js';

export interface TorcFailureHandlers {
  entries: JsonValue[];
  handlerOf(job: Job): string | undefined;
}

export function failureHandlers(wf: Workflow, kept: TorcKept, jobName: Map<string, string>): TorcFailureHandlers {
  const source = kept.spec?.failure_handlers;
  const entries: JsonValue[] = Array.isArray(source) ? [...source] : [];
  const names = new Set(entries.map((h) => (h !== null && typeof h === 'object' && !Array.isArray(h) ? h.name : undefined)).filter((n): n is string => typeof n === 'string'));
  const steps = new Map<string, Step>(wf.steps.map((s) => [s.id, s]));
  const byRetries = new Map<number, string>();
  const retrying = (retries: number) => {
    let name = byRetries.get(retries);
    if (name === undefined) {
      name = `retry_${retries}`;
      for (let n = 2; names.has(name); n++) name = `retry_${retries}_${n}`;
      names.add(name);
      byRetries.set(retries, name);
      entries.push({ name, rules: [{ match_all_exit_codes: true, max_retries: retries }] });
    }
    return name;
  };
  const handlerOf = (job: Job) => {
    const own = kept.jobs?.[jobName.get(job.id)!]?.failure_handler;
    if (typeof own === 'string' && names.has(own)) return own;
    const retries = steps.get(job.step)!.retries;
    return retries !== undefined && retries > 0 ? retrying(retries) : undefined;
  };
  // Handlers are named as jobs need them, in job order: decide them all before the entries are read.
  const decided = new Map(wf.jobs.map((j) => [j.id, handlerOf(j)]));
  return { entries, handlerOf: (job) => decided.get(job.id) };
}
