import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sanitize, uniqueIds, uniqueNames } from '../../ir/ids.js';

const JOB = /[A-Za-z0-9_-]/;

describe('uniqueIds', () => {
  it('gives valid, distinct ids that do not depend on input order', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ maxLength: 12 }), { maxLength: 30 }), (raw) => {
        const m = uniqueIds(raw, JOB);
        const ids = raw.map((r) => m.get(r)!);
        expect(new Set(ids).size).toBe(raw.length);
        for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]+$/);
        expect(uniqueIds([...raw].reverse(), JOB)).toEqual(m);
      }),
    );
  });

  it('keeps ids that are already valid', () => {
    const m = uniqueIds(['a.b', 'a_b', 'x y'], JOB);
    expect(m.get('a_b')).toBe('a_b');
    expect(m.get('a.b')).toBe('a_b_2');
    expect(m.get('x y')).toBe('x_y');
  });
});

describe('uniqueNames', () => {
  it('separates keys that want the same name', () => {
    const m = uniqueNames([['https://h/a.txt', 'a.txt'], ['/a.txt', 'a.txt']], /[A-Za-z0-9_.-]/);
    expect(new Set(m.values()).size).toBe(2);
    expect(m.get('/a.txt')).toBe('a.txt');
  });
});

describe('sanitize', () => {
  it('joins runs of bad characters into one underscore', () => {
    expect(sanitize('full-disk  image!', /[A-Za-z0-9_.-]/)).toBe('full-disk_image');
    expect(sanitize('  ', /[A-Za-z]/)).toBe('');
  });
});
