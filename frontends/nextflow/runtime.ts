// Running a Nextflow pipeline's setup the way Nextflow does before any task starts: load the
// scripts and their includes, evaluate params and config, run the entry workflow, and record every
// process call as a step with its ports, the channels feeding it and, where the data is known, its
// tasks with their inputs, outputs, rendered scripts and resources.

import * as posix from 'node:path/posix';
import type { DiagnosticBag } from '../../ir/diagnostics.js';
import type { Loss, PortSource, Span } from '../../ir/types.js';
import { LineIndex } from '../common/text.js';
import type * as A from './ast.js';
import { asChannel, ChannelOps } from './channels.js';
import { selects, setting, type LoadedConfig, type Selector } from './config.js';
import { sanitize } from '../../ir/ids.js';
import { globRegex, listGlob } from './glob.js';
import { Interpreter, type Hooks } from './interp.js';
import { NO_METHOD, stripIndent } from './methods.js';
import { parseNextflow } from './parse.js';
import { inputNames, readProcess, type InputDecl, type OutputDecl, type ProcessDef } from './processes.js';
import { BLANK_SEPARATED, Channel, Closure, GMap, GObject, GroovyError, NativeFn, NfPath, pathsIn, Scope, str, truthy, type Value } from './values.js';

export interface RuntimeHost {
  readFile(path: string): string | undefined;
  stat(path: string): 'file' | 'dir' | undefined;
  listDir(path: string): string[] | undefined;
}

export interface StepPort {
  name: string;
  kind: 'file' | 'value';
  pattern?: string;
  sources: PortSource[];
  many: boolean;
}

export interface Task {
  index: number;
  tag?: string;
  inputs: NfPath[];
  outputs: NfPath[];
  script?: string;
  directives: Map<string, Value>;
  /** Directive values at attempt 2, for those that change with task.attempt. */
  retried: Map<string, Value>;
}

export interface StepRecord {
  id: string;
  fqn: string;
  def: ProcessDef;
  labels: string[];
  inputs: StepPort[];
  outputs: StepPort[];
  /** Undefined when the number of tasks depends on the run. */
  tasks?: Task[];
  unknownBecause?: string;
  /** Directives as far as they can be evaluated without a task's inputs. */
  directives: Map<string, Value>;
  retried: Map<string, Value>;
  published: boolean;
  span: Span;
}

interface WorkflowDef {
  name: string;
  file: string;
  body: A.Stmt[];
  pos: A.Pos;
  scope: Scope;
}

interface Module {
  scope: Scope;
  body: A.Stmt[];
}

const DIRECTIVES = ['cpus', 'memory', 'time', 'disk', 'accelerator', 'container', 'conda', 'module', 'queue', 'clusterOptions', 'errorStrategy', 'maxRetries', 'executor', 'tag', 'publishDir', 'ext', 'label', 'resourceLimits', 'beforeScript', 'afterScript', 'arch', 'machineType', 'array', 'debug', 'cache', 'fair', 'maxForks', 'penv', 'pod', 'scratch', 'stageInMode', 'stageOutMode', 'storeDir', 'shell', 'containerOptions', 'secret', 'spack', 'maxErrors', 'maxSubmitAwait', 'resourceLabels', 'echo'];

/** Directives a task's `task` object shows to scripts and later directives. */
const TASK_FIELDS = new Set(['cpus', 'memory', 'time', 'disk', 'queue']);

/** A process's own directives that set values, the last of each name winning. */
function ownDirectives(def: ProcessDef): Map<string, ProcessDef['directives'][number]> {
  return new Map(def.directives.filter((d) => d.name !== 'label' && d.name !== 'ext' && DIRECTIVES.includes(d.name)).map((d) => [d.name, d]));
}

/** Where tasks run, as Nextflow's `work/`, under a name of wfc's own beside the workflow's files. */
const WORK_DIR = 'nf-work';

/** Files a task's own directory holds, as the engine sees them: `nf-work/<step>/<n>/<name>`. */
export const taskDir = (stepId: string, index: number) => `${WORK_DIR}/${stepId}/${index + 1}`;

export class NextflowRuntime {
  readonly interp: Interpreter;
  readonly steps: StepRecord[] = [];
  readonly losses: Loss[] = [];
  readonly filesRead = new Set<string>();
  /** Workflow outputs: `publish:` assignments and publishDir. */
  readonly published: PortSource[] = [];
  private readonly texts = new Map<string, string>();
  private readonly lineIndexes = new Map<string, LineIndex>();
  private readonly modules = new Map<string, Module>();
  private readonly prefix: string[] = [];
  private readonly usedIds = new Set<string>();
  private readonly calledInScope: Set<string>[] = [new Set()];
  private readonly ops: ChannelOps;
  readonly globals = new Scope();
  readonly params: GMap;
  private readonly fixedParams: Set<string>;
  private readonly topics = new Map<string, PortSource[]>();
  private readonly topicItems = new Map<string, Value[] | undefined>();

  constructor(
    private readonly host: RuntimeHost,
    private readonly bag: DiagnosticBag,
    private readonly config: LoadedConfig,
    readonly launchDir: string,
    readonly projectDir: string,
  ) {
    const hooks: Hooks = {
      method: (obj, name, args, named, pos) => (obj instanceof Channel ? this.ops.method(obj, name, args, named, pos) : NO_METHOD),
      invoke: (obj, args, named, pos) => this.invoke(obj, args, named, pos),
      readText: (p) => this.read(p),
    };
    this.interp = new Interpreter((file) => this.lines(file), hooks);
    this.ops = new ChannelOps(this.interp, { readText: (p) => this.read(p) });
    this.params = config.params;
    this.fixedParams = new Set([...config.params.keys()].map(String));
    this.installGlobals();
  }

