// Small helpers for messages.

/** `count(1, 'file')` → "1 file"; `count(3, 'file')` → "3 files". */
export function count(n: number, noun: string, plural = `${noun}s`): string {
  return `${thousands(n)} ${n === 1 ? noun : plural}`;
}

/** `12345` → "12,345" (toLocaleString loads ICU data: slow on first use). */
export function thousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
