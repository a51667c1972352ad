// Running a Snakefile: its Python with the interpreter, and Snakemake's statements — rules,
// includes, config files, modules and `use rule`. The result is the list of rules and the settings
// the DAG needs (rule order, wildcard constraints, targets).

import * as posix from 'node:path/posix';
import { parseYaml } from '../common/yaml.js';
import type { DiagnosticBag } from '../../ir/diagnostics.js';
import type { Span } from '../../ir/types.js';
import { compileSchema } from '../common/schema-check.js';
import type * as A from './ast.js';
import { branch, expand, flagFunction, globWildcards, lookup, multiext, Unpack, ZIP } from './helpers.js';
import { Flagged, NameTable, Namedlist } from './objects.js';
import { parseSnakefile } from './parse.js';
import { wildcardNames } from './patterns.js';
import { makeBuiltins } from './python/builtins.js';
import { Interpreter } from './python/interp.js';
import { fromJs, openFile, standardModules, toJs, type WorkflowFs } from './python/modules.js';
import { iterate, repr, str, truthy } from './python/ops.js';
import { DataFrame } from './python/pandas.js';
import { PyBuiltin, PyDict, PyError, PyList, PyNamespace, PyTuple, Unsupported, type Kwargs, type PyValue, type Scope } from './python/values.js';

/** An input/output/params entry: positional (no name) or named; the value may be a list or a callable. */
export interface RuleItem {
  name?: string;
  value: PyValue;
}

export interface Rule {
  name: string;
  checkpoint: boolean;
  /** Definition order; the first rule is the default target. */
  index: number;
  span: Span;
  /** The Snakefile that defined it, relative to the current directory; for relative paths. */
  snakefile: string;
  /** Globals of that Snakefile, for shell formatting and callables. */
  globals: Scope;
  input: RuleItem[];
  output: RuleItem[];
  log: RuleItem[];
  params: RuleItem[];
  benchmark?: PyValue;
  threads?: PyValue;
  resources: Map<string, PyValue>;
  priority?: PyValue;
  message?: PyValue;
  shell?: string;
  script?: string;
  wrapper?: string;
  notebook?: string;
  run?: A.Stmt[];
  conda?: PyValue;
  container?: PyValue;
  envmodules: string[];
  group?: PyValue;
  retries?: number;
  localrule: boolean;
  defaultTarget: boolean;
  wildcardConstraints: Map<string, string>;
  /** Output patterns, flattened, with their flags. */
  outputs: Flagged[];
}

export interface WorkflowOptions {
  /** The Snakefile, relative to the current directory. */
  snakefile: string;
  text: string;
  /** Working directory (`--directory`), relative to the current directory. */
  directory: string;
  /** `--config k=v` values. */
  config: Record<string, unknown>;
  /** `--configfile` files, relative to the current directory. */
  configFiles: string[];
  readFile(path: string): string | undefined;
  stat(path: string): 'file' | 'dir' | undefined;
  list(path: string): string[] | undefined;
}

/** What running the Snakefile left behind. */
export interface LoadedWorkflow {
  rules: Map<string, Rule>;
  /** The rule built when no target is given: the first rule of the main Snakefile, or `default_target: True`. */
  defaultTarget?: string;
  ruleOrder: string[][];
  globalConstraints: Map<string, string>;
  globalContainer?: string;
  config: PyDict;
  fs: WorkflowFs;
  interpreter: Interpreter;
  /** Called by checkpoints.X.get(); installed by the DAG builder. */
  checkpointGet: { resolve?: (rule: Rule, wildcards: Map<string, string>) => PyValue };
  notes: { construct: string; reason: string; span?: Span }[];
}

const RULE_LIST_DIRECTIVES = new Set(['input', 'output', 'log', 'params']);
const IGNORED_GLOBAL = new Set(['report', 'envvars', 'containerized', 'singularity', 'resource_scopes', 'storage', 'scattergather', 'pepschema']);

