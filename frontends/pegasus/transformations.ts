// The transformation catalog, per transformation: what program its jobs run, in which container,
// with which resources, environment and retries. A transformation may list several sites; the
// first is used, as the one the workflow's author wrote first.

import type { DiagnosticBag } from '../../ir/diagnostics.js';
import type { Container as IrContainer, Environment } from '../../ir/types.js';
import type { FrontendHost } from '../types.js';
import { beside, spanOf, transformationKey, type Container, type Located, type Profiles, type Sources, type Transformation } from './documents.js';
import type { Ledger } from './losses.js';
import { readProfiles, unmappedReason, type ProfileReading } from './profiles.js';
import { readWrapper, type Wrapper } from './wrappers.js';

export interface TransformationInfo {
  key: string;
  entry: Located<Transformation>;
  /** The executable as the catalog names it (a path, or a URL for a stageable one). */
  pfn: string;
  stageable: boolean;
  /** What the wfc wrapper at `pfn` runs, when it is one. */
  wrapper?: Wrapper;
  profiles: ProfileReading;
  environment: Environment;
}

const URL = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//;

export function readTransformations(src: Sources, host: FrontendHost, bag: DiagnosticBag, ledger: Ledger): Map<string, TransformationInfo> {
  const containers = new Map(src.containers.entries.map((c) => [c.value.name, c]));
  // Read each container once, however many transformations run in it.
  const environments = new Map<string, Pick<Environment, 'container' | 'mounts'>>();
  const out = new Map<string, TransformationInfo>();
  for (const entry of src.transformations.entries) {
    const t = entry.value;
    const key = transformationKey(t.namespace, t.name, t.version);
    const subject = `transformation "${key}"`;
    const site = t.sites[0]!;
    if (t.sites.length > 1) {
      bag.info('PGF009', `transformation "${key}" is catalogued for sites ${t.sites.map((s) => s.name).join(', ')}; wfc uses the entry for ${site.name}`, spanOf(entry, 'sites', 1));
    }
    // A site's own profiles are more specific than the transformation's.
    const merged: Profiles = {};
    for (const p of [t.profiles, site.profiles]) {
      for (const [ns, values] of Object.entries(p ?? {})) merged[ns as keyof Profiles] = { ...merged[ns as keyof Profiles], ...values };
    }
    const where = (ns: keyof Profiles, k: string) => (site.profiles?.[ns]?.[k] !== undefined ? ['sites', 0, 'profiles', ns, k] : ['profiles', ns, k]);
    const profiles = readProfiles(merged, (ns, k) => spanOf(entry, ...where(ns, k)), bag);
    for (const p of profiles.unmapped) ledger.add(`profile ${p}`, subject, unmappedReason(p), 'warning', spanOf(entry, ...where(p.split('.')[0] as keyof Profiles, p.slice(p.indexOf('.') + 1))));
    const environment: Environment = {};
    if (Object.keys(profiles.env).length > 0) environment.env = profiles.env;
    if (site.container !== undefined) {
      const c = containers.get(site.container);
      if (!c) bag.warning('PGF010', `transformation "${key}" runs in container "${site.container}", which the transformation catalog does not define`, spanOf(entry, 'sites', 0, 'container'));
      else {
        if (!environments.has(c.value.name)) environments.set(c.value.name, containerOf(c, ledger));
        Object.assign(environment, environments.get(c.value.name));
      }
    }
    noteLosses(entry, subject, ledger);
    const info: TransformationInfo = { key, entry, pfn: site.pfn, stageable: site.type === 'stageable', profiles, environment };
    const path = localPath(site.pfn, src.doc.file);
    const text = path === undefined ? undefined : host.readFile(path);
    const wrapper = text === undefined ? undefined : readWrapper(text);
    if (wrapper) {
      info.wrapper = wrapper;
      src.files.push(path!);
    } else if (info.stageable) {
      ledger.add('stageable executable', subject, 'Pegasus copies the executable to each job; the IR runs it from the path the catalog names', 'info', spanOf(entry, 'sites', 0, 'type'));
    }
    out.set(key, info);
  }
  return out;
}