  lines(file: string): LineIndex {
    let l = this.lineIndexes.get(file);
    if (!l) this.lineIndexes.set(file, (l = new LineIndex(this.texts.get(file) ?? this.host.readFile(this.hostPath(file)) ?? '', file)));
    return l;
  }

  /** A path as the host sees it: relative to the launch directory. */
  private hostPath(p: string): string {
    return posix.normalize(posix.isAbsolute(p) ? p : posix.join(this.launchDir, p));
  }

  read(p: string): string | undefined {
    const text = this.host.readFile(this.hostPath(p));
    if (text !== undefined) this.filesRead.add(p);
    return text;
  }

  span(pos: A.Pos | undefined, file: string): Span | undefined {
    return pos ? { file, line: pos.line, column: pos.column } : undefined;
  }

  loss(construct: string, reason: string, span?: Span, severity: Loss['severity'] = 'warning'): void {
    if (this.losses.some((l) => l.construct === construct && l.reason === reason)) return;
    const l: Loss = { stage: 'frontend:nextflow', construct, reason, severity };
    if (span) l.span = span;
    this.losses.push(l);
  }

  // --- globals ------------------------------------------------------------------------------------

  private installGlobals(): void {
    const g = this.globals;
    const fn = (name: string, f: (args: Value[], named: GMap | undefined, pos: A.Pos) => Value) => g.declare(name, new NativeFn(name, f));
    const paramsProxy = this.params;
    // Script params are defaults: a key given on the command line or in the config keeps its value.
    const fixed = this.fixedParams;
    const originalSet = paramsProxy.set.bind(paramsProxy);
    paramsProxy.set = (k, v) => (typeof k === 'string' && fixed.has(k) && paramsProxy.has(k) ? paramsProxy : originalSet(k, v));
    g.declare('params', paramsProxy);
    const engine = this.containerEngine();
    const manifest = setting(this.config.settings, 'manifest');
    g.declare(
      'workflow',
      new GObject(
        'WorkflowMetadata',
        new Map<string, Value>([
          ['projectDir', new NfPath(this.projectDir)],
          ['launchDir', new NfPath(this.launchDir)],
          ['workDir', new NfPath(WORK_DIR)],
          ['containerEngine', engine],
          ['profile', 'standard'],
          ['runName', 'wfc'],
          ['sessionId', '00000000-0000-0000-0000-000000000000'],
          ['manifest', manifest instanceof GMap ? manifest : new GMap()],
          ['stubRun', false],
          ['resume', false],
          ['commandLine', 'nextflow run'],
          ['userName', 'wfc'],
          ['onComplete', new NativeFn('onComplete', () => null)],
          ['onError', new NativeFn('onError', () => null)],
          ['success', true],
        ]),
      ),
    );
    const nextflow = new GObject('Nextflow', new Map<string, Value>([['version', '25.04.0'], ['enable', new GMap()], ['preview', new GMap()]]));
    g.declare('nextflow', nextflow);
    (g.lookup('workflow')!.value as GObject).members.set('nextflow', nextflow);
    g.declare('projectDir', new NfPath(this.projectDir));
    g.declare('baseDir', new NfPath(this.projectDir));
    g.declare('launchDir', new NfPath(this.launchDir));
    g.declare('workDir', new NfPath(WORK_DIR));
    const noop = new NativeFn('log', () => null);
    g.declare('log', new GObject('Logger', new Map<string, Value>([['info', noop], ['warn', noop], ['error', noop], ['debug', noop], ['trace', noop]])));
    for (const name of ['println', 'print', 'printf', 'sleep', 'validateParameters', 'paramsHelp', 'completionEmail', 'completionSummary', 'imNotification']) fn(name, () => null);
    fn('error', (args, _n, pos) => this.interp.fail(`the pipeline stops: ${str(args[0] ?? 'error')}`, pos));
    fn('exit', (args, _n, pos) => this.interp.fail(`the pipeline exits: ${str(args[1] ?? args[0] ?? '')}`, pos));
    fn('file', (args, named, pos) => this.file(args[0] ?? null, named, pos));
    fn('files', (args, named, pos) => {
      const v = this.file(args[0] ?? null, named, pos);
      return Array.isArray(v) ? v : [v];
    });
    fn('tuple', (args) => args);
    fn('groupKey', (args) => args[0] ?? null);
    fn('env', () => null);
    fn('paramsSummaryMap', () => new GMap());
    fn('paramsSummaryLog', () => '');
    fn('samplesheetToList', (_a, _n, pos) => this.interp.unsupported('samplesheetToList from the nf-schema plugin', pos));
    fn('sendMail', () => null);
    const channel = new GObject('ChannelFactory', this.factories());
    g.declare('Channel', channel);
    g.declare('channel', channel);
    g.declare('System', new GObject('System', new Map<string, Value>([['getenv', new NativeFn('getenv', () => null)], ['err', new GObject('PrintStream', new Map([['println', noop]]))], ['out', new GObject('PrintStream', new Map([['println', noop]]))], ['exit', noop], ['currentTimeMillis', new NativeFn('currentTimeMillis', () => 0)]])));
    const math = (f: (...n: number[]) => number) => new NativeFn('Math', (args) => f(...args.map(Number)));
    g.declare('Math', new GObject('Math', new Map<string, Value>([['max', math(Math.max)], ['min', math(Math.min)], ['ceil', math(Math.ceil)], ['floor', math(Math.floor)], ['round', math(Math.round)], ['abs', math(Math.abs)], ['pow', math(Math.pow)], ['sqrt', math(Math.sqrt)]])));
    g.declare('Integer', new GObject('Integer', new Map<string, Value>([['parseInt', new NativeFn('parseInt', (a) => parseInt(str(a[0] ?? null), 10))], ['MAX_VALUE', 2147483647], ['valueOf', new NativeFn('valueOf', (a) => parseInt(str(a[0] ?? null), 10))]])));
    g.declare('Boolean', new GObject('Boolean', new Map<string, Value>([['parseBoolean', new NativeFn('parseBoolean', (a) => str(a[0] ?? null).toLowerCase() === 'true')]])));
    g.declare('String', new GObject('String', new Map<string, Value>([['valueOf', new NativeFn('valueOf', (a) => str(a[0] ?? null))]])));
  }

