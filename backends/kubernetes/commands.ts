// What a pod runs, as the ConfigMap holds it. Each job's entry is its command for bash: a script
// exactly as the job has it, or its argument vector as one line of quoted words. A step-level task
// (fan-out bound at run time) gets the step's command rendered with its loop items read from the
// environment (`"$WFC_ITEM_1"`), since Argo only knows them when the task runs.

import { parseTemplate, type Segment } from '../../ir/template.js';
import { shJoin, shq, shqLine } from '../../ir/shell.js';
import type { Domain, Job, JsonValue, Loss, Port, Step, Workflow } from '../../ir/types.js';

/** The environment variable holding a step-level task's item of its `index`-th fan-out domain. */
export function itemVariable(index: number): string {
  return `WFC_ITEM_${index + 1}`;
}

/** A job's command for bash; a job without one does nothing. */
export function jobEntry(job: Job): string {
  if (!job.command) return 'true\n';
  if ('argv' in job.command) return `${shJoin(job.command.argv)}\n`;
  return job.command.script;
}

/** The directories a job's outputs go in, one quoted word per line, for the runner to make first. */
export function jobDirs(job: Job): string | undefined {
  const dirs = new Set<string>();
  for (const f of job.outputs) {
    if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(f)) continue;
    const slash = f.lastIndexOf('/');
    if (slash > 0) dirs.add(f.slice(0, slash));
  }
  return dirs.size > 0 ? [...dirs].map((d) => `${shqLine(d)}\n`).join('') : undefined;
}

export interface StepScript {
  text: string;
  /** Directories of the outputs, as shell words that may read the item variables. */
  dirs?: string;
}

/**
 * A step's command for one iteration of its loops. Files of a port become shell words built from
 * its pattern: the step's own fan-out items from the environment, items of other known domains
 * listed, and items of domains bound at run time matched by a glob (`*`) once the files exist.
 */
