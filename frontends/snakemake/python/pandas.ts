// The part of pandas that workflows use to read sample sheets: read_csv/read_table, set_index,
// loc, columns, unique, tolist, index, iteration, isna/dropna. Anything else is "unsupported".

import { compare, eq, iterate, len, repr, str, truthy } from './ops.js';
import { PyBuiltin, PyDict, PyError, PyFloat, PyList, PyNamespace, PyObject, PyTuple, Unsupported, type Kwargs, type PyValue } from './values.js';

type Label = PyValue;

export function isNaN_(v: PyValue): boolean {
  return v === null || (v instanceof PyFloat && Number.isNaN(v.value));
}

function method(name: string, fn: (args: PyValue[], kwargs: Kwargs) => PyValue): PyBuiltin {
  return new PyBuiltin(name, fn);
}

function labelKey(l: Label): string {
  return l instanceof PyTuple ? `(${l.items.map((x) => str(x)).join('\u0000')})` : str(l);
}

export class Index extends PyObject {
  readonly typeName = 'Index';
  constructor(
    readonly labels: Label[],
    readonly names: (string | null)[] = [null],
  ) {
    super();
  }
  get multi(): boolean {
    return this.names.length > 1;
  }
  override iterate(): PyValue[] {
    return [...this.labels];
  }
  override len(): number {
    return this.labels.length;
  }
  override contains(v: PyValue): boolean {
    return this.labels.some((l) => eq(l, v));
  }
  override getitem(key: PyValue): PyValue | undefined {
    return typeof key === 'number' ? this.labels[key < 0 ? this.labels.length + key : key] : undefined;
  }
  override str(): string {
    return `Index(${repr(new PyList(this.labels))})`;
  }
  override getattr(name: string): PyValue | undefined {
    switch (name) {
      case 'unique':
        return method(name, () => new Index(uniqueValues(this.labels), this.names));
      case 'tolist':
      case 'to_list':
        return method(name, () => new PyList([...this.labels]));
      case 'values':
        return new PyList([...this.labels]);
      case 'names':
        return new PyList(this.names);
      case 'name':
        return this.names[0] ?? null;
      case 'nlevels':
        return this.names.length;
      case 'levels':
        return new PyList(this.names.map((_, i) => new Index(uniqueValues(this.labels.map((l) => (l instanceof PyTuple ? l.items[i]! : l))))));
      case 'get_level_values':
        return method(name, (args) => {
          const i = typeof args[0] === 'string' ? this.names.indexOf(args[0]) : Number(args[0]);
          return new Index(this.labels.map((l) => (l instanceof PyTuple ? l.items[i]! : l)), [this.names[i] ?? null]);
        });
      case 'isin':
        return method(name, (args) => new Series(this.labels.map((l) => iterate(args[0]!).some((x) => eq(x, l))), this));
      case 'duplicated':
        return method(name, () => {
          const seen = new Set<string>();
          return new Series(this.labels.map((l) => {
            const k = labelKey(l);
            const d = seen.has(k);
            seen.add(k);
            return d;
          }), this);
        });
      case 'astype':
        return method(name, () => new Index(this.labels.map((l) => str(l)), this.names));
      case 'size':
        return this.labels.length;
    }
    return undefined;
  }
  override setattr(name: string, value: PyValue): boolean {
    if (name === 'names' || name === 'name') {
      const ns = name === 'name' ? [value === null ? null : str(value)] : iterate(value).map((x) => (x === null ? null : str(x)));
      this.names.splice(0, this.names.length, ...ns);
      return true;
    }
    return false;
  }
}

function uniqueValues(values: PyValue[]): PyValue[] {
  const seen = new Set<string>();
  const out: PyValue[] = [];
  for (const v of values) {
    const k = labelKey(v);
    if (!seen.has(k)) {
      seen.add(k);
      out.push(v);
    }
  }
  return out;
}

