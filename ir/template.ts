// File name patterns and wfc command templates: `{name}` placeholders, `{{` and `}}` for braces.

export type Segment = { text: string } | { ref: string };

/** Splits a template into literal text and `{ref}` placeholders. Returns an error for a lone brace. */
export function parseTemplate(template: string): Segment[] | { error: string } {
  const out: Segment[] = [];
  let text = '';
  for (let i = 0; i < template.length; i++) {
    const ch = template[i]!;
    if ((ch === '{' || ch === '}') && template[i + 1] === ch) {
      text += ch;
      i++;
    } else if (ch === '{') {
      const end = template.indexOf('}', i);
      if (end < 0) return { error: `"{" at position ${i + 1} is not closed` };
      const ref = template.slice(i + 1, end).trim();
      if (ref === '' || ref.includes('{')) return { error: `"{${ref}}" is not a placeholder` };
      if (text) out.push({ text });
      text = '';
      out.push({ ref });
      i = end;
    } else if (ch === '}') {
      return { error: `"}" at position ${i + 1} has no "{"` };
    } else text += ch;
  }
  if (text) out.push({ text });
  return out;
}

/** The placeholders of a pattern, in order of first appearance. */
export function placeholders(segments: readonly Segment[]): string[] {
  return [...new Set(segments.flatMap((s) => ('ref' in s ? [s.ref] : [])))];
}

/**
 * Every file name a pattern denotes for one job: placeholders bound by the job take its item; the
 * others range over all items of their domain (in the domain's order, first placeholder outermost).
 * Returns a function of the job's binding, prepared once per pattern for speed on large fan-outs.
 */
export function expander(
  segments: readonly Segment[],
  bound: readonly string[],
  values: (domain: string) => readonly string[],
): (binding: Readonly<Record<string, string>>) => string[] {
  const free = placeholders(segments).filter((p) => !bound.includes(p));
  const fill = (point: Readonly<Record<string, string>>) => {
    let name = '';
    for (const s of segments) name += 'ref' in s ? point[s.ref]! : s.text;
    return name;
  };
  if (free.length === 0) return (binding) => [fill(binding)];
  return (binding) => {
    let points: Record<string, string>[] = [{ ...binding }];
    for (const d of free) points = points.flatMap((p) => values(d).map((v) => ({ ...p, [d]: v })));
    return points.map(fill);
  };
}
