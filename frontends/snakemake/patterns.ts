// Snakemake's file patterns: `results/{sample}.bam`, `{sample,[A-Z]+}`, matching a file name to get
// wildcard values, and filling wildcards in.

import { PyError } from './python/values.js';

/** `{name}` or `{name,constraint}`, where the constraint may hold one level of `{m,n}`. */
const WILDCARD = /\{\s*(\w+)\s*(?:,\s*((?:[^{}]+|\{\d+(?:,\d+)?\})*))?\s*\}/g;

export interface PatternPart {
  text?: string;
  wildcard?: string;
  constraint?: string;
}

const parsedCache = new Map<string, PatternPart[]>();

export function parsePattern(pattern: string): PatternPart[] {
  let parts = parsedCache.get(pattern);
  if (parts) return parts;
  parts = [];
  let last = 0;
  for (const m of pattern.matchAll(WILDCARD)) {
    if (m.index! > last) parts.push({ text: pattern.slice(last, m.index) });
    const part: PatternPart = { wildcard: m[1]! };
    if (m[2] !== undefined) part.constraint = m[2].trim();
    parts.push(part);
    last = m.index! + m[0].length;
  }
  if (last < pattern.length) parts.push({ text: pattern.slice(last) });
  if (parsedCache.size > 100_000) parsedCache.clear();
  parsedCache.set(pattern, parts);
  return parts;
}

export function wildcardNames(pattern: string): string[] {
  return [...new Set(parsePattern(pattern).flatMap((p) => (p.wildcard ? [p.wildcard] : [])))];
}

export function hasWildcards(pattern: string): boolean {
  return parsePattern(pattern).some((p) => p.wildcard !== undefined);
}

/** Python's regex dialect → JavaScript's, for the constructs constraints use. */
export function pythonRegex(re: string): string {
  return re.replace(/\(\?P<(\w+)>/g, '(?<$1>').replace(/\(\?P=(\w+)\)/g, '\\k<$1>');
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * The regular expression Snakemake matches file names against: a wildcard's first occurrence
 * captures (with its constraint, or `.+`), later ones must repeat the same text.
 */
export function patternRegex(pattern: string, constraints: ReadonlyMap<string, string>): RegExp {
  const seen = new Set<string>();
  let src = '^';
  for (const p of parsePattern(pattern)) {
    if (p.text !== undefined) src += escapeRegex(p.text);
    else if (seen.has(p.wildcard!)) src += `\\k<${p.wildcard}>`;
    else {
      seen.add(p.wildcard!);
      src += `(?<${p.wildcard}>${pythonRegex(p.constraint ?? constraints.get(p.wildcard!) ?? '.+')})`;
    }
  }
  try {
    return new RegExp(`${src}$`, 's');
  } catch (e) {
    throw new PyError('WorkflowError', `the wildcard constraints of ${JSON.stringify(pattern)} are not a valid regular expression: ${(e as Error).message}`);
  }
}

/** Fills wildcards in; a wildcard with no value raises Snakemake's WildcardError, or stays when `keepMissing`. */
export function applyWildcards(pattern: string, values: ReadonlyMap<string, string>, keepMissing = false): string {
  let out = '';
  for (const p of parsePattern(pattern)) {
    if (p.text !== undefined) {
      out += p.text;
      continue;
    }
    const v = values.get(p.wildcard!);
    if (v !== undefined) out += v;
    else if (keepMissing) out += p.constraint !== undefined ? `{${p.wildcard},${p.constraint}}` : `{${p.wildcard}}`;
    else throw new PyError('WildcardError', `Wildcards in input files cannot be determined from output files:\n'${p.wildcard}'`);
  }
  return out;
}

/** `{{x}}` in expand() and params stands for a literal `{x}` left for later formatting. */
export function unescapeBraces(s: string): string {
  return s.replace(/\{\{/g, '{').replace(/\}\}/g, '}');
}
