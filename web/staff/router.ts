/**
 * Which staff page a path shows. The pages live under /staff (the server serves the same HTML
 * for each, src/http/staffRoutes.ts); /staff alone opens the cases. `results` is next.
 */
export type PageId = 'cases' | 'surveys';

export const PAGE_PATHS: Readonly<Record<PageId, string>> = {
  cases: '/staff/console',
  surveys: '/staff/surveys',
};

/** Pages an agent may open; the others are for admins. */
export const AGENT_PAGES: readonly PageId[] = ['cases'];

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

/** Pages a viewer may open: only results, which is not a page yet. */
export const VIEWER_PAGES: readonly PageId[] = [];

export function allowed(page: PageId, role: 'viewer' | 'agent' | 'admin'): boolean {
  if (role === 'viewer') return VIEWER_PAGES.includes(page);
  return role === 'admin' || AGENT_PAGES.includes(page);
}
