// The job DAG, computed the way Snakemake computes it (dag.py: update, update_, file2jobs): from
// the targets backwards, each requested file to the rules whose output patterns match it, the
// candidates tried in rule order, discarded when their own inputs cannot be made, and an ambiguity
// error when two equally ranked rules both can.

import type { Span } from '../../ir/types.js';
import { Flagged, Namedlist, wildcardsObject } from './objects.js';
import { applyWildcards, hasWildcards, patternRegex } from './patterns.js';
import { str } from './python/ops.js';
import { PyBuiltin, PyDict, PyError, PyFunction, PyNamespace, Unsupported, type PyValue } from './python/values.js';
import { Unpack } from './helpers.js';
import { flattenItems, type LoadedWorkflow, type Rule, type RuleItem } from './workflow.js';

export interface SmkJob {
  rule: Rule;
  wildcards: Map<string, string>;
  key: string;
  input: Namedlist;
  inputFiles: string[];
  output: Namedlist;
  outputFiles: string[];
  /** Flags of each output file (same order): temp, directory, protected, ... */
  outputFlags: readonly ReadonlySet<string>[];
  /** Checkpoints whose output this job's input depends on and that are not on disk yet. */
  pendingCheckpoints: string[];
}

/** Snakemake's DAG errors, with the file or rule they are about. */
export class DagError extends Error {
  constructor(
    readonly code: 'SMK008' | 'SMK009' | 'SMK010' | 'SMK011' | 'SMK012' | 'SMK013' | 'SMK018' | 'SMK020' | 'SMK005',
    message: string,
    readonly span?: Span,
  ) {
    super(message);
  }
}

class IncompleteCheckpoint extends Error {
  constructor(
    readonly rule: Rule,
    readonly outputs: string[],
  ) {
    super(`checkpoint ${rule.name} has not run yet`);
  }
}

const MAX_DEPTH = 2000;

export interface Dag {
  /** The jobs the targets need (files tie them together: an input names its producer's output). */
  jobs: SmkJob[];
  targets: SmkJob[];
}

export class DagBuilder {
  private readonly jobsByKey = new Map<string, SmkJob>();
  /** Jobs whose inputs are resolved, with the jobs that produce them. */
  private readonly done = new Map<SmkJob, SmkJob[]>();
  private readonly producerOf = new Map<string, SmkJob>();
  private readonly regexes = new Map<Rule, { re: RegExp; pattern: string }[]>();
  private readonly rules: Rule[];
  /** Later ruleorder clauses override earlier ones: try them last to first. */
  private readonly clauses: string[][];
  private readonly withWildcards = new Map<Rule, boolean>();
  private readonly shapes = new Map<Rule, RuleShape>();

  constructor(
    private readonly wf: LoadedWorkflow,
    private readonly exists: (path: string) => boolean,
  ) {
    this.rules = [...wf.rules.values()];
    this.clauses = [...wf.ruleOrder].reverse();
    wf.checkpointGet.resolve = (rule, wildcards) => this.checkpointGet(rule, wildcards);
  }

  // --- rules and candidates --------------------------------------------------------------------------

  /** Rule order: > 0 when `a` ranks above `b` (ruleorder, then rules without wildcards first). */
  private compareRules(a: Rule, b: Rule): number {
    if (a.name !== b.name) {
      for (const clause of this.clauses) {
        const i = clause.indexOf(a.name);
        const j = clause.indexOf(b.name);
        if (i >= 0 && j >= 0) return Math.sign(j - i);
      }
    }
    return Number(this.ruleHasWildcards(b)) - Number(this.ruleHasWildcards(a));
  }

  private ruleHasWildcards(r: Rule): boolean {
    let has = this.withWildcards.get(r);
    if (has === undefined) {
      has = r.outputs.some((o) => hasWildcards(o.value));
      this.withWildcards.set(r, has);
    }
    return has;
  }

