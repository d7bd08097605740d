import { describe, expect, it } from 'vitest';
import { draftStaleness } from '../../src/admin/draftStaleness.js';

const live = { version: 4, source: 'id: s\n# v4\n' };

describe('draftStaleness: when a saved draft no longer applies', () => {
  it.each([
    ['started from the published version, different text', { source: 'id: s\n# mine\n', baseVersion: 4 }, live, undefined],
    ['started from an older version', { source: 'id: s\n# mine\n', baseVersion: 3 }, live, { reason: 'behind', baseVersion: 3, publishedVersion: 4 }],
    ['started before anything was published', { source: 'id: s\n# mine\n' }, live, { reason: 'behind', baseVersion: null, publishedVersion: 4 }],
    ['the same text as the published version', { source: live.source, baseVersion: 4 }, live, { reason: 'published', publishedVersion: 4 }],
    ['the same text, though started from an older version', { source: live.source, baseVersion: 2 }, live, { reason: 'published', publishedVersion: 4 }],
    ['nothing published yet', { source: 'id: s\n' }, undefined, undefined],
  ])('%s', (_name, draft, published, expected) => {
    expect(draftStaleness(draft, published)).toEqual(expected);
  });
});