export class Series extends PyObject {
  readonly typeName = 'Series';
  constructor(
    readonly values: PyValue[],
    readonly index: Index,
    readonly name: string | null = null,
  ) {
    super();
  }
  private at(label: Label): PyValue | undefined {
    const i = this.index.labels.findIndex((l) => eq(l, label));
    return i < 0 ? undefined : this.values[i];
  }
  override iterate(): PyValue[] {
    return [...this.values];
  }
  override len(): number {
    return this.values.length;
  }
  override contains(v: PyValue): boolean {
    return this.index.contains(v);
  }
  override getitem(key: PyValue): PyValue | undefined {
    if (key instanceof Series) return this.mask(key);
    const v = this.at(key);
    if (v !== undefined) return v;
    if (typeof key === 'number' && !this.index.labels.some((l) => typeof l === 'number')) return this.values[key < 0 ? this.values.length + key : key];
    return undefined;
  }
  mask(m: Series): Series {
    const keep = m.values.map(truthy);
    return new Series(this.values.filter((_, i) => keep[i]), new Index(this.index.labels.filter((_, i) => keep[i]), this.index.names), this.name);
  }
  override str(): string {
    return this.values.map((v) => str(v)).join('\n');
  }
  override getattr(name: string): PyValue | undefined {
    const self = this;
    switch (name) {
      case 'unique':
        return method(name, () => new PyList(uniqueValues(this.values)));
      case 'tolist':
      case 'to_list':
        return method(name, () => new PyList([...this.values]));
      case 'values':
        return new PyList([...this.values]);
      case 'index':
        return this.index;
      case 'name':
        return this.name;
      case 'isna':
      case 'isnull':
        return method(name, () => new Series(this.values.map(isNaN_), this.index));
      case 'notna':
      case 'notnull':
        return method(name, () => new Series(this.values.map((v) => !isNaN_(v)), this.index));
      case 'dropna':
        return method(name, () => this.mask(new Series(this.values.map((v) => !isNaN_(v)), this.index)));
      case 'fillna':
        return method(name, (args) => new Series(this.values.map((v) => (isNaN_(v) ? args[0]! : v)), this.index, this.name));
      case 'astype':
        return method(name, () => new Series(this.values.map((v) => (isNaN_(v) ? v : str(v))), this.index, this.name));
      case 'isin':
        return method(name, (args) => new Series(this.values.map((v) => iterate(args[0]!).some((x) => eq(x, v))), this.index));
      case 'items':
        return method(name, () => new PyList(this.values.map((v, i) => new PyTuple([this.index.labels[i]!, v]))));
      case 'to_dict':
        return method(name, () => PyDict.from(this.values.map((v, i) => [this.index.labels[i]!, v])));
      case 'empty':
        return this.values.length === 0;
      case 'size':
        return this.values.length;
      case 'iloc':
        return new (class extends PyObject {
          readonly typeName = 'iLocIndexer';
          override getitem(k: PyValue): PyValue | undefined {
            return self.values[Number(k) < 0 ? self.values.length + Number(k) : Number(k)];
          }
        })();
      case 'str':
        return new PyNamespace('StringMethods', {
          contains: method('contains', (args) => new Series(this.values.map((v) => !isNaN_(v) && str(v).includes(str(args[0]!))), this.index)),
          startswith: method('startswith', (args) => new Series(this.values.map((v) => !isNaN_(v) && str(v).startsWith(str(args[0]!))), this.index)),
          endswith: method('endswith', (args) => new Series(this.values.map((v) => !isNaN_(v) && str(v).endsWith(str(args[0]!))), this.index)),
        });
    }
    const v = this.at(name);
    return v;
  }
  /** Elementwise comparison: `df["sample"] == "A"` makes a mask. */
  override compareOp(op: string, other: PyValue): PyValue {
    const test = (v: PyValue) => {
      switch (op) {
        case '==':
          return eq(v, other);
        case '!=':
          return !eq(v, other);
        default: {
          const c = compare(v, other);
          return op === '<' ? c < 0 : op === '>' ? c > 0 : op === '<=' ? c <= 0 : c >= 0;
        }
      }
    };
    return new Series(this.values.map(test), this.index);
  }
  override binop(op: string, other: PyValue): PyValue | undefined {
    if (op !== '&' && op !== '|') return undefined;
    const o = other instanceof Series ? other.values : this.values.map(() => other);
    return new Series(this.values.map((v, i) => (op === '&' ? truthy(v) && truthy(o[i]!) : truthy(v) || truthy(o[i]!))), this.index);
  }
  override invert(): PyValue {
    return new Series(this.values.map((v) => !truthy(v)), this.index);
  }
}

