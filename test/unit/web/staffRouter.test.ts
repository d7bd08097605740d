import { describe, expect, it } from 'vitest';
import { STAFF_PAGES } from '../../../src/http/staffRoutes.js';
import { allowed, homePage, PAGE_PATHS, pageForPath, pathForPage } from '../../../web/staff/router.js';

describe('the staff app’s pages by path', () => {
  it.each([
    ['/staff', 'cases'],
    ['/staff/', 'cases'],
    ['/staff/console', 'cases'],
    ['/staff/console/', 'cases'],
    ['/Staff/Surveys', 'surveys'],
    ['/staff/surveys', 'surveys'],
    ['/staff/results', 'results'],
    ['/staff/results/', 'results'],
    ['/staff/distribution', 'distribution'],
    ['/staff/replies', 'replies'],
    ['/staff/nothing', null],
    ['/console', null],
    ['/', null],
  ] as const)('%s → %s', (path, page) => {
    expect(pageForPath(path)).toBe(page);
  });

  it('goes back and forth between a page and its path', () => {
    for (const page of Object.keys(PAGE_PATHS) as (keyof typeof PAGE_PATHS)[]) expect(pageForPath(pathForPage(page))).toBe(page);
  });

  it('serves exactly the paths the app knows (src/http/staffRoutes.ts)', () => {
    expect(Object.values(PAGE_PATHS).sort()).toEqual(STAFF_PAGES.map((p) => `/staff/${p}`).sort());
  });

  it('lets agents open the cases, and admins everything', () => {
    expect(allowed('cases', 'agent')).toBe(true);
    expect(allowed('surveys', 'agent')).toBe(false);
    expect(allowed('surveys', 'admin')).toBe(true);
    expect(allowed('distribution', 'admin')).toBe(true);
    expect(allowed('distribution', 'agent')).toBe(false);
    expect(allowed('distribution', 'viewer')).toBe(false);
    expect(allowed('replies', 'admin')).toBe(true);
    expect(allowed('replies', 'agent')).toBe(false);
    expect(allowed('replies', 'viewer')).toBe(false);
  });

  it('lets viewers read the results only, and everyone else too', () => {
    expect((['cases', 'surveys', 'results'] as const).filter((p) => allowed(p, 'viewer'))).toEqual(['results']);
    expect((['cases', 'surveys', 'results'] as const).filter((p) => allowed(p, 'agent'))).toEqual(['cases', 'results']);
    expect((['cases', 'surveys', 'results'] as const).filter((p) => allowed(p, 'admin'))).toEqual(['cases', 'surveys', 'results']);
  });

  it('opens a viewer on the results and everyone else on the cases', () => {
    expect([homePage('viewer'), homePage('agent'), homePage('admin')]).toEqual(['results', 'cases', 'cases']);
  });
});
