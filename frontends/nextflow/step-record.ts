// What the run records of each process call, for lowering: the step with its ports and the
// channels feeding them, and — where the data is known — its tasks.

import type { PortSource, Span } from '../../ir/types.js';
import type { ProcessDef } from './processes.js';
import type { NfPath, Value } from './values.js';

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
