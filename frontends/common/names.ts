// Names derived from file paths.

const FORMAT_SUFFIXES = /\.(napkin\.json|napkin|excalidraw\.json|excalidraw|drawio\.xml|drawio|dio|ir\.json|wfformat\.json|torc\.ya?ml|torc\.json|json|xml|ya?ml)$/i;

/** `dir/sun-image.napkin.json` → `sun-image`. */
export function stemOf(path: string): string {
  const base = path.split(/[\\/]/).pop() ?? path;
  const stem = base.replace(FORMAT_SUFFIXES, '');
  return stem === '' ? base : stem;
}
