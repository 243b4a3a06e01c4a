import { expect, test } from '@playwright/test';
import { screenshotPath, signInAsGuest } from './signIn';

test.describe('the portal with the observability plugin', () => {
  test.beforeEach(async ({ page }) => {
    await signInAsGuest(page);
  });

  test('shows the Observability tab on an example Component', async ({ page }) => {
    await page.goto('/catalog/default/component/checkout');
    const tab = page
      .getByRole('navigation', { name: 'Content navigation' })
      .getByRole('link', { name: 'Observability' });
    await expect(tab).toBeVisible();
    await tab.click();
    await expect(page).toHaveURL(/\/catalog\/default\/component\/checkout\/observability/);
    await expect(page.getByText('Kubernetes mapping')).toBeVisible();
    await expect(page.getByText('Kubernetes Id')).toBeVisible();
    await expect(page.getByTestId('observability-onboarding-button')).toBeVisible();
    await page.screenshot({ path: screenshotPath('entity-observability-tab'), fullPage: true });
  });

  test('explains what is missing on a Component that is not on Kubernetes', async ({ page }) => {
    await page.goto('/catalog/default/component/docs-site/observability');
    await expect(page.getByText('No Kubernetes workloads linked')).toBeVisible();
  });

  test('lists Kubernetes components by owner and system on the Observability page', async ({
    page,
  }) => {
    await page
      .getByRole('navigation', { name: 'sidebar nav' })
      .getByRole('link', { name: 'Observability' })
      .click();
    await expect(page).toHaveURL(/\/observability/);
    await expect(page.getByTestId('coverage-summary')).toHaveText(
      /^\d of 7 components instrumented \(\d+%\)$/,
    );
    await expect(page.getByTestId('share-by-owner')).toContainText('team-payments');
    await expect(page.getByTestId('share-by-system')).toContainText('logistics');
    // Languages come from the demo workloads in the local cluster.
    await expect(page.getByRole('row', { name: /Recommendations/ })).toContainText('python');
    await expect(page.getByRole('row', { name: /Inventory/ })).toContainText('go');
    // Coverage over time: the backend snapshots coverage shortly after it starts.
    const chart = page.getByTestId('coverage-history-chart');
    await expect(async () => {
      await page.reload();
      await expect(chart).toBeVisible({ timeout: 5_000 });
    }).toPass({ timeout: 90_000 });
    await expect(page.getByTestId('coverage-history-latest')).toContainText(/latest \d+\/7 instrumented/);
    await page.screenshot({ path: screenshotPath('observability-coverage-page'), fullPage: true });
  });

  test('shows the configured connections on the admin settings page', async ({ page }) => {
    await page.goto('/observability/settings');
    await expect(page.getByText('Clusters and backends')).toBeVisible();
    await page.screenshot({ path: screenshotPath('observability-settings-page'), fullPage: true });
  });
});
