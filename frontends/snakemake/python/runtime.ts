// Hooks from value-level code (methods, builtins, host objects) back into the interpreter: calling
// a Python callable, attribute and item access. The interpreter installs them; one runs at a time.

import type { Kwargs, PyValue } from './values.js';

export const runtime = {
  call(_f: PyValue, _args: PyValue[], _kwargs: Kwargs): PyValue {
    throw new Error('no interpreter is running');
  },
  getattr(_v: PyValue, _name: string): PyValue {
    throw new Error('no interpreter is running');
  },
  getitem(_v: PyValue, _key: PyValue): PyValue {
    throw new Error('no interpreter is running');
  },
};
