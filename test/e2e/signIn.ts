import { expect, type Page } from '@playwright/test';

/** Signs in with the guest provider, as a new user of the local portal does. */
export async function signInAsGuest(page: Page): Promise<void> {
  await page.goto('/');
  const enter = page.getByRole('button', { name: 'Enter' });
  await expect(enter).toBeVisible({ timeout: 120_000 });
  await enter.click();
  await expect(
    page
      .getByRole('navigation', { name: 'sidebar nav' })
      .getByRole('link', { name: 'Observability' }),
  ).toBeVisible();
}

/** Where screenshots go: test-results/, kept by CI. */
export function screenshotPath(name: string): string {
  return `test-results/screenshots/${name}.png`;
}
