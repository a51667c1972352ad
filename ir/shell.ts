// The one place that quotes values for POSIX shells. Every path, name or argument wfc itself places
// into a script goes through `shq`.

const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** Quotes `value` so that a POSIX shell reads it back as exactly one word equal to `value`. */
export function shq(value: string): string {
  if (value !== '' && SAFE.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** Quotes each word and joins them with spaces. */
export function shJoin(words: readonly string[]): string {
  return words.map(shq).join(' ');
}

/**
 * Like `shq`, but the result holds no line break or other control character, so that values stay
 * one per line in line-oriented files. Uses bash's `$'...'` quoting for such values: for bash only.
 */
export function shqLine(value: string): string {
  if (!/[\x00-\x1f\x7f]/.test(value)) return shq(value);
  const escaped = value.replace(/[\\'\x00-\x1f\x7f]/g, (c) => {
    if (c === '\\') return '\\\\';
    if (c === "'") return "\\'";
    if (c === '\n') return '\\n';
    if (c === '\t') return '\\t';
    return `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
  });
  return `$'${escaped}'`;
}