export class DataFrame extends PyObject {
  readonly typeName = 'DataFrame';
  constructor(
    readonly columns: string[],
    /** One array of values per row, in column order. */
    readonly rows: PyValue[][],
    readonly index: Index,
  ) {
    super();
  }

  column(name: string): Series | undefined {
    const c = this.columns.indexOf(name);
    return c < 0 ? undefined : new Series(this.rows.map((r) => r[c]!), this.index, name);
  }

  row(i: number): Series {
    return new Series([...this.rows[i]!], new Index(this.columns.map((c) => c)), str(this.index.labels[i]!));
  }

  private select(rowIdx: number[]): DataFrame {
    return new DataFrame([...this.columns], rowIdx.map((i) => this.rows[i]!), new Index(rowIdx.map((i) => this.index.labels[i]!), [...this.index.names]));
  }

  /** Rows whose label matches; a scalar key on a MultiIndex matches the first level. */
  private rowsFor(key: PyValue): number[] {
    const out: number[] = [];
    this.index.labels.forEach((l, i) => {
      if (eq(l, key)) out.push(i);
      else if (this.index.multi && l instanceof PyTuple && !(key instanceof PyTuple) && eq(l.items[0]!, key)) out.push(i);
      else if (this.index.multi && l instanceof PyTuple && key instanceof PyTuple && key.items.length < l.items.length && key.items.every((k, j) => eq(k, l.items[j]!))) out.push(i);
    });
    return out;
  }

  override iterate(): PyValue[] {
    return [...this.columns];
  }
  override len(): number {
    return this.rows.length;
  }
  override contains(v: PyValue): boolean {
    return this.columns.includes(str(v));
  }
  override getitem(key: PyValue): PyValue | undefined {
    if (key instanceof Series) return this.select(key.values.map((v, i) => (truthy(v) ? i : -1)).filter((i) => i >= 0));
    if (key instanceof PyList) {
      const cols = iterate(key).map((c) => str(c));
      for (const c of cols) if (!this.columns.includes(c)) throw new PyError('KeyError', `"['${c}'] not in index"`);
      return new DataFrame(cols, this.rows.map((r) => cols.map((c) => r[this.columns.indexOf(c)]!)), this.index);
    }
    return this.column(str(key));
  }
  override setitem(key: PyValue, value: PyValue): boolean {
    const name = str(key);
    const values = value instanceof Series || value instanceof PyList ? iterate(value) : this.rows.map(() => value);
    let c = this.columns.indexOf(name);
    if (c < 0) {
      this.columns.push(name);
      c = this.columns.length - 1;
    }
    this.rows.forEach((r, i) => (r[c] = values[i] ?? null));
    return true;
  }
  override str(): string {
    return `DataFrame(${this.columns.join(', ')}; ${this.rows.length} rows)`;
  }