  private outputRegexes(rule: Rule): { re: RegExp; pattern: string }[] {
    let list = this.regexes.get(rule);
    if (!list) {
      const constraints = new Map([...this.wf.globalConstraints, ...rule.wildcardConstraints]);
      try {
        list = rule.outputs.map((o) => ({ re: patternRegex(o.value, constraints), pattern: o.value }));
      } catch (e) {
        if (e instanceof PyError) throw new DagError('SMK005', `rule ${rule.name}: ${e.message}`, rule.span);
        throw e;
      }
      this.regexes.set(rule, list);
    }
    return list;
  }

  /** Jobs of every rule that can produce `file`, with the wildcards the first matching output gives. */
  private candidates(file: string): SmkJob[] {
    const jobs: SmkJob[] = [];
    let inputError: unknown;
    for (const rule of this.rules) {
      let m: RegExpExecArray | null = null;
      for (const o of this.outputRegexes(rule)) if ((m = o.re.exec(file))) break;
      if (!m) continue;
      const wildcards = new Map<string, string>();
      for (const k in m.groups) wildcards.set(k, m.groups[k]!);
      try {
        jobs.push(this.job(rule, wildcards));
      } catch (e) {
        if (!(e instanceof DagError) || e.code !== 'SMK018') throw e;
        inputError ??= e;
      }
    }
    if (jobs.length === 0 && inputError) throw inputError;
    return jobs;
  }

  // --- jobs ------------------------------------------------------------------------------------------

