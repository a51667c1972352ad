// Python string literals: prefixes, quotes, escapes, and the fields of f-strings.

export interface DecodedString {
  /** Literal text, or for an f-string the parts between fields. */
  parts: (string | RawField)[];
  bytes: boolean;
  fstring: boolean;
}

/** An f-string field before its expression is parsed: the source text and where it starts. */
export interface RawField {
  expr: string;
  /** Offset of `expr` in the token's image. */
  offset: number;
  conversion?: 's' | 'r' | 'a';
  spec?: (string | RawField)[];
  selfDoc?: string;
}

export class StringSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

const SIMPLE_ESCAPES: Record<string, string> = { '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

/** Decodes one string token's image (prefix and quotes included). */
export function decodeString(image: string): DecodedString {
  const m = /^([rRbBuUfF]*)('''|"""|'|")/.exec(image)!;
  const prefix = m[1]!.toLowerCase();
  const quote = m[2]!;
  const start = m[0].length;
  const body = image.slice(start, image.length - quote.length);
  const raw = prefix.includes('r');
  const fstring = prefix.includes('f');
  const bytes = prefix.includes('b');
  if (!fstring) return { parts: [raw ? body : unescape(body)], bytes, fstring };
  return { parts: fieldsOf(body, start, raw), bytes, fstring };
}

function unescape(s: string): string {
  if (!s.includes('\\')) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (ch !== '\\' || i === s.length - 1) {
      out += ch;
      continue;
    }
    const next = s[++i]!;
    if (next in SIMPLE_ESCAPES) out += SIMPLE_ESCAPES[next];
    else if (next === '\n') continue;
    else if (next === '\r') {
      if (s[i + 1] === '\n') i++;
    } else if (next === 'x' && /^[0-9a-fA-F]{2}/.test(s.slice(i + 1))) {
      out += String.fromCharCode(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (next === 'u' && /^[0-9a-fA-F]{4}/.test(s.slice(i + 1))) {
      out += String.fromCharCode(parseInt(s.slice(i + 1, i + 5), 16));
      i += 4;
    } else if (next === 'U' && /^[0-9a-fA-F]{8}/.test(s.slice(i + 1))) {
      out += String.fromCodePoint(parseInt(s.slice(i + 1, i + 9), 16));
      i += 8;
    } else if (/[0-7]/.test(next)) {
      const oct = /^[0-7]{1,3}/.exec(s.slice(i))![0];
      out += String.fromCharCode(parseInt(oct, 8));
      i += oct.length - 1;
    } else out += `\\${next}`; // unknown escapes keep their backslash, as Python does
  }
  return out;
}

/** Splits an f-string body into literal text and fields; `base` is the body's offset in the image. */
function fieldsOf(body: string, base: number, raw: boolean): (string | RawField)[] {
  const parts: (string | RawField)[] = [];
  let text = '';
  const flush = () => {
    if (text) parts.push(raw ? text : unescape(text));
    text = '';
  };
  let i = 0;
  while (i < body.length) {
    const ch = body[i]!;
    if (ch === '{' && body[i + 1] === '{') {
      text += '{';
      i += 2;
    } else if (ch === '}' && body[i + 1] === '}') {
      text += '}';
      i += 2;
    } else if (ch === '}') {
      throw new StringSyntaxError("f-string: single '}' is not allowed", base + i);
    } else if (ch === '{') {
      flush();
      const [field, end] = readField(body, i + 1, base, raw);
      parts.push(field);
      i = end + 1;
    } else {
      text += ch;
      i++;
    }
  }
  flush();
  return parts;
}

/** Reads a field starting after `{`; returns it and the index of its closing `}`. */
function readField(body: string, from: number, base: number, raw: boolean): [RawField, number] {
  let depth = 0;
  let i = from;
  let quote: string | undefined;
  // The expression runs to a `!`, `:`, `=` or `}` at bracket depth 0, outside string literals.
  for (; i < body.length; i++) {
    const ch = body[i]!;
    if (quote) {
      if (ch === '\\') i++;
      else if (body.startsWith(quote, i)) {
        i += quote.length - 1;
        quote = undefined;
      }
      continue;
    }
    if (ch === "'" || ch === '"') {
      quote = body.startsWith(ch.repeat(3), i) ? ch.repeat(3) : ch;
      i += quote.length - 1;
    } else if ('([{'.includes(ch)) depth++;
    else if (')]}'.includes(ch) && depth > 0) depth--;
    else if (depth === 0 && (ch === '}' || ch === ':' || (ch === '!' && body[i + 1] !== '='))) break;
    else if (depth === 0 && ch === '=' && !'=!<>'.includes(body[i - 1] ?? '') && body[i + 1] !== '=') break;
  }
  let expr = body.slice(from, i);
  if (expr.trim() === '') throw new StringSyntaxError('f-string: empty expression not allowed', base + from);
  const field: RawField = { expr, offset: base + from };
  if (body[i] === '=') {
    field.selfDoc = `${expr}=`;
    i++;
  }
  expr = expr.trimEnd();
  field.expr = expr;
  if (body[i] === '!') {
    const c = body[i + 1];
    if (c !== 's' && c !== 'r' && c !== 'a') throw new StringSyntaxError('f-string: invalid conversion character', base + i);
    field.conversion = c;
    i += 2;
  }
  if (body[i] === ':') {
    // The format spec runs to the matching `}` and may hold nested fields.
    let j = i + 1;
    let nest = 0;
    for (; j < body.length; j++) {
      if (body[j] === '{') nest++;
      else if (body[j] === '}') {
        if (nest === 0) break;
        nest--;
      }
    }
    field.spec = fieldsOf(body.slice(i + 1, j), base + i + 1, raw);
    i = j;
  }
  if (body[i] !== '}') throw new StringSyntaxError("f-string: expecting '}'", base + i);
  return [field, i];
}
