// WfFormat's convention for task types, shared by its reader (frontends/wfformat) and its writer
// (backends/wfformat): WfFormat 1.5 has no field for the type of a task.

export interface TaskNaming {
  id: string;
  name: string;
  /** 1.4 `category`, when the trace has one. */
  category?: string;
  program?: string;
}

/**
 * The task type. 1.4 traces record it (`category`). In 1.5 it is not a field: Nextflow traces name a
 * task by its process (`name` ≠ `id`); Pegasus and Makeflow traces repeat the id as name and keep the
 * type as the program (`mProject`), or failing that as the id without its `_ID0000001` suffix.
 */
export function taskTypeOf(task: TaskNaming): string {
  if (task.category) return task.category;
  if (task.name !== task.id) return task.name;
  const program = task.program;
  if (program && !/\s/.test(program)) return program.split('/').pop() || program;
  return task.id.replace(/_ID\d+$/, '').replace(/_\d+$/, '') || task.id;
}