  private job(rule: Rule, wildcards: Map<string, string>): SmkJob {
    let key = rule.name;
    if (wildcards.size === 1) for (const [k, v] of wildcards) key += `\u0000${k}=${v}`;
    else if (wildcards.size > 1) key += `\u0000${[...wildcards].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${k}=${v}`).join('\u0000')}`;
    const cached = this.jobsByKey.get(key);
    if (cached) return cached;
    const shape = this.shapeOf(rule);
    const outputFiles = shape.outputs.map((o) => applyWildcards(o.pattern, wildcards));
    const pending: string[] = [];
    const input = shape.input ? fillInput(shape.input, wildcards, rule) : this.expandInput(rule, wildcards, pending);
    const job: SmkJob = {
      rule,
      wildcards,
      key,
      input,
      inputFiles: uniqueStrings(input.items),
      output: new Namedlist(outputFiles, shape.outputNames),
      outputFiles,
      outputFlags: shape.outputFlags,
      pendingCheckpoints: pending,
    };
    this.jobsByKey.set(key, job);
    return job;
  }

  /** What every job of a rule shares: output patterns, their flags and names, static inputs. */
  private shapeOf(rule: Rule): RuleShape {
    let shape = this.shapes.get(rule);
    if (shape) return shape;
    const outputs: { pattern: string; flags: ReadonlySet<string> }[] = [];
    const outputNames = new Map<string, [number, number]>();
    for (const item of rule.output) {
      const values = flattenItems(item.value);
      if (item.name !== undefined) outputNames.set(item.name, [outputs.length, values.length]);
      for (const v of values) outputs.push({ pattern: str(v), flags: v instanceof Flagged ? v.flags : NO_FLAGS });
    }
    shape = { outputs, outputNames, outputFlags: outputs.map((o) => o.flags) };
    const input = staticInput(rule);
    if (input) shape.input = input;
    this.shapes.set(rule, shape);
    return shape;
  }

  /** The job's inputs: patterns filled with its wildcards, input functions called, unpack() spread. */
  private expandInput(rule: Rule, wildcards: Map<string, string>, pending: string[]): Namedlist {
    const pairs: [string | undefined, PyValue[]][] = [];
    for (const item of rule.input) {
      for (const [name, values] of this.inputItem(rule, item, wildcards, pending)) pairs.push([name, values]);
    }
    return Namedlist.fromPairs(pairs);
  }

  private inputItem(rule: Rule, item: RuleItem, wildcards: Map<string, string>, pending: string[]): [string | undefined, PyValue[]][] {
    const fill = (v: PyValue): PyValue => fillInputFile(v, wildcards, rule);
    const value = item.value;
    const callable = value instanceof PyFunction || value instanceof PyBuiltin || value instanceof Unpack;
    if (!callable) return [[item.name, flattenItems(value).filter((v) => v !== null).map(fill)]];
    let result: PyValue;
    try {
      result = this.callWithWildcards(value instanceof Unpack ? value.fn : value, wildcards, {});
    } catch (e) {
      if (e instanceof IncompleteCheckpoint) {
        pending.push(e.rule.name);
        return [[item.name, e.outputs]];
      }
      if (e instanceof PyError || e instanceof Unsupported) {
        const where = e.pos ? { file: e.file ?? rule.snakefile, line: e.pos.line, column: e.pos.column } : rule.span;
        throw new DagError('SMK018', `input function of rule ${rule.name} raised ${e instanceof PyError ? `${e.type}: ${e.message}` : `unsupported Python: ${e.message}`} (wildcards: ${formatWildcards(wildcards)})`, where);
      }
      throw e;
    }
    if (value instanceof Unpack) {
      if (result instanceof PyDict) return [...result.entries.values()].map(([k, v]) => [str(k), flattenItems(v).map(fill)]);
      return [[undefined, flattenItems(result).map(fill)]];
    }
    return [[item.name, flattenItems(result).filter((v) => v !== null).map(fill)]];
  }

  /**
   * Calls a rule's function as Snakemake does: wildcards first, then by name any of input, output,
   * threads, resources, attempt that it declares.
   */
  callWithWildcards(f: PyValue, wildcards: Map<string, string>, aux: Record<string, PyValue>): PyValue {
    const kwargs = new Map<string, PyValue>();
    if (f instanceof PyFunction) {
      const declared = new Set(f.params.map((p) => p.name));
      const takesKw = f.params.some((p) => p.star === '**');
      for (const [k, v] of Object.entries({ attempt: 1, ...aux })) if (declared.has(k) || (takesKw && k !== 'attempt')) kwargs.set(k, v);
      const positional = f.params.filter((p) => !p.star && !p.kwOnlyMarker && p.name !== '');
      if (positional.length === 0 && !f.params.some((p) => p.star === '*')) return this.wf.interpreter.call(f, [], kwargs, { line: 1, column: 1, offset: 0 });
      if (kwargs.has(positional[0]?.name ?? '')) kwargs.delete(positional[0]!.name);
    }
    return this.wf.interpreter.call(f, [wildcardsObject(wildcards)], kwargs, { line: 1, column: 1, offset: 0 });
  }

  private checkpointGet(rule: Rule, wildcards: Map<string, string>): PyValue {
    const names = new Set(rule.outputs.flatMap((o) => [...o.value.matchAll(/\{\s*(\w+)/g)].map((m) => m[1]!)));
    const own = new Map([...wildcards].filter(([k]) => names.has(k)));
    const outputs = rule.output.map((item) => [item.name, flattenItems(item.value).map((v) => applyWildcards(str(v), own))] as [string | undefined, PyValue[]]);
    const files = outputs.flatMap(([, v]) => v.map((x) => str(x)));
    if (!files.every((f) => this.exists(f))) throw new IncompleteCheckpoint(rule, files);
    return new PyNamespace('CheckpointJob', { output: Namedlist.fromPairs(outputs), rule: rule.name });
  }

  // --- Snakemake's update / update_ --------------------------------------------------------------------

  private updateJob(job: SmkJob, visited: Set<string>, depth: number): void {
    if (this.done.has(job)) return;
    if (depth > MAX_DEPTH) throw new DagError('SMK020', `the DAG is deeper than ${MAX_DEPTH} jobs at rule ${job.rule.name}`, job.rule.span);
    const deps: SmkJob[] = [];
    const missing: string[] = [];
    for (const file of job.inputFiles) {
      const known = this.producerOf.get(file);
      if (known) {
        deps.push(known);
        continue;
      }
      const candidates = this.candidates(file);
      if (candidates.length === 0) {
        if (!this.exists(file)) missing.push(file);
        continue;
      }
      try {
        const producer = this.update(candidates, file, visited, depth + 1);
        deps.push(producer);
      } catch (e) {
        if (e instanceof DagError && e.code !== 'SMK010' && this.exists(file)) continue;
        throw e;
      }
    }
    if (missing.length > 0) {
      throw new DagError('SMK009', `Missing input files for rule ${job.rule.name}:\n    affected files:\n${missing.map((f) => `        ${f}`).join('\n')}`, job.rule.span);
    }
    this.done.set(job, deps);
    for (const f of job.outputFiles) if (!this.producerOf.has(f)) this.producerOf.set(f, job);
  }

  private update(jobs: SmkJob[], file: string | undefined, visited: Set<string>, depth: number): SmkJob {
    const sorted = jobs.length === 1 ? jobs : stableSort(jobs, (a, b) => -this.compareRules(a.rule, b.rule));
    const producers: SmkJob[] = [];
    const exceptions: DagError[] = [];
    const cycles: SmkJob[] = [];
    const discarded = new Set<SmkJob>();
    for (const job of sorted) {
      if ((file !== undefined && job.inputFiles.includes(file)) || visited.has(job.key)) {
        cycles.push(job);
        continue;
      }
      // `visited` is the path from the target: Snakemake copies it per candidate; adding the job
      // for the time of its recursion and removing it after is the same, without the copies.
      visited.add(job.key);
      try {
        this.updateJob(job, visited, depth);
        visited.delete(job.key);
        producers.push(job);
        if (sorted.every((o) => o === job || discarded.has(o) || this.compareRules(job.rule, o.rule) > 0)) break;
      } catch (e) {
        visited.delete(job.key);
        if (!(e instanceof DagError) || e.code === 'SMK010' || e.code === 'SMK020') throw e;
        exceptions.push(e);
        discarded.add(job);
      }
    }
    if (producers.length === 0) {
      if (cycles.length > 0) {
        throw new DagError('SMK012', `Cyclic dependency on rule ${cycles[0]!.rule.name}${file ? ` for file ${file}` : ''}`, cycles[0]!.rule.span);
      }
      throw exceptions[0] ?? new DagError('SMK008', `No rule to produce ${file}`);
    }
    const ranked = producers.length === 1 ? producers : stableSort(producers, (a, b) => -this.compareRules(a.rule, b.rule));
    const producer = ranked[0]!;
    const rival = ranked.slice(1).find((x) => this.compareRules(x.rule, producer.rule) === 0);
    if (rival) {
      throw new DagError(
        'SMK010',
        `Rules ${producer.rule.name} and ${rival.rule.name} are ambiguous for the file ${file}.\nConsider starting rule output with a unique prefix, constrain your wildcards, or use the ruleorder directive.\nWildcards:\n    ${producer.rule.name}: ${formatWildcards(producer.wildcards)}\n    ${rival.rule.name}: ${formatWildcards(rival.wildcards)}`,
        producer.rule.span,
      );
    }
    return producer;
  }

  // --- targets -----------------------------------------------------------------------------------------

  build(targets: string[]): Dag {
    const targetJobs: SmkJob[] = [];
    const requested = targets.length > 0 ? targets : [this.defaultTarget().name];
    for (const t of requested) {
      const rule = this.wf.rules.get(t);
      if (rule) {
        if (this.ruleHasWildcards(rule)) {
          throw new DagError(
            'SMK013',
            `Target rules may not contain wildcards. Please specify concrete files or a rule without wildcards at the command line, or have a rule without wildcards at the very top of your workflow (e.g. the typical "rule all" which just collects all results you want to generate in the end). (rule ${rule.name})`,
            rule.span,
          );
        }
        const job = this.job(rule, new Map());
        this.update([job], undefined, new Set(), 0);
        targetJobs.push(job);
        continue;
      }
      const candidates = this.candidates(t);
      if (candidates.length === 0) {
        if (this.exists(t)) continue;
        throw new DagError('SMK008', `No rule to produce ${t} (if you use input functions make sure that they don't raise unexpected exceptions).`);
      }
      targetJobs.push(this.update(candidates, t, new Set(), 0));
    }
    // The DAG is what the targets reach (failed attempts may have left other jobs behind).
    const reached = new Set<SmkJob>();
    const stack = [...targetJobs];
    while (stack.length > 0) {
      const job = stack.pop()!;
      if (reached.has(job)) continue;
      reached.add(job);
      for (const d of this.done.get(job) ?? []) stack.push(d);
    }
    return { jobs: [...reached], targets: targetJobs };
  }

  private defaultTarget(): Rule {
    const rule = this.wf.defaultTarget === undefined ? undefined : this.wf.rules.get(this.wf.defaultTarget);
    if (!rule) throw new DagError('SMK008', 'the workflow defines no rule');
    return rule;
  }
}

