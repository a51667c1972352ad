// Small helpers for messages.

/** `count(1, 'file')` → "1 file"; `count(3, 'file')` → "3 files". */
export function count(n: number, noun: string, plural = `${noun}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? noun : plural}`;
}
