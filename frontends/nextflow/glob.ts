// Globs as Nextflow's file(), files() and Channel.fromPath read them: `*` and `?` within a name,
// `**` across directories, `{a,b}` alternatives, `[abc]` classes. Hidden files only when asked.

import * as posix from 'node:path/posix';

export interface GlobHost {
  list(dir: string): string[] | undefined;
  stat(path: string): 'file' | 'dir' | undefined;
}

/** A regex for a glob; with `captureStars`, each `*` is a group (fromFilePairs takes its key from them). */
export function globRegex(glob: string, captureStars = false): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      re += '.*';
      i++;
      if (glob[i + 1] === '/') i++;
    } else if (c === '*') re += captureStars ? '([^/]*)' : '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '{') {
      const end = glob.indexOf('}', i);
      if (end < 0) re += '\\{';
      else {
        re += `(?:${glob.slice(i + 1, end).split(',').map(escape).join('|')})`;
        i = end;
      }
    } else if (c === '[') {
      const end = glob.indexOf(']', i);
      if (end < 0) re += '\\[';
      else {
        re += glob.slice(i, end + 1).replace(/^\[!/, '[^');
        i = end;
      }
    } else re += escape(c);
  }
  return new RegExp(`^${re}$`);
}

function escape(s: string): string {
  return s.replace(/[.+^$()|\\]/g, '\\$&');
}

/** Files matching `pattern`, relative as the pattern is, sorted. */
export function listGlob(pattern: string, host: GlobHost, hidden = false): string[] {
  const parts = pattern.split('/');
  const fixed: string[] = [];
  while (parts.length > 1 && !/[*?[{]/.test(parts[0]!)) fixed.push(parts.shift()!);
  const root = fixed.join('/') || (pattern.startsWith('/') ? '/' : '.');
  const re = globRegex(parts.join('/'));
  const deep = parts.some((p) => p.includes('**')) || parts.length > 1;
  const out: string[] = [];
  const walk = (dir: string, rel: string, depth: number) => {
    const names = host.list(dir);
    if (!names || depth > 20) return;
    for (const name of [...names].sort()) {
      if (!hidden && name.startsWith('.')) continue;
      const path = dir === '.' ? name : `${dir}/${name}`;
      const relPath = rel === '' ? name : `${rel}/${name}`;
      const kind = host.stat(path);
      if (kind === 'file' && re.test(relPath)) out.push(root === '.' && !pattern.startsWith('./') ? relPath : posix.join(root, relPath));
      else if (kind === 'dir' && deep) walk(path, relPath, depth + 1);
    }
  };
  walk(root, '', 0);
  return out.sort();
}