  /** `df.loc[rows]`, `df.loc[rows, cols]`. */
  private loc(key: PyValue): PyValue | undefined {
    let rowKey = key;
    let colKey: PyValue | undefined;
    if (key instanceof PyTuple && !(this.index.multi && this.index.labels.some((l) => eq(l, key)))) {
      if (key.items.length === 2) [rowKey, colKey] = key.items as [PyValue, PyValue];
      else if (key.items.length === 3) throw new Unsupported('slices in DataFrame.loc');
    }
    let rows: number[];
    if (rowKey instanceof Series) rows = rowKey.values.map((v, i) => (truthy(v) ? i : -1)).filter((i) => i >= 0);
    else if (rowKey instanceof PyList) rows = iterate(rowKey).flatMap((k) => this.rowsFor(k));
    else if (rowKey instanceof PyTuple && rowKey.items.length === 3 && rowKey.items.every((x) => x === null)) rows = this.rows.map((_, i) => i);
    else {
      rows = this.rowsFor(rowKey);
      if (rows.length === 0) throw new PyError('KeyError', repr(rowKey));
    }
    const single = rows.length === 1 && !(rowKey instanceof PyList) && !(rowKey instanceof Series) && !(this.index.multi && !(rowKey instanceof PyTuple));
    if (colKey === undefined) return single ? this.row(rows[0]!) : this.select(rows);
    const cols = colKey instanceof PyList ? iterate(colKey).map((c) => str(c)) : [str(colKey)];
    for (const c of cols) if (!this.columns.includes(c)) throw new PyError('KeyError', repr(c));
    if (single) {
      const r = this.rows[rows[0]!]!;
      if (!(colKey instanceof PyList)) return r[this.columns.indexOf(cols[0]!)]!;
      return new Series(cols.map((c) => r[this.columns.indexOf(c)]!), new Index(cols));
    }
    const sub = this.select(rows);
    return colKey instanceof PyList ? (sub.getitem(new PyList(cols)) as PyValue) : sub.column(cols[0]!)!;
  }

