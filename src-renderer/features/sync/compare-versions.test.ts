import { describe, expect, it } from 'vitest';
import { compareVersions } from './compare-versions.js';

describe('compareVersions', () => {
  it('lines both versions up by field and marks what differs, fields only one side has included', () => {
    const rows = compareVersions(
      [{ path: 'code', value: 'I11.9' }, { path: 'status', value: 'active' }],
      [{ path: 'status', value: 'active' }, { path: 'code', value: 'J06.9' }, { path: 'note', value: 'x' }],
    );
    expect(rows).toEqual([
      { path: 'code', ours: 'I11.9', theirs: 'J06.9', differs: true },
      { path: 'status', ours: 'active', theirs: 'active', differs: false },
      { path: 'note', ours: null, theirs: 'x', differs: true },
    ]);
  });

  it('has nothing to compare for a refusal (no Central version)', () => {
    expect(compareVersions([{ path: 'name', value: 'x' }], null)).toEqual([{ path: 'name', ours: 'x', theirs: null, differs: false }]);
  });
});
