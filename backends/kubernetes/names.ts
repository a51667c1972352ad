// Names Kubernetes and Argo accept, mapped from IR ids and names without collisions.
//
// Workflow, task, template, PVC and ConfigMap names are all kept to DNS-1123 labels: lowercase
// letters, digits and `-`, starting and ending with a letter or digit, at most 63 characters. That
// is the strictest rule any of them meets (label values, pod host names), so a name that passes
// here passes everywhere. ConfigMap keys are the task's name, which is a valid key too.

export const MAX_LABEL = 63;

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function isDnsLabel(name: string, max = MAX_LABEL): boolean {
  return name.length <= max && DNS_LABEL.test(name);
}

/**
 * `text` as a DNS label: accents dropped (é → e), lowercased, every run of other characters one
 * `-`, cut to `max`. `fallback` when nothing is left (a name made only of symbols or CJK).
 */
export function dnsLabel(text: string, fallback: string, max = MAX_LABEL): string {
  const folded = text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
  const label = cut(folded.replace(/[^a-z0-9]+/g, '-'), max);
  return label === '' ? cut(fallback, max) : label;
}

function cut(text: string, max: number): string {
  return text.slice(0, max).replace(/^-+|-+$/g, '');
}

export interface LabelOptions {
  /** Names never given out. */
  reserved?: readonly string[];
  max?: number;
  /**
   * Start with a letter: Argo refuses DAG task names that start with a digit, which its
   * `depends` expressions would read as numbers. Such names get `fallback-` in front.
   */
  letterFirst?: boolean;
}

/**
 * Maps each key to a unique DNS label after the name it wants. As ir/ids.ts `uniqueNames` does,
 * the mapping depends only on the set of (key, name) pairs: names that are valid labels already
 * keep themselves, in sorted key order; the others are made into labels and, on a clash, numbered
 * `-2`, `-3`, ... (cut so that the number still fits).
 */
export function uniqueLabels(wanted: Iterable<readonly [key: string, name: string]>, fallback: string, options: LabelOptions = {}): Map<string, string> {
  const { reserved = [], max = MAX_LABEL, letterFirst = false } = options;
  const valid = (name: string) => isDnsLabel(name, max) && !(letterFirst && /^[0-9]/.test(name));
  const labelOf = (name: string) => {
    const label = dnsLabel(name, fallback, max);
    return letterFirst && /^[0-9]/.test(label) ? cut(`${fallback}-${label}`, max) : label;
  };
  const byKey = new Map(wanted);
  const map = new Map<string, string>();
  const taken = new Set(reserved);
  // Most often every wanted name is a valid label and distinct: each key then simply gets its name.
  for (const [key, name] of byKey) {
    if (!valid(name) || taken.has(name)) break;
    map.set(key, name);
    taken.add(name);
  }
  if (map.size === byKey.size) return map;
  map.clear();
  taken.clear();
  for (const r of reserved) taken.add(r);
  const keys = [...byKey.keys()].sort();
  for (const key of keys) {
    const name = byKey.get(key)!;
    if (valid(name) && !taken.has(name)) {
      map.set(key, name);
      taken.add(name);
    }
  }
  for (const key of keys) {
    if (map.has(key)) continue;
    const base = labelOf(byKey.get(key)!);
    let candidate = base;
    for (let n = 2; taken.has(candidate); n++) {
      const suffix = `-${n}`;
      candidate = `${cut(base, max - suffix.length)}${suffix}`;
    }
    map.set(key, candidate);
    taken.add(candidate);
  }
  return map;
}

/**
 * Argo parameter names (`{{workflow.parameters.NAME}}`): letters, digits, `_` and `-`. Kept apart
 * from DNS labels because parameters keep the case the source gave them (`-p N=4`).
 */
export const PARAMETER = /[A-Za-z0-9_-]/;