interface RuleShape {
  outputs: { pattern: string; flags: ReadonlySet<string> }[];
  outputNames: ReadonlyMap<string, [number, number]>;
  outputFlags: readonly ReadonlySet<string>[];
  /** Set when the rule's inputs are plain patterns (no functions): same names and counts for every job. */
  input?: StaticInput;
}

interface StaticInput {
  patterns: (string | Flagged)[];
  /** Whether each pattern has wildcards to fill. */
  templated: boolean[];
  names: ReadonlyMap<string, [number, number]>;
}

const NO_FLAGS: ReadonlySet<string> = new Set();

function staticInput(rule: Rule): StaticInput | undefined {
  const patterns: (string | Flagged)[] = [];
  const names = new Map<string, [number, number]>();
  for (const item of rule.input) {
    const v = item.value;
    if (v instanceof PyFunction || v instanceof PyBuiltin || v instanceof Unpack) return undefined;
    const values = flattenItems(v).filter((x) => x !== null);
    if (!values.every((x) => typeof x === 'string' || x instanceof Flagged)) return undefined;
    if (item.name !== undefined) names.set(item.name, [patterns.length, values.length]);
    for (const x of values) patterns.push(x as string | Flagged);
  }
  return { patterns, templated: patterns.map((p) => hasWildcards(str(p))), names };
}

