import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shJoin, shq } from '../../ir/shell.js';

/** Asks a real POSIX shell to print its arguments, one per NUL-terminated record. */
function wordsSeenBySh(command: string): string[] {
  const out = execFileSync('/bin/sh', ['-c', `printf '%s\\0' ${command}`], { encoding: 'utf8' });
  return out.split('\0').slice(0, -1);
}

describe('shq', () => {
  it('leaves plain words alone and quotes the rest', () => {
    expect(shq('tile_0.fits')).toBe('tile_0.fits');
    expect(shq('')).toBe("''");
    expect(shq("it's")).toBe("'it'\\''s'");
    expect(shq('$(rm -rf /)')).toBe("'$(rm -rf /)'");
  });

  it('makes sh read back exactly the words given (fast-check, real /bin/sh)', () => {
    const word = fc.string({ unit: fc.oneof(fc.constantFrom(...' \'"$`\\!*?[]{}();&|<>~#\t\n-=%'), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), fc.constantFrom('é', '名', '🙂')) });
    fc.assert(
      fc.property(fc.array(word.filter((w) => !w.includes('\0')), { minLength: 1, maxLength: 5 }), (words) => {
        expect(wordsSeenBySh(shJoin(words))).toEqual(words);
      }),
      { numRuns: 60 },
    );
  });
});