  override getattr(name: string): PyValue | undefined {
    const self = this;
    switch (name) {
      case 'loc':
        return new (class extends PyObject {
          readonly typeName = 'LocIndexer';
          override getitem(k: PyValue): PyValue | undefined {
            return self.loc(k);
          }
        })();
      case 'iloc':
        return new (class extends PyObject {
          readonly typeName = 'iLocIndexer';
          override getitem(k: PyValue): PyValue | undefined {
            return self.row(Number(k) < 0 ? self.rows.length + Number(k) : Number(k));
          }
        })();
      case 'index':
        return this.index;
      case 'columns':
        return new Index([...this.columns]);
      case 'shape':
        return new PyTuple([this.rows.length, this.columns.length]);
      case 'empty':
        return this.rows.length === 0;
      case 'set_index':
        return method(name, (args, kw) => this.setIndex(args[0]!, truthy(kw.get('drop') ?? true)));
      case 'reset_index':
        return method(name, (_a, kw) => {
          if (truthy(kw.get('drop') ?? false)) return new DataFrame([...this.columns], this.rows.map((r) => [...r]), new Index(this.rows.map((_, i) => i)));
          const names = this.index.names.map((n, i) => n ?? (this.index.multi ? `level_${i}` : 'index'));
          const lead = (l: Label) => (l instanceof PyTuple ? [...l.items] : [l]);
          return new DataFrame([...names, ...this.columns], this.rows.map((r, i) => [...lead(this.index.labels[i]!), ...r]), new Index(this.rows.map((_, i) => i)));
        });
      case 'iterrows':
        return method(name, () => new PyList(this.rows.map((_, i) => new PyTuple([this.index.labels[i]!, this.row(i)]))));
      case 'itertuples':
        return method(name, (_a, kw) => {
          const withIndex = truthy(kw.get('index') ?? true);
          return new PyList(this.rows.map((r, i) => new PyNamespace('Pandas', Object.fromEntries([...(withIndex ? [['Index', this.index.labels[i]!]] : []), ...this.columns.map((c, j) => [c, r[j]!])]))));
        });
      case 'to_dict':
        return method(name, (args, kw) => {
          const orient = str(args[0] ?? kw.get('orient') ?? 'dict');
          if (orient === 'records') return new PyList(this.rows.map((r) => PyDict.from(this.columns.map((c, j) => [c, r[j]!]))));
          if (orient === 'index') return PyDict.from(this.rows.map((r, i) => [this.index.labels[i]!, PyDict.from(this.columns.map((c, j) => [c, r[j]!]))]));
          return PyDict.from(this.columns.map((c) => [c, PyDict.from(this.rows.map((r, i) => [this.index.labels[i]!, r[this.columns.indexOf(c)]!]))]));
        });
      case 'dropna':
        return method(name, (_a, kw) => {
          const subset = kw.get('subset');
          const cols = subset ? iterate(subset).map((c) => this.columns.indexOf(str(c))) : this.columns.map((_, j) => j);
          const how = str(kw.get('how') ?? 'any');
          return this.select(this.rows.map((r, i) => ((how === 'all' ? cols.every((j) => isNaN_(r[j]!)) : cols.some((j) => isNaN_(r[j]!))) ? -1 : i)).filter((i) => i >= 0));
        });
      case 'fillna':
        return method(name, (args) => new DataFrame([...this.columns], this.rows.map((r) => r.map((v) => (isNaN_(v) ? args[0]! : v))), this.index));
      case 'astype':
        return method(name, () => new DataFrame([...this.columns], this.rows.map((r) => r.map((v) => (isNaN_(v) ? v : str(v)))), this.index));
      case 'drop_duplicates':
        return method(name, () => {
          const seen = new Set<string>();
          return this.select(this.rows.map((r, i) => {
            const k = r.map((v) => str(v)).join('\u0000');
            if (seen.has(k)) return -1;
            seen.add(k);
            return i;
          }).filter((i) => i >= 0));
        });
      case 'sort_index':
        return method(name, () => this.select(this.rows.map((_, i) => i).sort((a, b) => compare(this.index.labels[a]!, this.index.labels[b]!))));
      case 'head':
        return method(name, (args) => this.select(this.rows.map((_, i) => i).slice(0, Number(args[0] ?? 5))));
      case 'rename':
        return method(name, (_a, kw) => {
          const map = kw.get('columns');
          const cols = this.columns.map((c) => (map instanceof PyDict && map.has(c) ? str(map.get(c)!) : c));
          return new DataFrame(cols, this.rows.map((r) => [...r]), this.index);
        });
      case 'isna':
      case 'isnull':
        return method(name, () => new DataFrame([...this.columns], this.rows.map((r) => r.map(isNaN_)), this.index));
      case 'values':
        return new PyList(this.rows.map((r) => new PyList([...r])));
    }
    return this.column(name);
  }

  private setIndex(keys: PyValue, drop: boolean): DataFrame {
    const names = keys instanceof PyList ? iterate(keys).map((k) => str(k)) : [str(keys)];
    const idx = names.map((n) => {
      const i = this.columns.indexOf(n);
      if (i < 0) throw new PyError('KeyError', `"None of ['${n}'] are in the columns"`);
      return i;
    });
    const labels = this.rows.map((r) => (idx.length === 1 ? r[idx[0]!]! : new PyTuple(idx.map((i) => r[i]!))));
    const keep = drop ? this.columns.map((_, j) => j).filter((j) => !idx.includes(j)) : this.columns.map((_, j) => j);
    return new DataFrame(keep.map((j) => this.columns[j]!), this.rows.map((r) => keep.map((j) => r[j]!)), new Index(labels, names));
  }
}

// --- reading ------------------------------------------------------------------------------------------

