// A process's directives (cpus, memory, container, publishDir, …) as a task gets them: from the
// config's `process` scope, the process's own declarations, and the config's withLabel and
// withName selectors, in Nextflow's order of precedence.

import { selects, setting, type LoadedConfig, type Selector } from './config.js';
import type { Interpreter } from './interp.js';
import type { ProcessDef } from './processes.js';
import { Closure, GMap, GObject, GroovyError, Scope, type Value } from './values.js';

/** The directives wfc knows; others are reported once, when their process is read. */
export const DIRECTIVES = ['cpus', 'memory', 'time', 'disk', 'accelerator', 'container', 'conda', 'module', 'queue', 'clusterOptions', 'errorStrategy', 'maxRetries', 'executor', 'tag', 'publishDir', 'ext', 'label', 'resourceLimits', 'beforeScript', 'afterScript', 'arch', 'machineType', 'array', 'debug', 'cache', 'fair', 'maxForks', 'penv', 'pod', 'scratch', 'stageInMode', 'stageOutMode', 'storeDir', 'shell', 'containerOptions', 'secret', 'spack', 'maxErrors', 'maxSubmitAwait', 'resourceLabels', 'echo'];

/** Directives a task's `task` object shows to scripts and later directives. */
const TASK_FIELDS = new Set(['cpus', 'memory', 'time', 'disk', 'queue']);

/** A process's own directives that set values, the last of each name winning. */
function ownDirectives(def: ProcessDef): Map<string, ProcessDef['directives'][number]> {
  return new Map(def.directives.filter((d) => d.name !== 'label' && d.name !== 'ext' && DIRECTIVES.includes(d.name)).map((d) => [d.name, d]));
}

/** The process's labels as written (`label 'x'`); selectors match on them. */
export function labelsOf(def: ProcessDef): string[] {
  const labels: string[] = [];
  for (const d of def.directives) {
    if (d.name !== 'label') continue;
    const a = d.args[0]?.value;
    if (a?.k === 'lit' && typeof a.v === 'string') labels.push(a.v);
    else if (a?.k === 'gstr') labels.push(a.raw);
  }
  return labels;
}

/**
 * Directive values in Nextflow's order of precedence: generic `process` config < the process's
 * own directives < withLabel selectors < withName selectors; closures evaluated with `task` (and
 * the task's inputs, in `scope`). At step level (`lenient`), values that need a task's inputs
 * are skipped.
 */
export function evaluateDirectives(interp: Interpreter, config: LoadedConfig, def: ProcessDef, fqn: string, labels: string[], scope: Scope, task: GObject, lenient: boolean): Map<string, Value> {
  const names = [def.name, fqn, fqn.split(':').pop()!];
  const processSettings = setting(config.settings, 'process');
  const generic = processSettings instanceof GMap ? [processSettings] : [];
  const selected = (kind: Selector['kind']) => config.selectors.filter((sel) => sel.kind === kind && selects(sel, names, labels)).map((sel) => sel.settings);
  const byLabel = selected('withLabel');
  const byName = selected('withName');
  // Config closures see the task's inputs and `task`, as Nextflow's task context delegate gives them.
  const extra = new Map<string, Value>([...scope.own(), ['task', task]]);
  const evalValue = (v: Value): Value => (v instanceof Closure ? interp.callClosure(v, [], extra) : v);
  const tolerate = (f: () => void) => {
    try {
      f();
    } catch (err) {
      if (!(err instanceof GroovyError) || !lenient) throw err;
    }
  };
  // ext first: scripts and other directives read task.ext.
  const ext = new GMap();
  for (const layer of [...generic, ...byLabel, ...byName]) {
    const e = layer.get('ext');
    if (e instanceof GMap) for (const [k, v] of e) tolerate(() => ext.set(k, evalValue(v)));
  }
  task.members.set('ext', ext);
  const result = new Map<string, Value>();
  const set = (k: string, read: () => Value) =>
    tolerate(() => {
      const v = read();
      result.set(k, v);
      if (TASK_FIELDS.has(k)) task.members.set(k, v);
    });
  const fromConfig = (layer: GMap) => {
    for (const [key, raw] of layer) {
      const k = String(key);
      if (k === 'ext' || k.startsWith('with')) continue;
      // errorStrategy closures look at the exit status, known only after a failure: kept as they are.
      set(k, () => (k === 'errorStrategy' && raw instanceof Closure ? raw : evalValue(raw)));
    }
  };
  generic.forEach(fromConfig);
  const taskScope = new Scope(scope);
  taskScope.declare('task', task);
  for (const d of ownDirectives(def).values()) {
    if (d.name === 'publishDir' && result.has('publishDir')) continue;
    set(d.name, () => {
      const positional = d.args.filter((a) => a.name === undefined).map((a) => interp.eval(a.value, taskScope, def.file));
      const named = d.args.filter((a) => a.name !== undefined);
      if (positional.length === 1 && named.length === 0) return evalValue(positional[0]!);
      return [...positional.map(evalValue), ...(named.length > 0 ? [new GMap(named.map((a) => [a.name!, interp.eval(a.value, taskScope, def.file)]))] : [])];
    });
  }
  byLabel.forEach(fromConfig);
  byName.forEach(fromConfig);
  return result;
}