  containerEngine(): string | null {
    for (const engine of ['docker', 'singularity', 'apptainer', 'podman', 'charliecloud']) {
      if (truthy(setting(this.config.settings, `${engine}.enabled`) ?? null)) return engine;
    }
    return null;
  }

  /** file(): a path, or the files a glob matches. */
  private file(arg: Value, named: GMap | undefined, pos: A.Pos): Value {
    if (arg === null) return this.interp.fail('file(): the path is null (a param not given?)', pos, 'NF005', 'give the param with --param NAME=VALUE or --params-file');
    if (arg instanceof NfPath) return arg;
    const p = str(arg);
    if (/[*?[{]/.test(p) && named?.get('glob') !== false) return listGlob(p, this.globHost()).map((f) => new NfPath(f));
    if (named?.get('checkIfExists') === true && this.host.stat(this.hostPath(p)) === undefined) return this.interp.fail(`file ${p} does not exist`, pos, 'NF005');
    return new NfPath(p);
  }

  private globHost() {
    return { list: (d: string) => this.host.listDir(this.hostPath(d)), stat: (p: string) => this.host.stat(this.hostPath(p)) };
  }

  private factories(): Map<string, Value> {
    const f = new Map<string, Value>();
    const add = (name: string, impl: (args: Value[], named: GMap | undefined, pos: A.Pos) => Value) => f.set(name, new NativeFn(name, impl));
    add('of', (args) => Channel.of(args));
    add('value', (args) => Channel.of(args.length === 0 ? [] : [args[0]!], [], true));
    add('fromList', (args) => Channel.of(Array.isArray(args[0]) ? args[0] : []));
    add('from', (args) => Channel.of(args.length === 1 && Array.isArray(args[0]) ? args[0] : args));
    add('empty', () => Channel.of([]));
    add('fromPath', (args, named, pos) => this.fromPath(args[0] ?? null, named, pos, false));
    add('fromFilePairs', (args, named, pos) => this.fromPath(args[0] ?? null, named, pos, true));
    add('topic', (args) => {
      const name = str(args[0] ?? null);
      const items = this.topicItems.get(name);
      return new Channel(this.topics.get(name) ?? [], items === undefined && this.topicItems.has(name) ? undefined : (items ?? []), false);
    });
    for (const name of ['watchPath', 'fromSRA', 'fromLineage', 'interval']) add(name, (args) => Channel.unknown([], `Channel.${name}(${args.map(str).join(', ')}) is known only during the run`));
    return f;
  }

  private fromPath(pattern: Value, named: GMap | undefined, pos: A.Pos, pairs: boolean): Channel {
    if (pattern === null) return Channel.unknown([], 'its input path is a param that is not given');
    const patterns = Array.isArray(pattern) ? pattern.map(str) : [str(pattern)];
    const items: Value[] = [];
    for (const p of patterns) {
      const matches = /[*?[{]/.test(p) ? listGlob(p, this.globHost(), named?.get('hidden') === true) : this.host.stat(this.hostPath(p)) ? [p] : [];
      if (matches.length === 0) {
        this.bag.warning('NF009', `no file matches ${p}`, this.span(pos, this.currentFile), 'check the path and the params that build it');
        continue;
      }
      if (!pairs) {
        items.push(...matches.map((m) => new NfPath(m)));
        continue;
      }
      const re = globRegex(posix.basename(p), true);
      const groups = new Map<string, NfPath[]>();
      for (const m of matches) {
        const hit = re.exec(posix.basename(m));
        const key = hit ? hit.slice(1).filter((x) => x !== undefined).join('') || posix.basename(m) : posix.basename(m);
        const list = groups.get(key) ?? [];
        list.push(new NfPath(m));
        groups.set(key, list);
      }
      const size = Number(named?.get('size') ?? 2);
      for (const [key, files] of [...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
        if (size < 0 || files.length === size) items.push([key, files.sort((a, b) => (a.path < b.path ? -1 : 1))]);
      }
    }
    return Channel.of(items);
  }

  // --- modules --------------------------------------------------------------------------------------

  currentFile = '';

  /** Loads a script file: its includes, functions, processes, workflows, and its top-level statements. */
  loadModule(path: string, includedFrom?: { file: string; pos: A.Pos }): Module | undefined {
    const existing = this.modules.get(path);
    if (existing) return existing;
    const text = this.host.readFile(this.hostPath(path));
    if (text === undefined) {
      this.bag.error('NF003', `cannot read ${path}`, includedFrom ? this.span(includedFrom.pos, includedFrom.file) : undefined);
      return undefined;
    }
    this.texts.set(path, text);
    this.filesRead.add(path);
    const script = parseNextflow(path, text, this.bag);
    const scope = new Scope(this.globals);
    scope.declare('moduleDir', new NfPath(posix.dirname(path)));
    const module: Module = { scope, body: script.body };
    this.modules.set(path, module);
    // Declarations first, so that a process may be declared after the workflow that calls it.
    for (const s of script.body) {
      if (s.k === 'process') {
        const def = this.guard(() => readProcess(s, path), path);
        if (!def) continue;
        for (const d of def.directives) {
          if (d.name !== 'label' && !DIRECTIVES.includes(d.name)) this.loss(`directive ${d.name} of process ${def.name}`, 'is not a Nextflow directive wfc knows; ignored', this.span(d.pos, def.file), 'info');
        }
        scope.declare(s.name, this.processObject(def, s.name));
      }
      else if (s.k === 'workflow' && s.name !== undefined) scope.declare(s.name, this.workflowObject({ name: s.name, file: path, body: s.body, pos: s.pos, scope }, s.name));
      else if (s.k === 'fn') scope.declare(s.name, this.interp.functionValue({ node: s, file: path, scope }));
    }
    for (const s of script.body) {
      if (s.k === 'include') this.include(s, path, scope);
    }
    for (const s of script.body) {
      if (s.k === 'process' || s.k === 'workflow' || s.k === 'fn' || s.k === 'include') continue;
      if (isOutputBlock(s)) {
        this.outputBlock(s, path);
        continue;
      }
      this.runTopLevel(s, scope, path);
    }
    return module;
  }

  /** Runs `f`; a GroovyError becomes a diagnostic (and the loss ledger) and gives undefined. */
  /** The top-level `output { name { path 'dir' } }` block: where published channels go. */
  private outputBlock(s: A.Stmt, file: string): void {
    const body = ((s as { e: { args: A.Arg[] } }).e.args[0]!.value as Extract<A.Expr, { k: 'closure' }>).body;
    for (const target of body) {
      if (target.k !== 'expr' || target.e.k !== 'call' || target.e.callee.k !== 'name') continue;
      const name = target.e.callee.name;
      const inner = target.e.args[0]?.value;
      const path = inner?.k === 'closure' ? inner.body.find((x) => x.k === 'expr' && x.e.k === 'call' && x.e.callee.k === 'name' && x.e.callee.name === 'path') : undefined;
      const where = path && path.k === 'expr' && path.e.k === 'call' ? path.e.args[0]?.value : undefined;
      const dir = where?.k === 'lit' ? String(where.v) : where?.k === 'gstr' ? where.raw : '(a closure)';
      this.outputTargets.set(name, dir);
      this.loss(`output ${name} (path ${dir})`, 'published files are the workflow outputs; copying them to the output directory is left to the target engine', this.span(target.pos, file), 'info');
    }
  }

  /** `output { }` targets: name → path. */
  readonly outputTargets = new Map<string, string>();

  private guard<T>(f: () => T, file: string): T | undefined {
    try {
      return f();
    } catch (e) {
      if (!(e instanceof GroovyError)) throw e;
      this.bag.warning(e.code, `${e.message}; the declaration is left out`, this.span(e.pos, file), e.hint);
      this.loss(`declaration at ${file}:${e.pos?.line ?? '?'}`, e.message, this.span(e.pos, file));
      return undefined;
    }
  }

  private runTopLevel(s: A.Stmt, scope: Scope, file: string): void {
    const previous = this.currentFile;
    this.currentFile = file;
    try {
      this.interp.exec([s], scope, file);
    } catch (e) {
      if (!(e instanceof GroovyError)) throw e;
      this.report(e, file);
    } finally {
      this.currentFile = previous;
    }
  }

  /** Errors in statements: the statement is left out and listed in the loss ledger. */
  report(e: GroovyError, file: string): void {
    file = e.file || file;
    const span = this.span(e.pos, file);
    if (e.code === 'NF004') {
      this.bag.error(e.code, e.message, span, e.hint);
      return;
    }
    this.bag.warning(e.code, `${e.message}; the statement is left out`, span, e.hint);
    this.loss(`statement at ${file}:${e.pos?.line ?? '?'}`, e.message, span);
  }

  private include(s: Extract<A.Stmt, { k: 'include' }>, file: string, scope: Scope): void {
    if (s.from.startsWith('plugin/')) {
      for (const item of s.items) {
        if (!scope.lookup(item.alias ?? item.name)) scope.declare(item.alias ?? item.name, this.globals.lookup(item.name)?.value ?? new NativeFn(item.name, () => null));
      }
      return;
    }
    const target = this.resolveInclude(posix.normalize(posix.join(posix.dirname(file), s.from)));
    const module = target ? this.loadModule(target, { file, pos: s.pos }) : undefined;
    if (!target) this.bag.error('NF003', `cannot find the included file ${s.from} (tried ${s.from}.nf and ${s.from}/main.nf)`, this.span(s.pos, file));
    if (!module) return;
    for (const item of s.items) {
      const found = module.scope.lookup(item.name);
      if (!found) {
        this.bag.error('NF004', `${target} defines no process, workflow or function ${item.name}`, this.span(item.pos, file));
        continue;
      }
      const alias = item.alias ?? item.name;
      const v = found.value;
      scope.declare(alias, v instanceof GObject && item.alias ? this.renamed(v, alias) : v);
    }
  }

  private resolveInclude(base: string): string | undefined {
    for (const c of [base, `${base}.nf`, `${base}/main.nf`]) {
      if (this.host.stat(this.hostPath(c)) === 'file') return c;
    }
    return undefined;
  }

  private renamed(obj: GObject, alias: string): GObject {
    const def = this.definitions.get(obj)!;
    return 'directives' in def ? this.processObject(def, alias) : this.workflowObject(def, alias);
  }

  /** What each process and workflow object stands for. */
  private readonly definitions = new WeakMap<GObject, ProcessDef | WorkflowDef>();

  private processObject(def: ProcessDef, name: string): GObject {
    const o = new GObject('Process', new Map<string, Value>([['name', name]]));
    this.definitions.set(o, def);
    return o;
  }

  private workflowObject(def: WorkflowDef, name: string): GObject {
    const o = new GObject('Workflow', new Map<string, Value>([['name', name]]));
    this.definitions.set(o, def);
    return o;
  }

  private invoke(obj: GObject, args: Value[], _named: GMap | undefined, pos: A.Pos): Value {
    const def = this.definitions.get(obj);
    if (!def) return this.interp.fail(`${obj.typeName} is not callable`, pos);
    const holder = { def };
    const name = str(obj.get('name') ?? null);
    const fqn = [...this.prefix, name].join(':');
    const called = this.calledInScope[this.calledInScope.length - 1]!;
    if (called.has(name)) return this.interp.fail(`${name} is called twice in one workflow; include it again under another name (include { ${name} as ${name}_2 })`, pos, 'NF005');
    called.add(name);
    const out = obj.typeName === 'Process' ? this.callProcess(holder.def as ProcessDef, fqn, args, pos) : this.callWorkflow(holder.def as WorkflowDef, name, args, pos);
    obj.members.set('out', out.out);
    return out.result;
  }

  // --- workflows --------------------------------------------------------------------------------------

  /** Runs the entry workflow (unnamed, or named by `entry`) of the main script. */
  runEntry(mainFile: string, entry: string | undefined): boolean {
    const module = this.loadModule(mainFile);
    if (!module) return false;
    const node = module.body.find((s): s is Extract<A.Stmt, { k: 'workflow' }> => s.k === 'workflow' && (entry === undefined ? s.name === undefined : s.name === entry));
    if (!node) {
      this.bag.error('NF006', entry === undefined ? `${mainFile} has no entry workflow` : `${mainFile} has no workflow named ${entry}`, { file: mainFile, line: 1, column: 1 });
      return false;
    }
    const def: WorkflowDef = { name: node.name ?? '', file: mainFile, body: node.body, pos: node.pos, scope: module.scope };
    if (entry !== undefined) this.prefix.push(entry);
    this.runWorkflowBody(def, [], node.pos, true);
    return true;
  }

  private callWorkflow(def: WorkflowDef, name: string, args: Value[], pos: A.Pos): { result: Value; out: Value } {
    this.prefix.push(name);
    this.calledInScope.push(new Set());
    try {
      return this.runWorkflowBody(def, args, pos, false);
    } finally {
      this.prefix.pop();
      this.calledInScope.pop();
    }
  }

  private runWorkflowBody(def: WorkflowDef, args: Value[], pos: A.Pos, entry: boolean): { result: Value; out: Value } {
    const sections = splitSections(def.body);
    const scope = new Scope(def.scope);
    const takes = (sections.get('take') ?? []).flatMap((s) => (s.k === 'expr' && s.e.k === 'name' ? [s.e.name] : []));
    if (!entry && args.length !== takes.length) this.interp.fail(`workflow ${def.name} takes ${takes.length} input(s), called with ${args.length}`, pos, 'NF005');
    takes.forEach((t, i) => scope.declare(t, args[i] ?? null));
    const main = sections.get('main') ?? sections.get('') ?? [];
    const previous = this.currentFile;
    this.currentFile = def.file;
    for (const s of main) {
      try {
        this.interp.exec([s], scope, def.file);
      } catch (e) {
        if (!(e instanceof GroovyError)) throw e;
        this.report(e, def.file);
        // Names the statement would have set become channels of unknown items, so the rest can go on.
        for (const n of assignedNames(s)) scope.assign(n, Channel.unknown([], `it comes from a statement wfc could not evaluate (${def.file}:${s.pos.line})`));
      }
    }
    const emits = new Map<string, Value>();
    for (const s of sections.get('emit') ?? []) {
      try {
        if (s.k === 'expr' && s.e.k === 'assign' && s.e.target.k === 'name') emits.set(s.e.target.name, this.interp.eval(s.e.value, scope, def.file));
        else if (s.k === 'expr' && s.e.k === 'name') emits.set(s.e.name, this.interp.eval(s.e, scope, def.file));
        else if (s.k === 'expr') emits.set(`out${emits.size}`, this.interp.eval(s.e, scope, def.file));
      } catch (e) {
        if (!(e instanceof GroovyError)) throw e;
        this.report(e, def.file);
      }
    }
    for (const s of sections.get('publish') ?? []) {
      try {
        if (s.k === 'expr' && s.e.k === 'assign') this.publish(this.interp.eval(s.e.value, scope, def.file));
        else if (s.k === 'expr' && s.e.k === 'bin' && s.e.op === '>>') this.publish(this.interp.eval(s.e.l, scope, def.file));
      } catch (e) {
        if (!(e instanceof GroovyError)) throw e;
        this.report(e, def.file);
      }
    }
    this.currentFile = previous;
    const out = new GObject('WorkflowOutput', new Map());
    [...emits].forEach(([k, v], i) => {
      out.members.set(k, v);
      out.members.set(String(i), v);
    });
    return { result: emits.size === 1 ? [...emits.values()][0]! : emits.size === 0 ? null : out, out: emits.size === 1 && emits.has('out0') ? [...emits.values()][0]! : out };
  }

  private publish(v: Value): void {
    const chans = v instanceof GObject ? [...v.members.values()] : [v];
    for (const c of chans) if (c instanceof Channel) this.published.push(...c.sources);
  }

  // --- processes --------------------------------------------------------------------------------------

  private stepId(fqn: string): string {
    const base = sanitize(fqn, /[A-Za-z0-9_-]/);
    let id = base;
    for (let i = 2; this.usedIds.has(id); i++) id = `${base}_${i}`;
    this.usedIds.add(id);
    return id;
  }

  private callProcess(def: ProcessDef, fqn: string, args: Value[], pos: A.Pos): { result: Value; out: Value } {
    if (args.length !== def.inputs.length) this.interp.fail(`process ${fqn} declares ${def.inputs.length} input(s) but is called with ${args.length}`, pos, 'NF005');
    const id = this.stepId(fqn);
    const channels = args.map(asChannel);
    const labels = this.labelsOf(def);
    const step: StepRecord = {
      id,
      fqn,
      def,
      labels,
      inputs: def.inputs.map((d, i) => ({ name: portName(inputNames(d), i, 'in'), kind: inputKind(d), sources: [...channels[i]!.sources], many: false })),
      outputs: def.outputs.map((d, i) => {
        const pattern = outputPattern(d);
        return { name: d.emit ?? `out${i}`, kind: outputKind(d), ...(pattern !== undefined ? { pattern } : {}), sources: [], many: pattern !== undefined && /[*?[{]/.test(pattern) };
      }),
      directives: new Map(),
      retried: new Map(),
      published: false,
      span: this.span(def.pos, def.file)!,
    };
    this.steps.push(step);
    const stepScope = new Scope(this.moduleScopeOf(def));
    step.directives = this.directives(def, fqn, labels, stepScope, this.taskObject(fqn, 0), true);
    step.retried = this.directives(def, fqn, labels, stepScope, this.taskObject(fqn, 0, 2), true);
    step.published = step.directives.has('publishDir') && step.directives.get('publishDir') !== null;
    const allValue = channels.every((c) => c.isValue);
    const unknown = channels.find((c) => c.items === undefined);
    if (unknown) {
      step.unknownBecause = unknown.unknownBecause ?? 'its inputs depend on the run';
    } else {
      step.tasks = this.tasks(def, step, channels);
    }
    if (step.published) this.published.push(...step.outputs.filter((o) => o.kind === 'file').map((o) => ({ step: id, port: o.name })));
    // Output channels: one per declaration, fed by this step's port.
    const outs = def.outputs.map((d, i) => {
      const port = step.outputs[i]!;
      const sources: PortSource[] = [{ step: id, port: port.name }];
      const items = step.tasks === undefined ? undefined : step.tasks.flatMap((t) => (t.directives.get('__outputs') as Value[][] | undefined)?.[i] ?? []);
      const ch = items === undefined ? Channel.unknown(sources, step.unknownBecause ?? 'it depends on the run', allValue) : new Channel(sources, items, allValue);
      if (d.topic) {
        this.topics.set(d.topic, [...(this.topics.get(d.topic) ?? []), ...sources]);
        const prior = this.topicItems.has(d.topic) ? this.topicItems.get(d.topic) : [];
        this.topicItems.set(d.topic, prior === undefined || items === undefined ? undefined : [...prior, ...items]);
      }
      return ch;
    });
    const out = new GObject('ProcessOutput', new Map());
    outs.forEach((ch, i) => {
      out.members.set(String(i), ch);
      const emit = def.outputs[i]!.emit;
      if (emit) out.members.set(emit, ch);
    });
    return { result: outs.length === 1 ? outs[0]! : outs.length === 0 ? null : out, out: outs.length === 1 && !def.outputs[0]!.emit ? outs[0]! : out };
  }

  private moduleScopeOf(def: ProcessDef): Scope {
    return this.modules.get(def.file)?.scope ?? this.globals;
  }

  private labelsOf(def: ProcessDef): string[] {
    const labels: string[] = [];
    for (const d of def.directives) {
      if (d.name !== 'label') continue;
      const a = d.args[0]?.value;
      if (a?.k === 'lit' && typeof a.v === 'string') labels.push(a.v);
      else if (a?.k === 'gstr') labels.push(a.raw);
    }
    return labels;
  }

  private taskObject(fqn: string, index: number, attempt = 1): GObject {
    const members = new Map<string, Value>([
      ['attempt', attempt],
      ['process', fqn],
      ['name', `${fqn} (${index + 1})`],
      ['index', index + 1],
      ['exitStatus', null],
      ['hash', '0'],
      ['workDir', new NfPath(WORK_DIR)],
      ['ext', new GMap()],
      ['cpus', 1],
    ]);
    return new GObject('TaskConfig', members, () => null);
  }

  /**
   * Directive values in Nextflow's order of precedence: generic `process` config < the process's
   * own directives < withLabel selectors < withName selectors; closures evaluated with `task` (and
   * the task's inputs, in `scope`). At step level (`lenient`), values that need a task's inputs
   * are skipped.
   */
  private directives(def: ProcessDef, fqn: string, labels: string[], scope: Scope, task: GObject, lenient: boolean): Map<string, Value> {
    const names = [def.name, fqn, fqn.split(':').pop()!];
    const processSettings = setting(this.config.settings, 'process');
    const generic = processSettings instanceof GMap ? [processSettings] : [];
    const selected = (kind: Selector['kind']) => this.config.selectors.filter((sel) => sel.kind === kind && selects(sel, names, labels)).map((sel) => sel.settings);
    const byLabel = selected('withLabel');
    const byName = selected('withName');
    // Config closures see the task's inputs and `task`, as Nextflow's task context delegate gives them.
    const extra = new Map<string, Value>([...scope.own(), ['task', task]]);
    const evalValue = (v: Value): Value => (v instanceof Closure ? this.interp.callClosure(v, [], extra) : v);
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
        const positional = d.args.filter((a) => a.name === undefined).map((a) => this.interp.eval(a.value, taskScope, def.file));
        const named = d.args.filter((a) => a.name !== undefined);
        if (positional.length === 1 && named.length === 0) return evalValue(positional[0]!);
        return [...positional.map(evalValue), ...(named.length > 0 ? [new GMap(named.map((a) => [a.name!, this.interp.eval(a.value, taskScope, def.file)]))] : [])];
      });
    }
    byLabel.forEach(fromConfig);
    byName.forEach(fromConfig);
    return result;
  }

  private tasks(def: ProcessDef, step: StepRecord, channels: Channel[]): Task[] {
    const queue = channels.filter((c, i) => !c.isValue && def.inputs[i]!.kind !== 'each');
    const count = queue.length === 0 ? (channels.every((c) => c.items!.length > 0) ? 1 : 0) : Math.min(...queue.map((c) => c.items!.length));
    // `each` inputs repeat every task once per item.
    const eachLists = def.inputs.map((d, i) => (d.kind === 'each' ? flattenEach(channels[i]!) : undefined));
    const combos: number[][] = [[]];
    for (const list of eachLists) {
      if (!list) continue;
      const next: number[][] = [];
      for (const c of combos) for (let j = 0; j < list.length; j++) next.push([...c, j]);
      combos.splice(0, combos.length, ...next);
    }
    const tasks: Task[] = [];
    for (let n = 0; n < count; n++) {
      for (const combo of combos) {
        let ci = 0;
        const values = def.inputs.map((d, i) => {
          const ch = channels[i]!;
          if (d.kind === 'each') return eachLists[i]![combo[ci++]!]!;
          return ch.isValue ? ch.items![0]! : ch.items![n]!;
        });
        const task = this.task(def, step, tasks.length, values);
        if (task) tasks.push(task);
      }
    }
    return tasks;
  }

  private task(def: ProcessDef, step: StepRecord, index: number, values: Value[]): Task | undefined {
    const scope = new Scope(this.moduleScopeOf(def));
    const inputs: NfPath[] = [];
    const stage: [string, NfPath][] = [];
    def.inputs.forEach((d, i) => bindInput(d, values[i]!, scope, inputs, stage, this.interp, def.file));
    const taskObj = this.taskObject(step.fqn, index);
    const directives = this.directives(def, step.fqn, step.labels, scope, taskObj, false);
    const retried = this.directives(def, step.fqn, step.labels, scope, this.taskObject(step.fqn, index, 2), true);
    scope.declare('task', taskObj);
    if (def.when && !truthy(this.interp.eval(def.when, scope, def.file))) return undefined;
    let script: string | undefined;
    if (def.body?.kind === 'script' || def.body?.kind === 'shell') {
      const v = def.body.kind === 'shell' ? this.shellScript(def.body.stmts, scope, def.file) : this.interp.exec(def.body.stmts, scope, def.file);
      script = stripIndent(str(v)).replace(/^\n+/, '').replace(/\s+$/, '\n');
    } else if (def.body?.kind === 'exec') {
      this.loss(`exec: section of process ${def.name}`, 'is Groovy run inside Nextflow; the step has no command outside it', this.span(def.pos, def.file));
    }
    const dir = taskDir(step.id, index);
    const outputs: NfPath[] = [];
    const emitted = def.outputs.map((d) => [outputValue(d, scope, this.interp, def.file, dir, `${step.id}#${index}`, outputs)]);
    directives.set('__outputs', emitted as unknown as Value);
    const tag = directives.get('tag');
    const t: Task = { index, inputs, outputs, directives, retried };
    if (tag !== undefined && tag !== null) t.tag = str(tag);
    if (script !== undefined) t.script = stageScript(stage, dir) + script;
    return t;
  }

  /** shell: sections interpolate `!{x}` and leave `$x` to bash. */
  private shellScript(stmts: A.Stmt[], scope: Scope, file: string): string {
    const last = stmts[stmts.length - 1];
    this.interp.exec(stmts.slice(0, -1), scope, file);
    if (!last || last.k !== 'expr' || (last.e.k !== 'lit' && last.e.k !== 'gstr')) return str(last ? this.interp.exec([last], scope, file) : null);
    const raw = last.e.k === 'lit' ? String(last.e.v) : last.e.raw;
    return raw.replace(/!\{([^}]*)\}/g, (_, expr: string) => {
      const path = expr.trim().split('.');
      let v: Value = this.interp.lookup(path[0]!, scope, last.pos);
      for (const p of path.slice(1)) v = this.interp.property(v, p, last.pos);
      return str(v);
    });
  }
}


function isOutputBlock(s: A.Stmt): boolean {
  return s.k === 'expr' && s.e.k === 'call' && s.e.callee.k === 'name' && s.e.callee.name === 'output' && s.e.args.length === 1 && s.e.args[0]!.value.k === 'closure';
}

function splitSections(body: readonly A.Stmt[]): Map<string, A.Stmt[]> {
  const sections = new Map<string, A.Stmt[]>();
  let current = '';
  for (const s of body) {
    if (s.k === 'label' && ['take', 'main', 'emit', 'publish'].includes(s.name)) {
      current = s.name;
      continue;
    }
    const list = sections.get(current) ?? [];
    list.push(s);
    sections.set(current, list);
  }
  return sections;
}

function assignedNames(s: A.Stmt): string[] {
  if (s.k === 'def') return s.names;
  if (s.k === 'expr' && s.e.k === 'assign' && s.e.target.k === 'name') return [s.e.target.name];
  if (s.k === 'expr' && s.e.k === 'massign') return s.e.names;
  if (s.k === 'expr' && s.e.k === 'call' && s.e.callee.k === 'prop' && s.e.callee.name === 'set') {
    const c = s.e.args[0]?.value;
    if (c?.k === 'closure' && c.body[0]?.k === 'expr' && c.body[0].e.k === 'name') return [c.body[0].e.name];
  }
  return [];
}

function portName(names: string[], i: number, prefix: string): string {
  return names.length > 0 ? names.join('_') : `${prefix}${i}`;
}

function inputKind(d: InputDecl): 'file' | 'value' {
  if (d.kind === 'path' || d.kind === 'file') return 'file';
  if (d.items) return d.items.some((x) => inputKind(x) === 'file') ? 'file' : 'value';
  return 'value';
}

function outputKind(d: OutputDecl): 'file' | 'value' {
  if (d.kind === 'path' || d.kind === 'file') return 'file';
  if (d.items) return d.items.some((x) => outputKind(x) === 'file') ? 'file' : 'value';
  return 'value';
}

function outputPattern(d: OutputDecl): string | undefined {
  const paths = d.kind === 'tuple' ? (d.items ?? []).filter((x) => x.kind === 'path' || x.kind === 'file') : d.kind === 'path' || d.kind === 'file' ? [d] : [];
  const text = paths.map((p) => (p.expr?.k === 'lit' ? String(p.expr.v) : p.expr?.k === 'gstr' ? p.expr.raw : p.expr?.k === 'name' ? `$${p.expr.name}` : '')).filter((x) => x !== '');
  return text.length > 0 ? text.join(' ') : undefined;
}

function flattenEach(ch: Channel): Value[] {
  const items = ch.items ?? [];
  if (ch.isValue) return Array.isArray(items[0]) ? (items[0] as Value[]) : items;
  return items;
}

/** Binds an input declaration to a task's value; files are staged into the task directory by name. */
function bindInput(d: InputDecl, value: Value, scope: Scope, inputs: NfPath[], stage: [string, NfPath][], interp: Interpreter, file: string): void {
  if (d.kind === 'tuple') {
    const parts = Array.isArray(value) ? value : [value];
    d.items!.forEach((item, i) => bindInput(item, parts[i] ?? null, scope, inputs, stage, interp, file));
    return;
  }
  if (d.kind === 'each' && d.items?.[0]) return bindInput(d.items[0], value, scope, inputs, stage, interp, file);
  if (d.kind === 'path' || d.kind === 'file') {
    const files = pathsIn(value).length > 0 ? pathsIn(value) : value === null ? [] : [new NfPath(str(value))];
    inputs.push(...files);
    let names = files.map((f) => f.name);
    if (d.stageAs) {
      const pattern = str(interp.eval(d.stageAs, scope, file));
      names = files.map((f, i) => (pattern.includes('*') || pattern.includes('?') ? pattern.replace(/\*|\?/, files.length > 1 ? String(i + 1) : f.name) : pattern));
    }
    files.forEach((f, i) => stage.push([names[i]!, f]));
    const staged = files.map((f, i) => new NfPath(names[i]!, f.producer, f.glob));
    BLANK_SEPARATED.add(staged);
    if (d.name) scope.declare(d.name, Array.isArray(value) || staged.length !== 1 ? staged : staged[0]!);
    return;
  }
  if (d.name) scope.declare(d.name, value);
}

/** Links a task's input files into its directory under the names the script uses, then runs there. */
function stageScript(stage: [string, NfPath][], dir: string): string {
  const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const up = dir.split('/').map(() => '..').join('/');
  const lines = [`mkdir -p ${q(dir)} && cd ${q(dir)}`];
  for (const [name, f] of stage) {
    const target = f.path.startsWith('/') ? f.path : `${up}/${f.path}`;
    // A glob output of another task: its files keep their own names; bash expands the glob.
    if (f.glob) lines.push(`ln -sfn ${q(posix.dirname(target))}/${f.name.replace(/[^*?[\]{},\w.-]/g, '\\$&')} .`);
    else lines.push(`ln -sfn ${q(target)} ${q(name)}`);
  }
  return `${lines.join('\n')}\n`;
}

function outputValue(d: OutputDecl, scope: Scope, interp: Interpreter, file: string, dir: string, producer: string, files: NfPath[]): Value {
  switch (d.kind) {
    case 'tuple':
      return d.items!.map((x) => outputValue(x, scope, interp, file, dir, producer, files));
    case 'val':
      return d.expr ? interp.eval(d.expr, scope, file) : null;
    case 'path':
    case 'file': {
      const name = d.expr ? str(interp.eval(d.expr, scope, file)) : 'output';
      const names = name.split(/\s+/).filter((x) => x !== '');
      const paths = names.map((n) => new NfPath(`${dir}/${n}`, producer, /[*?[{]/.test(n)));
      files.push(...paths);
      return paths.length === 1 ? paths[0]! : paths;
    }
    case 'env':
    case 'eval':
    case 'stdout':
      return `<${d.kind} of ${producer}>`;
  }
}