/** Marks every mapping of the config so that a missing key reads as SMK006, not a plain KeyError. */
function markConfig(d: PyDict): void {
  d.missing = (key) => {
    const e = new PyError('KeyError', repr(key));
    e.configKey = true;
    throw e;
  };
  for (const v of d.values()) if (v instanceof PyDict) markConfig(v);
}

/** Deep merge, as Snakemake's update_config. */
function updateConfig(target: PyDict, source: PyDict): void {
  for (const [k, v] of source.entries.values()) {
    const existing = target.get(k);
    if (existing instanceof PyDict && v instanceof PyDict) updateConfig(existing, v);
    else target.set(k, v);
  }
}

/** `a.b=1` sets nested keys, as `snakemake --config a.b=1` does not; Snakemake reads `a=...` as YAML. */
function configFromOverrides(overrides: Record<string, unknown>): PyDict {
  const d = new PyDict();
  for (const [k, v] of Object.entries(overrides)) d.set(k, fromJs(typeof v === 'string' ? parseYamlScalar(v) : v));
  return d;
}

function parseYamlScalar(s: string): unknown {
  try {
    return parseYaml(s);
  } catch {
    return s;
  }
}

interface Context {
  rules: Map<string, Rule>;
  globals: Scope;
  /** Module definitions seen in this Snakefile tree. */
  modules: Map<string, { directives: A.Directive[]; scope: Scope; file: string; loaded?: Map<string, Rule> }>;
  config: PyDict;
}

export class WorkflowLoader {
  private readonly interpreter: Interpreter;
  private readonly modules: Map<string, PyValue>;
  private readonly contexts: Context[] = [];
  private readonly result: LoadedWorkflow;
  private ruleCounter = 0;
  private readonly overwriteConfig: PyDict;
  private readonly included = new Set<string>();

  constructor(
    private readonly options: WorkflowOptions,
    private readonly bag: DiagnosticBag,
  ) {
    const fs: WorkflowFs = {
      read: (p) => options.readFile(this.hostPath(p)),
      stat: (p) => options.stat(this.hostPath(p)),
      list: (p) => options.list(this.hostPath(p)),
    };
    this.modules = standardModules(fs);
    const builtins = makeBuiltins(() => undefined);
    builtins.set('open', openFile(fs));
    this.interpreter = new Interpreter(builtins, { importModule: (n) => this.importModule(n), snakemake: (s, scope, file) => this.smk(s, scope, file) }, options.snakefile);
    this.overwriteConfig = configFromOverrides(options.config);
    this.result = {
      rules: new Map(),
      ruleOrder: [],
      globalConstraints: new Map(),
      config: new PyDict(),
      fs,
      interpreter: this.interpreter,
      checkpointGet: {},
      notes: [],
    };
  }

  /** A path the Python code uses (relative to the working directory) → relative to the current directory. */
  hostPath(p: string): string {
    return p.startsWith('/') ? p : posix.normalize(posix.join(this.options.directory, p));
  }

  /** A path relative to a Snakefile's directory → relative to the working directory. */
  private workdirPathFrom(snakefile: string, p: string): string {
    if (p.startsWith('/')) return p;
    return posix.relative(this.options.directory, posix.join(posix.dirname(snakefile), p)) || '.';
  }

  private span(pos: A.Pos, file = this.interpreter.file): Span {
    return { file, line: pos.line, column: pos.column };
  }

  load(): LoadedWorkflow {
    const config = this.result.config;
    for (const f of this.options.configFiles) this.loadConfigFile(f, config, undefined);
    updateConfig(config, this.overwriteConfig);
    markConfig(config);
    const ctx: Context = { rules: this.result.rules, globals: { vars: new Map() }, modules: new Map(), config };
    this.installGlobals(ctx, this.options.snakefile);
    this.contexts.push(ctx);
    this.included.add(posix.normalize(this.options.snakefile));
    this.runSnakefile(this.options.snakefile, this.options.text, ctx);
    return this.result;
  }

  private runSnakefile(file: string, text: string, ctx: Context): void {
    const module = parseSnakefile(file, text, this.bag);
    const current = ctx.globals.vars.get('__snakefile__');
    ctx.globals.vars.set('__snakefile__', file);
    try {
      this.interpreter.runModule(module.body, ctx.globals, file);
    } finally {
      if (current !== undefined) ctx.globals.vars.set('__snakefile__', current);
    }
  }