export function stepScript(wf: Workflow, step: Step, loops: readonly Domain[], losses: Loss[], stage: string): StepScript {
  const bound = new Map(loops.map((d, i) => [d.id, `"$${itemVariable(i)}"`]));
  const domains = new Map(wf.domains.map((d) => [d.id, d]));
  const loss = (construct: string, reason: string) => {
    const l: Loss = { stage, construct: `${construct} (step "${step.name}")`, reason, severity: 'warning' };
    if (step.span) l.span = step.span;
    losses.push(l);
  };
  let globbed = false;
  /** Shell words for the files of a port (`dirs`: for the directories they go in). */
  const wordsOf = (port: Port | undefined, dirs = false): string[] => {
    if (!port) return [];
    const pattern = port.pattern ?? sourcePattern(wf, port);
    if (pattern === undefined) {
      if (!dirs) loss(`files of port ${port.name}`, 'the port has no file pattern; the command gets none');
      return [];
    }
    const parsed = parseTemplate(pattern);
    if ('error' in parsed) {
      if (!dirs) loss(`file pattern "${pattern}"`, parsed.error);
      return [];
    }
    const segments = dirs ? directoryOf(parsed) : parsed;
    if (segments.length === 0) return [];
    let points: Record<string, string>[] = [{}];
    for (const s of segments) {
      if (!('ref' in s) || bound.has(s.ref) || s.ref in points[0]!) continue;
      const values = domains.get(s.ref)?.values;
      if (values) points = points.flatMap((p) => values.map((v) => ({ ...p, [s.ref]: v })));
    }
    // Directories are listed one per line: quoted so that none spans lines.
    const quote = dirs ? shqLine : shq;
    const words: string[] = [];
    for (const point of points) {
      let word = '';
      let glob = false;
      for (const s of segments) {
        if ('text' in s) word += quote(s.text);
        else if (bound.has(s.ref)) word += bound.get(s.ref)!;
        else if (s.ref in point) word += quote(point[s.ref]!);
        else {
          word += '*';
          glob = true;
        }
      }
      // A directory named by a glob exists already (its files do), or there is nothing to make.
      if (dirs && glob) continue;
      globbed ||= glob;
      words.push(word === '' ? "''" : word);
    }
    return words;
  };
  const ports = (list: Port[], name?: string) => (name === undefined ? list.flatMap((p) => wordsOf(p)) : wordsOf(list.find((p) => p.name === name)));
  const param = (name: string): string => {
    const v = wf.params[name];
    if (v === undefined) loss(`parameter ${name}`, 'has no value; the command gets an empty word');
    return shq(paramText(v));
  };

  let text: string;
  const command = step.command;
  if (!command) text = 'true\n';
  else if (command.kind === 'tool') {
    const words = [shq(command.program)];
    for (const part of command.args) {
      if ('text' in part) words.push(shq(part.text));
      else if ('input' in part) words.push(...ports(step.inputs, part.input));
      else if ('output' in part) words.push(...ports(step.outputs, part.output));
      else if ('domain' in part) words.push(bound.get(part.domain) ?? "''");
      else words.push(param(part.param));
    }
    text = `${words.join(' ')}\n`;
  } else if (command.dialect === 'wfc') {
    text = wfcScript(command.text, (ref) => {
      const [head, ...rest] = ref.split('.');
      const name = rest.join('.');
      if (head === 'input' || head === 'output') return ports(head === 'input' ? step.inputs : step.outputs, name === '' ? undefined : name).join(' ');
      if (head === 'params' && name !== '') return param(name);
      return rest.length === 0 ? bound.get(ref) : undefined;
    }, (message) => loss('command', message));
  } else {
    loss(`${command.dialect} script`, `only the ${command.dialect} frontend can fill it in for a task, and the tasks are known only at run time; the task fails with a message`);
    text = `echo ${shq(`wfc: step "${step.name}" has a ${command.dialect} script that wfc cannot render for Argo`)} >&2\nexit 1\n`;
  }
  const dirs = new Set(step.outputs.flatMap((p) => wordsOf(p, true)));
  if (globbed) loss('files of fan-outs bound at run time', 'named by a glob (*) that matches the files once they exist');
  const out: StepScript = { text };
  if (dirs.size > 0) out.dirs = [...dirs].map((d) => `${d}\n`).join('');
  return out;
}

/** A wfc command template with each placeholder replaced; unknown ones become an empty word. */
function wfcScript(template: string, value: (ref: string) => string | undefined, report: (message: string) => void): string {
  const segments = parseTemplate(template);
  if ('error' in segments) {
    report(segments.error);
    return `echo ${shq('wfc: the command template cannot be read')} >&2\nexit 1\n`;
  }
  let script = '';
  for (const s of segments) {
    if ('text' in s) script += s.text;
    else {
      const v = value(s.ref);
      if (v === undefined) report(`{${s.ref}} is not known; it is left empty`);
      script += v ?? "''";
    }
  }
  return script;
}

/** The segments of a file pattern up to its last `/`: its directory; none when it has no `/`. */
function directoryOf(segments: Segment[]): Segment[] {
  for (let i = segments.length - 1; i >= 0; i--) {
    const s = segments[i]!;
    if (!('text' in s)) continue;
    const slash = s.text.lastIndexOf('/');
    if (slash < 0) continue;
    const head = s.text.slice(0, slash);
    const out = segments.slice(0, i);
    if (head !== '') out.push({ text: head });
    return out;
  }
  return [];
}

/** The pattern of the data feeding an input port, when the port has none of its own. */
function sourcePattern(wf: Workflow, port: Port): string | undefined {
  for (const src of port.from ?? []) {
    const pattern = 'input' in src ? wf.inputs.find((i) => i.id === src.input)?.pattern : wf.steps.find((s) => s.id === src.step)?.outputs.find((p) => p.name === src.port)?.pattern;
    if (pattern !== undefined) return pattern;
  }
  return undefined;
}

function paramText(v: JsonValue | undefined): string {
  if (v === undefined || v === null) return '';
  if (Array.isArray(v)) return v.map(paramText).join(' ');
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}