/** Splits CSV text into records: quotes, doubled quotes, separators inside quotes, comment lines. */
function parseDelimited(text: string, sep: string | RegExp, comment: string | undefined): string[][] {
  const records: string[][] = [];
  for (const rawLine of text.replace(/\r\n?/g, '\n').split('\n')) {
    const line = comment !== undefined && rawLine.includes(comment) ? rawLine.slice(0, rawLine.indexOf(comment)) : rawLine;
    if (line.trim() === '') continue;
    if (sep instanceof RegExp) {
      records.push(line.trim().split(sep));
      continue;
    }
    const fields: string[] = [];
    let field = '';
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const ch = line[i]!;
      if (quoted) {
        if (ch === '"' && line[i + 1] === '"') {
          field += '"';
          i++;
        } else if (ch === '"') quoted = false;
        else field += ch;
      } else if (ch === '"' && field === '') quoted = true;
      else if (line.startsWith(sep, i)) {
        fields.push(field);
        field = '';
        i += sep.length - 1;
      } else field += ch;
    }
    fields.push(field);
    records.push(fields);
  }
  return records;
}

const NA = new Set(['', 'NA', 'N/A', 'NaN', 'nan', 'null', 'NULL', 'None', '<NA>', '#N/A', 'n/a', '-NaN', '-nan']);

/** pandas' type inference for one column: int, float, bool or str; empty cells are NaN. */
function inferColumn(cells: string[], asString: boolean): PyValue[] {
  const nan = new PyFloat(NaN);
  if (asString) return cells.map((c) => (NA.has(c) ? nan : c));
  const present = cells.filter((c) => !NA.has(c));
  if (present.length > 0 && present.every((c) => /^[+-]?\d+$/.test(c.trim()))) {
    const hasNa = present.length < cells.length;
    return cells.map((c) => (NA.has(c) ? nan : hasNa ? new PyFloat(Number(c)) : Number(c)));
  }
  if (present.length > 0 && present.every((c) => /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(c.trim()))) return cells.map((c) => (NA.has(c) ? nan : new PyFloat(Number(c))));
  if (present.length > 0 && present.every((c) => c === 'True' || c === 'False')) return cells.map((c) => (NA.has(c) ? nan : c === 'True'));
  return cells.map((c) => (NA.has(c) ? nan : c));
}

export function readTable(text: string, kwargs: Kwargs, defaultSep: string): DataFrame {
  const sepArg = kwargs.get('sep') ?? kwargs.get('delimiter');
  const whitespace = truthy(kwargs.get('delim_whitespace') ?? false) || (sepArg !== undefined && /^\\s\+$/.test(str(sepArg)));
  const sep = whitespace ? /\s+/ : sepArg === undefined || sepArg === null ? defaultSep : str(sepArg);
  const comment = kwargs.get('comment');
  const records = parseDelimited(text, sep, comment === undefined || comment === null ? undefined : str(comment));
  const header = kwargs.get('header');
  const hasHeader = header === undefined || header === 0;
  const columns = hasHeader ? (records.shift() ?? []).map((c) => c.trim()) : (records[0] ?? []).map((_, i) => String(i));
  const dtype = kwargs.get('dtype');
  const asString = dtype !== undefined && dtype !== null && (str(dtype) === 'str' || (dtype instanceof PyBuiltin && dtype.name === 'str') || str(dtype) === 'object');
  const cols = columns.map((_, j) => inferColumn(records.map((r) => r[j] ?? ''), asString));
  const rows = records.map((_, i) => cols.map((c) => c[i]!));
  let df = new DataFrame(columns, rows, new Index(rows.map((_, i) => i)));
  const indexCol = kwargs.get('index_col');
  if (indexCol !== undefined && indexCol !== null && indexCol !== false) {
    const key = typeof indexCol === 'number' ? columns[indexCol]! : indexCol instanceof PyList ? new PyList(iterate(indexCol).map((k) => (typeof k === 'number' ? columns[k]! : k))) : str(indexCol);
    df = df.getattr('set_index') instanceof PyBuiltin ? ((df.getattr('set_index') as PyBuiltin).fn([key], new Map(), { pos: { line: 1, column: 1, offset: 0 } }) as DataFrame) : df;
  }
  return df;
}

/** `pd.isna(x)` for scalars and Series. */
export function isna(v: PyValue): PyValue {
  if (v instanceof Series) return new Series(v.values.map(isNaN_), v.index);
  return isNaN_(v);
}

export { len };
