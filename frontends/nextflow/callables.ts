// Processes and workflows as script values: a name a script can call, include or alias. The
// definition behind each value stays on wfc's side, so the interpreter sees only an object.

import type * as A from './ast.js';
import type { ProcessDef } from './processes.js';
import { GObject, type Scope, type Value } from './values.js';

export interface WorkflowDef {
  name: string;
  file: string;
  body: A.Stmt[];
  pos: A.Pos;
  /** The scope of the script that declares it. */
  scope: Scope;
}

export class Callables {
  /** What each process and workflow object stands for. */
  private readonly definitions = new WeakMap<GObject, ProcessDef | WorkflowDef>();

  processObject(def: ProcessDef, name: string): GObject {
    const o = new GObject('Process', new Map<string, Value>([['name', name]]));
    this.definitions.set(o, def);
    return o;
  }

  workflowObject(def: WorkflowDef, name: string): GObject {
    const o = new GObject('Workflow', new Map<string, Value>([['name', name]]));
    this.definitions.set(o, def);
    return o;
  }

  /** The same definition under an alias (`include { X as Y }`): a new object, with its own `.out`. */
  renamed(obj: GObject, alias: string): GObject {
    const def = this.definitions.get(obj)!;
    return 'directives' in def ? this.processObject(def, alias) : this.workflowObject(def, alias);
  }

  definitionOf(obj: GObject): ProcessDef | WorkflowDef | undefined {
    return this.definitions.get(obj);
  }
}