  private get ctx(): Context {
    return this.contexts[this.contexts.length - 1]!;
  }

  private importModule(name: string): PyValue | undefined {
    if (name === 'snakemake' || name === 'snakemake.io' || name === 'snakemake.utils' || name === 'snakemake.shell' || name === 'snakemake.remote.HTTP') {
      return new PyNamespace(`module ${name}`, this.ctx.globals.vars);
    }
    return this.modules.get(name);
  }

  /** The names a Snakefile sees without importing them. */
  private installGlobals(ctx: Context, snakefile: string): void {
    const g = ctx.globals.vars;
    const fn = (name: string, f: (a: PyValue[], kw: Kwargs) => PyValue) => g.set(name, new PyBuiltin(name, f));
    g.set('config', ctx.config);
    g.set('rules', new NameTable('Rules', (n) => this.ruleProxy(ctx.rules.get(n)), 'rule'));
    g.set(
      'checkpoints',
      new NameTable('Checkpoints', (n) => {
        const r = ctx.rules.get(n);
        return r && r.checkpoint ? this.checkpointProxy(r) : undefined;
      }, 'checkpoint'),
    );
    fn('expand', expand);
    g.set('zip', ZIP);
    fn('glob_wildcards', (a, kw) => globWildcards(a, kw, this.result.fs));
    for (const f of ['temp', 'protected', 'directory', 'ancient', 'touch', 'pipe', 'service', 'local', 'dynamic', 'report', 'ensure', 'update', 'before_update', 'repeat', 'storage']) g.set(f, flagFunction(f));
    fn('multiext', multiext);
    fn('unpack', (a) => new Unpack(a[0]!));
    fn('lookup', (_a, kw) => lookup(kw));
    fn('branch', branch);
    fn('evaluate', (a) => a[0]!);
    fn('collect', (a, kw) => expand(a, kw));
    fn('exists', (a) => this.result.fs.stat(str(a[0]!)) !== undefined);
    fn('min_version', () => null);
    fn('available_cpu_count', () => 1);
    fn('makedirs', () => null);
    fn('update_config', (a) => {
      updateConfig(a[0] as PyDict, a[1] as PyDict);
      return null;
    });
    fn('srcdir', (a) => this.workdirPathFrom(str(g.get('__snakefile__') ?? snakefile), str(a[0]!)));
    fn('validate', (a, kw) => this.validate(a[0]!, str(a[1] ?? kw.get('schema')!), truthy(kw.get('set_default') ?? true)));
    fn('shell', () => {
      throw new Unsupported('shell() outside a rule runs only inside Snakemake');
    });
    fn('github', (a, kw) => `github:${str(a[0]!)}/${str(kw.get('path') ?? '')}`);
    fn('gitlab', (a, kw) => `gitlab:${str(a[0]!)}/${str(kw.get('path') ?? '')}`);
    const workflow = new PyNamespace('Workflow', {
      basedir: this.workdirPathFrom(snakefile, '.'),
      current_basedir: this.workdirPathFrom(snakefile, '.'),
      snakefile: this.workdirPathFrom(snakefile, posix.basename(snakefile)),
      main_snakefile: this.workdirPathFrom(snakefile, posix.basename(snakefile)),
      cores: 1,
      nodes: 1,
      config: ctx.config,
      use_conda: false,
      use_singularity: false,
      use_apptainer: false,
      overwrite_configfiles: new PyList(this.options.configFiles),
    });
    workflow.attrs.set('source_path', new PyBuiltin('source_path', (a) => this.workdirPathFrom(str(g.get('__snakefile__') ?? snakefile), str(a[0]!))));
    workflow.attrs.set('get_rule', new PyBuiltin('get_rule', (a) => this.ruleProxy(ctx.rules.get(str(a[0]!))) ?? null));
    g.set('workflow', workflow);
    g.set('__name__', '__main__');
  }

