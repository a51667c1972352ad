// Large DAGs as DAGs of parts. Argo 4's full CRDs, which it installs by default, let a DAG template
// hold at most 200 tasks (a limit kept for the cost of the API server's CEL validation; the JSON
// schema does not say it). A larger DAG is cut, in topological order, into parts of at most 200
// tasks, each a DAG template of its own; the parts form the DAG above them, again cut if needed.
// Within a part tasks wait for exactly what they need; a task that needs a task of an earlier part
// waits for that whole part, which costs some parallelism but never order.

import { topoOrder } from '../../ir/graph.js';

export const MAX_DAG_TASKS = 200;
/** Argo 4's full CRDs also allow at most 200 templates in a workflow. */
export const MAX_TEMPLATES = 200;

type Task = { name: string; dependencies?: string[]; [key: string]: unknown };

export function partName(n: number): string {
  return `part-${n}`;
}

/** How many part templates nesting `count` tasks makes. */
export function partCount(count: number, max = MAX_DAG_TASKS): number {
  let total = 0;
  for (let n = count; n > max; ) {
    n = Math.ceil(n / max);
    total += n;
  }
  return total;
}

export function nestDag(tasks: Task[], max = MAX_DAG_TASKS): { tasks: Task[]; parts: { name: string; dag: { tasks: Task[] } }[] } {
  const parts: { name: string; dag: { tasks: Task[] } }[] = [];
  let level = tasks;
  while (level.length > max) {
    const order = topological(level);
    const first = parts.length + 1;
    const partOf = new Map<string, number>();
    order.forEach((t, i) => partOf.set(t.name, Math.floor(i / max)));
    const next: Task[] = [];
    for (let p = 0; p * max < order.length; p++) {
      const name = partName(first + p);
      const waits = new Set<number>();
      const inner = order.slice(p * max, (p + 1) * max).map((t) => {
        const { dependencies, ...rest } = t;
        const inside = (dependencies ?? []).filter((d) => partOf.get(d) === p);
        for (const d of dependencies ?? []) if (partOf.get(d) !== p) waits.add(partOf.get(d)!);
        return inside.length > 0 ? { ...rest, dependencies: inside } : (rest as Task);
      });
      parts.push({ name, dag: { tasks: inner } });
      const task: Task = { name, template: name };
      if (waits.size > 0) task.dependencies = [...waits].sort((a, b) => a - b).map((w) => partName(first + w));
      next.push(task);
    }
    level = next;
  }
  return { tasks: level, parts };
}

/**
 * The tasks in the order given when every task comes after those it waits for (tasks follow the
 * workflow's job order, which is), else in a topological order. Given a cycle (check.ts reports
 * it), as given.
 */
function topological(tasks: Task[]): Task[] {
  const seen = new Set<string>();
  let ordered = true;
  for (const t of tasks) {
    if ((t.dependencies ?? []).some((d) => !seen.has(d))) ordered = false;
    seen.add(t.name);
  }
  if (ordered) return tasks;
  const byName = new Map(tasks.map((t) => [t.name, t]));
  const topo = topoOrder([...byName.keys()], tasks.flatMap((t) => (t.dependencies ?? []).map((d) => ({ from: d, to: t.name }))));
  return 'order' in topo ? topo.order.map((n) => byName.get(n)!) : tasks;
}
