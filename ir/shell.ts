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