  // --- config and validation -------------------------------------------------------------------------

  /** Loads a YAML/JSON config file (path relative to the current directory) into `config`. */
  private loadConfigFile(hostPath: string, config: PyDict, pos: A.Pos | undefined): boolean {
    const text = this.options.readFile(hostPath);
    if (text === undefined) return false;
    let data: unknown;
    try {
      data = parseYaml(text);
    } catch (e) {
      throw new PyError('WorkflowError', `Config file ${hostPath} is not valid YAML or JSON: ${(e as Error).message.split('\n')[0]}`, pos);
    }
    const d = fromJs(data ?? {});
    if (!(d instanceof PyDict)) throw new PyError('WorkflowError', `Config file ${hostPath} must hold a mapping`, pos);
    updateConfig(config, d);
    return true;
  }

  /** snakemake.utils.validate: JSON Schema (YAML or JSON), defaults filled in, data frames row by row. */
  private validate(data: PyValue, schemaPath: string, setDefault: boolean): PyValue {
    const file = posix.normalize(posix.join(posix.dirname(this.interpreter.file), schemaPath));
    const text = this.options.readFile(file);
    if (text === undefined) throw new PyError('WorkflowError', `validate(): cannot read schema ${schemaPath} (looked for ${file})`);
    const schema = parseYaml(text) as object;
    const check = compileSchema(schema, { useDefaults: setDefault });
    const fail = (what: string, errors: unknown) => {
      const first = (errors as { instancePath: string; message: string }[] | null | undefined)?.[0];
      throw new PyError('WorkflowError', `ValidationError: ${what} does not match ${schemaPath}: ${first ? `${first.instancePath || 'the data'} ${first.message}` : 'invalid'}`);
    };
    if (data instanceof DataFrame) {
      data.rows.forEach((row, i) => {
        const record = Object.fromEntries(data.columns.map((c, j) => [c, toJs(row[j]!) === null ? undefined : toJs(row[j]!)]));
        if (!check(record)) fail(`row ${i} of the data frame`, check.errors);
        if (setDefault) for (const [k, v] of Object.entries(record)) if (!data.columns.includes(k)) data.setitem(k, data.rows.map(() => fromJs(v)) as unknown as PyValue);
      });
      return null;
    }
    const plain = toJs(data);
    if (!check(plain)) fail('config', check.errors);
    if (setDefault && data instanceof PyDict) updateConfig(data, fromJs(plain) as PyDict);
    return null;
  }

  // --- Snakemake statements --------------------------------------------------------------------------

  private smk(stmt: A.SmkStmt, scope: Scope, file: string): void {
    switch (stmt.kind) {
      case 'rule':
        this.defineRule(stmt, scope, file);
        return;
      case 'global-directive':
        this.globalDirective(stmt, scope, file);
        return;
      case 'module':
        this.ctx.modules.set(stmt.name, { directives: stmt.directives, scope, file });
        return;
      case 'use':
        this.useRule(stmt, scope, file);
        return;
      case 'handler':
        this.result.notes.push({ construct: `${stmt.name} handler`, reason: 'runs only inside Snakemake', span: this.span(stmt.pos, file) });
        return;
    }
  }

  private args(a: A.Args, scope: Scope): { positional: PyValue[]; named: [string, PyValue][] } {
    const positional: PyValue[] = [];
    for (const e of a.args) {
      if (e.kind === 'starred') positional.push(...iterate(this.interpreter.eval(e.value, scope)));
      else positional.push(this.interpreter.eval(e, scope));
    }
    const named: [string, PyValue][] = [];
    for (const k of a.keywords) {
      const v = this.interpreter.eval(k.value, scope);
      if (k.name !== null) named.push([k.name, v]);
      else if (v instanceof PyDict) for (const [key, val] of v.entries.values()) named.push([str(key), val]);
    }
    return { positional, named };
  }

