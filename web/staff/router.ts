/**
 * Which staff page a path shows. The pages live under /staff (the server serves the same HTML
 * for each, src/http/staffRoutes.ts); /staff alone opens the person's home page (the cases;
 * the results for a viewer).
 */
import type { ConsoleSession } from '../../src/auth/consoleSession.js';

export type PageId = 'cases' | 'surveys' | 'results' | 'distribution' | 'accounts' | 'replies';
export type StaffRole = ConsoleSession['role'];

export const PAGE_PATHS: Readonly<Record<PageId, string>> = {
  cases: '/staff/console',
  surveys: '/staff/surveys',
  results: '/staff/results',
  distribution: '/staff/distribution',
  accounts: '/staff/accounts',
  replies: '/staff/replies',
};

/** The pages each role may open: viewers read results only, agents also work cases, admins
 * also edit surveys and run distribution (API keys, invitations, the scheduler, webhooks). The
 * server refuses the rest anyway; this keeps the navigation honest. */
export const ROLE_PAGES: Readonly<Record<StaffRole, readonly PageId[]>> = {
  viewer: ['results'],
  agent: ['cases', 'results'],
  admin: ['cases', 'surveys', 'results', 'distribution', 'accounts', 'replies'],
};

/** The page for a location's path, or null for a path under /staff that is no page. */
export function pageForPath(pathname: string): PageId | null {
  const path = pathname.replace(/\/+$/, '').toLowerCase() || '/';
  if (path === '/staff') return 'cases';
  for (const [id, p] of Object.entries(PAGE_PATHS) as [PageId, string][]) if (p === path) return id;
  return null;
}

export function pathForPage(page: PageId): string {
  return PAGE_PATHS[page];
}

export function allowed(page: PageId, role: StaffRole): boolean {
  return (ROLE_PAGES[role] ?? ROLE_PAGES.agent).includes(page);
}

/** Where /staff leads, and the way out of a page someone may not open. */
export function homePage(role: StaffRole): PageId {
  return (ROLE_PAGES[role] ?? ROLE_PAGES.agent)[0]!;
}
