// Turning names into identifiers a target accepts, without collisions and without depending on the
// order names arrive in.


/** Replaces every run of characters outside `allowed` by `_`, trims `_` at both ends. */
export function sanitize(text: string, allowed: RegExp = /[A-Za-z0-9_.-]/): string {
  let out = '';
  let pendingUnderscore = false;
  for (const ch of text) {
    if (allowed.test(ch)) {
      if (pendingUnderscore && out !== '') out += '_';
      pendingUnderscore = false;
      out += ch;
    } else {
      pendingUnderscore = true;
    }
  }
  return out.replace(/^_+|_+$/g, '');
}

/**
 * Maps each raw id to a unique id made of `allowed` characters. Ids that are already valid keep their
 * name; the others are sanitized and, on a clash, numbered `_2`, `_3`, ... in sorted order of the raw
 * ids, so the mapping depends only on the set of ids.
 */
export function uniqueIds(raw: Iterable<string>, allowed: RegExp, fallback = 'id'): Map<string, string> {
  // Most often every id is valid already: then each keeps its name.
  const valid = wholeMatch(allowed);
  const ids = Array.isArray(raw) ? (raw as string[]) : [...raw];
  const map = new Map<string, string>();
  for (const id of ids) {
    if (!valid.test(id)) return uniqueNames([...new Set(ids)].map((x) => [x, x]), allowed, fallback);
    map.set(id, id);
  }
  return map;
}

/**
 * Like `uniqueIds`, for keys that want a name other than themselves (a file id that wants its base
 * name). Keys whose wanted name is valid and unclaimed get it, in sorted key order; the others get
 * it sanitized and numbered.
 */
export function uniqueNames(wanted: Iterable<[key: string, name: string]>, allowed: RegExp, fallback = 'id'): Map<string, string> {
  const byKey = new Map(wanted);
  const whole = wholeMatch(allowed);
  const valid = (s: string) => whole.test(s);
  // Most often every wanted name is valid and distinct: then every key simply gets its name, in any order.
  const map = new Map<string, string>();
  const taken = new Set<string>();
  for (const [key, name] of byKey) {
    if (!valid(name) || taken.has(name)) break;
    map.set(key, name);
    taken.add(name);
  }
  if (map.size === byKey.size) return map;
  map.clear();
  taken.clear();
  // Default sort compares UTF-16 code units (as compareIds does), and quickly.
  const entries = [...byKey.keys()].sort().map((k) => [k, byKey.get(k)!] as const);
  for (const [key, name] of entries) {
    if (valid(name) && !taken.has(name)) {
      map.set(key, name);
      taken.add(name);
    }
  }
  for (const [key, name] of entries) {
    if (map.has(key)) continue;
    const base = sanitize(name, allowed) || fallback;
    let candidate = base;
    for (let n = 2; taken.has(candidate); n++) candidate = `${base}_${n}`;
    map.set(key, candidate);
    taken.add(candidate);
  }
  return map;
}

/** Matches a whole string made of `allowed` characters. */
function wholeMatch(allowed: RegExp): RegExp {
  return new RegExp(`^(?:${allowed.source})+$`, allowed.flags.replace('g', ''));
}