  private globalDirective(d: A.GlobalDirective, scope: Scope, file: string): void {
    const raw = () => this.args(d.args, scope);
    switch (d.name) {
      case 'include': {
        const target = str(raw().positional[0] ?? '');
        if (/^[a-z]+:\/\//.test(target) || target.startsWith('github:')) throw new Unsupported(`include of a remote Snakefile (${target})`, d.pos, file);
        const path = posix.normalize(posix.join(posix.dirname(file), target));
        if (this.included.has(path)) return; // Snakemake ignores a second include of a file
        this.included.add(path);
        const text = this.options.readFile(path);
        if (text === undefined) throw new PyError('WorkflowError', `include: cannot read ${target} (looked for ${path})`, d.pos, file);
        // Rules of included files never become the default target (Snakemake restores it afterwards).
        const defaultTarget = this.result.defaultTarget;
        this.runSnakefile(path, text, this.ctx);
        this.result.defaultTarget = defaultTarget;
        return;
      }
      case 'configfile': {
        const target = str(raw().positional[0] ?? '');
        const loaded = this.loadConfigFile(this.hostPath(target), this.ctx.config, d.pos);
        if (!loaded && this.options.configFiles.length === 0) {
          throw new PyError('WorkflowError', `Workflow defines configfile ${target} but it is not present or accessible.`, d.pos, file);
        }
        updateConfig(this.ctx.config, this.overwriteConfig);
        markConfig(this.ctx.config);
        return;
      }
      case 'localrules':
        return;
      case 'ruleorder': {
        const names = ruleOrderNames(d.args);
        if (!names) throw new PyError('WorkflowError', 'ruleorder: write rule names separated by >', d.pos, file);
        this.result.ruleOrder.push(names);
        return;
      }
      case 'wildcard_constraints':
        for (const [k, v] of raw().named) this.result.globalConstraints.set(k, str(v));
        return;
      case 'container':
        this.result.globalContainer = str(raw().positional[0] ?? '');
        return;
      case 'workdir':
        this.result.notes.push({ construct: 'workdir:', reason: 'ignored: pass --directory instead', span: this.span(d.pos, file) });
        return;
      case 'pepfile':
        throw new Unsupported('pepfile: (portable encapsulated projects)', d.pos, file);
      default:
        if (IGNORED_GLOBAL.has(d.name)) return;
        this.bag.warning('SMK015', `directive ${d.name}: is not understood and is ignored`, this.span(d.pos, file));
    }
  }

  private defineRule(def: A.RuleDef, scope: Scope, file: string): void {
    const name = def.name ?? String(++this.ruleCounter);
    const rule: Rule = {
      name,
      checkpoint: def.checkpoint,
      index: this.ctx.rules.size,
      span: this.span(def.pos, file),
      snakefile: file,
      globals: scope,
      input: [],
      output: [],
      log: [],
      params: [],
      resources: new Map(),
      envmodules: [],
      localrule: false,
      defaultTarget: false,
      wildcardConstraints: new Map(),
      outputs: [],
    };
    this.applyDirectives(rule, def.directives, scope, file);
    this.register(rule, def.pos, file);
  }

  private register(rule: Rule, pos: A.Pos, file: string): void {
    const rules = this.ctx.rules;
    if (rules.has(rule.name)) throw new PyError('RuleException', `The name ${rule.name} is already used by another rule`, pos, file);
    rule.index = rules.size;
    rule.outputs = rule.output.flatMap((i) => flattenItems(i.value)).map((v) => (v instanceof Flagged ? v : new Flagged(str(v), new Set())));
    checkWildcards(rule, pos, file);
    rules.set(rule.name, rule);
    if (rules === this.result.rules && (this.result.defaultTarget === undefined || rule.defaultTarget)) this.result.defaultTarget = rule.name;
  }

  private applyDirectives(rule: Rule, directives: A.Directive[], scope: Scope, file: string): void {
    for (const d of directives) {
      if (d.name === 'run') {
        rule.run = d.body ?? [];
        continue;
      }
      const { positional, named } = this.args(d.args!, scope);
      const first = positional[0];
      if (RULE_LIST_DIRECTIVES.has(d.name)) {
        const items: RuleItem[] = [...positional.map((value) => ({ value })), ...named.map(([n, value]) => ({ name: n, value }))];
        (rule as unknown as Record<string, RuleItem[]>)[d.name] = items;
        continue;
      }
      switch (d.name) {
        case 'benchmark':
          rule.benchmark = first ?? null;
          break;
        case 'threads':
          rule.threads = first ?? null;
          break;
        case 'resources':
          rule.resources = new Map(named);
          break;
        case 'priority':
          rule.priority = first ?? null;
          break;
        case 'message':
          rule.message = first ?? null;
          break;
        case 'shell':
          rule.shell = str(first ?? '');
          break;
        case 'script':
          rule.script = this.workdirPathFrom(file, str(first ?? ''));
          break;
        case 'wrapper':
          rule.wrapper = str(first ?? '');
          break;
        case 'notebook':
          rule.notebook = this.workdirPathFrom(file, str(first ?? ''));
          break;
        case 'conda':
          rule.conda = typeof first === 'string' && /\.ya?ml$/.test(first) ? this.workdirPathFrom(file, first) : first ?? null;
          break;
        case 'container':
        case 'singularity':
          rule.container = first ?? null;
          break;
        case 'envmodules':
          rule.envmodules = positional.map((x) => str(x));
          break;
        case 'group':
          rule.group = first ?? null;
          break;
        case 'retries':
          rule.retries = Number(first ?? 0);
          break;
        case 'localrule':
          rule.localrule = truthy(first ?? false);
          break;
        case 'default_target':
          rule.defaultTarget = truthy(first ?? false);
          break;
        case 'wildcard_constraints':
          rule.wildcardConstraints = new Map(named.map(([k, v]) => [k, str(v)]));
          break;
        case 'name':
          rule.name = str(first ?? rule.name);
          break;
        case 'cache':
        case 'handover':
        case 'shadow':
        case 'version':
        case 'template_engine':
        case 'cwl':
          this.result.notes.push({ construct: `${d.name}: in rule ${rule.name}`, reason: 'has no equivalent outside Snakemake', span: this.span(d.pos, file) });
          break;
        default:
          this.bag.warning('SMK015', `directive ${d.name}: is not understood and is ignored`, this.span(d.pos, file));
      }
    }
  }

  // --- modules and use rule --------------------------------------------------------------------------

  private useRule(u: A.UseRule, scope: Scope, file: string): void {
    let source: Map<string, Rule>;
    if (u.from !== undefined) {
      const m = this.ctx.modules.get(u.from);
      if (!m) throw new PyError('WorkflowError', `use rule ... from ${u.from}: no module named ${u.from} is defined`, u.pos, file);
      source = m.loaded ??= this.loadModule(u.from, m);
    } else source = this.ctx.rules;
    const selected = u.rules.includes('*') ? [...source.keys()].filter((n) => !u.exclude.includes(n)) : u.rules;
    for (const name of selected) {
      const base = source.get(name);
      if (!base) {
        const known = [...source.keys()].slice(0, 8).join(', ');
        throw new PyError('KeyError', `use rule ${name}${u.from ? ` from ${u.from}` : ''}: no such rule (rules: ${known})`, u.pos, file);
      }
      const newName = u.as === undefined ? name : u.as.includes('*') ? u.as.replace('*', name) : u.as;
      if (u.from === undefined && newName === name) throw new PyError('WorkflowError', `use rule ${name} as ${name}: give the new rule another name`, u.pos, file);
      const copy: Rule = {
        ...base,
        name: newName,
        input: [...base.input],
        output: [...base.output],
        log: [...base.log],
        params: [...base.params],
        resources: new Map(base.resources),
        wildcardConstraints: new Map(base.wildcardConstraints),
        span: this.span(u.pos, file),
      };
      this.applyDirectives(copy, u.directives, scope, file);
      this.register(copy, u.pos, file);
    }
  }

  private loadModule(name: string, m: { directives: A.Directive[]; scope: Scope; file: string }): Map<string, Rule> {
    let snakefile: string | undefined;
    const config = new PyDict();
    for (const d of m.directives) {
      const { positional } = this.args(d.args ?? { args: [], keywords: [] }, m.scope);
      if (d.name === 'snakefile') snakefile = str(positional[0] ?? '');
      else if (d.name === 'config' && positional[0] instanceof PyDict) updateConfig(config, positional[0]);
      else if (d.name === 'meta_wrapper') throw new Unsupported(`module ${name}: meta_wrapper`, d.pos, m.file);
      else if (d.name === 'prefix' || d.name === 'replace_prefix') throw new Unsupported(`module ${name}: ${d.name}`, d.pos, m.file);
    }
    if (snakefile === undefined) throw new PyError('WorkflowError', `module ${name} has no snakefile:`);
    if (/^[a-z]+:/.test(snakefile)) throw new Unsupported(`module ${name}: a remote snakefile (${snakefile})`);
    const path = posix.normalize(posix.join(posix.dirname(m.file), snakefile));
    const text = this.options.readFile(path);
    if (text === undefined) throw new PyError('WorkflowError', `module ${name}: cannot read ${snakefile} (looked for ${path})`);
    const ctx: Context = { rules: new Map(), globals: { vars: new Map() }, modules: new Map(), config };
    this.installGlobals(ctx, path);
    this.contexts.push(ctx);
    try {
      this.runSnakefile(path, text, ctx);
    } finally {
      this.contexts.pop();
    }
    return ctx.rules;
  }

  // --- rules.X and checkpoints.X ---------------------------------------------------------------------

  private ruleProxy(rule: Rule | undefined): PyValue | undefined {
    if (!rule) return undefined;
    const list = (items: RuleItem[]) => Namedlist.fromPairs(items.map((i) => [i.name, flattenItems(i.value)]));
    return new PyNamespace('RuleProxy', {
      name: rule.name,
      input: list(rule.input),
      output: list(rule.output),
      log: list(rule.log),
      params: list(rule.params),
      benchmark: rule.benchmark ?? null,
    });
  }

  private checkpointProxy(rule: Rule): PyValue {
    const getter = this.result.checkpointGet;
    return new PyNamespace('Checkpoint', {
      get: new PyBuiltin('get', (_a, kw) => {
        if (!getter.resolve) throw new PyError('WorkflowError', `checkpoints.${rule.name}.get() can only be used inside an input function`);
        return getter.resolve(rule, new Map([...kw].map(([k, v]) => [k, str(v)])));
      }),
      rule: this.ruleProxy(rule)!,
    });
  }
}

/** `ruleorder: a > b > c` parses as a chained comparison of names. */
function ruleOrderNames(a: A.Args): string[] | undefined {
  const e = a.args[0];
  if (!e) return undefined;
  if (e.kind === 'name') return [e.id];
  if (e.kind === 'compare' && e.ops.every((o) => o === '>') && e.left.kind === 'name' && e.comparators.every((c) => c.kind === 'name')) {
    return [e.left.id, ...e.comparators.map((c) => (c as A.NameExpr).id)];
  }
  return undefined;
}

/** Items of an input/output entry, lists flattened; callables stay as they are. */
export function flattenItems(v: PyValue): PyValue[] {
  if (v instanceof PyList || v instanceof PyTuple || v instanceof Namedlist) return iterate(v).flatMap(flattenItems);
  return [v];
}

/** Snakemake's rule: all output, log and benchmark files carry the same wildcards. */
function checkWildcards(rule: Rule, pos: A.Pos, file: string): void {
  const names = (v: PyValue) => (typeof v === 'string' || v instanceof Flagged ? wildcardNames(str(v)).sort().join(',') : undefined);
  const sets = [...rule.outputs.map(names), ...rule.log.flatMap((i) => flattenItems(i.value)).map(names), ...(rule.benchmark ? [names(rule.benchmark)] : [])].filter((x) => x !== undefined);
  if (new Set(sets).size > 1) {
    throw new PyError('SyntaxError', `Not all output, log and benchmark files of rule ${rule.name} contain the same wildcards. This is crucial though, in order to avoid that two or more jobs write to the same file.`, pos, file);
  }
}
