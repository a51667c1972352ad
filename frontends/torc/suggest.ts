// "Did you mean ...?" for names that do not resolve: the known name closest in edits, when it is
// close enough to be a typo rather than a different name.

/** Edits (insert, delete, replace, swap of neighbours) from `a` to `b`, or more than `limit`. */
function distance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2]! + 1);
      row.push(d);
      best = Math.min(best, d);
    }
    if (best > limit) return limit + 1;
    prev2 = prev;
    prev = row;
  }
  return prev[b.length]!;
}

/**
 * The candidate closest to `name`, if one is within a third of its length in edits (at least 1, at
 * most 3), else the shortest that begins with it.
 */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
  // A suggestion is worth a glance at the first 50,000 names, not a pass over a million.
  const list = [...candidates].slice(0, 50_000);
  const limit = Math.min(3, Math.max(1, Math.floor(name.length / 3)));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const c of list) {
    const d = distance(name.toLowerCase(), c.toLowerCase(), limit);
    if (d < bestDistance || (d === bestDistance && best !== undefined && c < best)) {
      best = c;
      bestDistance = d;
    }
  }
  if (best !== undefined || name.length < 3) return best;
  // A name cut short (`depends` for `depends_on`): the shortest candidate it begins.
  const lower = name.toLowerCase();
  for (const c of list) if (c.toLowerCase().startsWith(lower) && (best === undefined || c.length < best.length)) best = c;
  return best;
}

/** A hint naming the closest candidate, or `otherwise`. */
export function didYouMean(name: string, candidates: Iterable<string>, otherwise: string): string {
  const c = closest(name, candidates);
  return c === undefined ? otherwise : `did you mean "${c}"? ${otherwise}`;
}