/** Where a local executable is, for reading it: `${PWD}` is the planner's directory, that of the workflow. */
function localPath(pfn: string, workflowFile: string): string | undefined {
  if (URL.test(pfn) && !pfn.startsWith('file://')) return undefined;
  const path = pfn.replace(/^file:\/\//, '');
  // Any other variable is the planner's environment, unknown here.
  if (/\$(?!\{PWD\}|PWD\b)/.test(path)) return undefined;
  return beside(workflowFile, path);
}

/** The program a job runs: the catalog's path without `file://`. */
export function programOf(pfn: string): string {
  return pfn.replace(/^file:\/\//, '');
}

function containerOf(c: Located<Container>, ledger: Ledger): Pick<Environment, 'container' | 'mounts'> {
  const { type, image, name } = c.value;
  const subject = `container "${name}"`;
  // Docker images are named by registry reference in the IR; Pegasus writes them as docker:// URLs.
  const container: IrContainer = { image: type === 'shifter' ? image : image.replace(/^docker:\/\/\/?/, '') };
  if (type === 'docker' || type === 'singularity') container.runtime = type;
  else ledger.add(`container type ${type}`, subject, 'the IR runs docker, singularity, apptainer or podman containers: the image is kept without a runtime', 'warning', spanOf(c, 'type'));
  const out: Pick<Environment, 'container' | 'mounts'> = { container };
  const mounts: Record<string, string> = {};
  (c.value.mounts ?? []).forEach((m, i) => {
    const [host, inside, options] = m.split(':');
    if (!host || !inside) {
      ledger.add(`mount "${m}"`, subject, 'not of the form host:container[:options]; it is left out', 'warning', spanOf(c, 'mounts', i));
      return;
    }
    mounts[host] = inside;
    if (options) ledger.add(`mount options ${options}`, subject, 'the IR mounts host directories without options', 'info', spanOf(c, 'mounts', i));
  });
  if (Object.keys(mounts).length > 0) out.mounts = mounts;
  if (c.value['image.site'] !== undefined) ledger.add('container image site', subject, 'where Pegasus fetches the image from is not carried; the image is named by its reference', 'info', spanOf(c, 'image.site'));
  if (c.value.checksum) ledger.add('container checksum', subject, 'the IR has no checksums: the image is not verified', 'info', spanOf(c, 'checksum'));
  if (c.value.profiles) ledger.add('container profiles', subject, 'profiles of a container have no IR equivalent', 'warning', spanOf(c, 'profiles'));
  if (c.value.bypass) ledger.add('bypass of the staging site', subject, 'fetching the image directly is not carried', 'info', spanOf(c, 'bypass'));
  return out;
}

/** What a transformation entry says that no IR step can. */
function noteLosses(entry: Located<Transformation>, subject: string, ledger: Ledger): void {
  const t = entry.value;
  if (t.hooks) ledger.add('hooks', subject, 'notifications (shell hooks) are not carried: nothing runs when jobs start or end', 'warning', spanOf(entry, 'hooks'));
  if (t.metadata) ledger.add('metadata', subject, 'the IR has no metadata', 'info', spanOf(entry, 'metadata'));
  if (t.checksum) ledger.add('checksum', subject, 'the IR has no checksums: the executable is not verified', 'info', spanOf(entry, 'checksum'));
  if (t.requires?.length) ledger.add('requires', subject, 'executables a transformation needs staged beside it are not carried', 'warning', spanOf(entry, 'requires'));
  const site = t.sites[0]!;
  if (site.metadata) ledger.add('metadata', subject, 'the IR has no metadata', 'info', spanOf(entry, 'sites', 0, 'metadata'));
  if (site.bypass) ledger.add('bypass of the staging site', subject, 'fetching the executable directly is not carried', 'info', spanOf(entry, 'sites', 0, 'bypass'));
  for (const key of ['arch', 'os.type', 'os.release', 'os.version'] as const) {
    if (site[key] !== undefined) ledger.add(`executable platform (${key})`, subject, 'the IR does not say which platform an executable is built for', 'info', spanOf(entry, 'sites', 0, key));
  }
}