function fillInput(input: StaticInput, wildcards: Map<string, string>, rule: Rule): Namedlist {
  const items: PyValue[] = new Array<PyValue>(input.patterns.length);
  for (let i = 0; i < items.length; i++) {
    const p = input.patterns[i]!;
    items[i] = input.templated[i] ? fillInputFile(p, wildcards, rule) : str(p);
  }
  return new Namedlist(items, input.names);
}

/** An input pattern with the job's wildcards filled in; Snakemake's errors for what cannot be. */
function fillInputFile(v: PyValue, wildcards: Map<string, string>, rule: Rule): PyValue {
  if (typeof v !== 'string' && !(v instanceof Flagged)) {
    if (v === null) return v;
    throw new DagError('SMK018', `input of rule ${rule.name} must be file names, not ${str(v)}`, rule.span);
  }
  try {
    return applyWildcards(str(v), wildcards);
  } catch (e) {
    if (e instanceof PyError) throw new DagError('SMK011', `${e.message}\nin rule ${rule.name}`, rule.span);
    throw e;
  }
}

function uniqueStrings(items: readonly PyValue[]): string[] {
  if (items.length === 1) return [str(items[0]!)];
  return [...new Set(items.map((v) => str(v)))];
}

function stableSort<T>(items: T[], cmp: (a: T, b: T) => number): T[] {
  return items.map((v, i) => ({ v, i })).sort((a, b) => cmp(a.v, b.v) || a.i - b.i).map((x) => x.v);
}

export function formatWildcards(w: ReadonlyMap<string, string>): string {
  return [...w].map(([k, v]) => `${k}=${v}`).join(', ');
}

