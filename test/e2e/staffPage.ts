import type { Locator, Page } from 'playwright-core';

/** The element a test id names, inside a page or a part of one. */
export const byTestId = (scope: Page | Locator, id: string): Locator => scope.locator(`[data-testid="${id}"]`);

/**
 * The console errors that are real: the browser also logs the 4xx answers a page expects and
 * handles (401 before signing in, 403 for a role, 409 and the like), which the test names.
 */
export function realErrors(errors: string[], expected: readonly number[] = [401, 403, 409]): string[] {
  return errors.filter((e) => !expected.some((status) => e.includes(`Failed to load resource: the server responded with a status of ${status}`)));
}

/** Signs in on the staff app's sign-in form with the admin token (the page is already open). */
export async function signInWithToken(page: Page, token: string): Promise<void> {
  await byTestId(page, 'staff-login-token').check();
  await byTestId(page, 'staff-login-password').fill(token);
  await byTestId(page, 'staff-login-submit').click();
}
