import type { VersionField } from '../../../shared/api/sync.js';

export interface CompareRow {
  path: string;
  ours: string | null;
  theirs: string | null;
  differs: boolean;
}

/** Both versions field by field, in the order the fields first appear; what differs is marked. */
export function compareVersions(local: readonly VersionField[], central: readonly VersionField[] | null): CompareRow[] {
  const ours = new Map(local.map((f) => [f.path, f.value]));
  const theirs = new Map((central ?? []).map((f) => [f.path, f.value]));
  const paths = [...new Set([...ours.keys(), ...theirs.keys()])];
  return paths.map((path) => {
    const a = ours.get(path) ?? null;
    const b = central ? (theirs.get(path) ?? null) : null;
    return { path, ours: a, theirs: b, differs: central !== null && a !== b };
  });
}
