import { expect, test } from '@playwright/test';
import { screenshotPath, signInAsGuest } from './signIn';

/*
 * Onboards a demo service through the UI against the local stack (yarn stack:up --demo):
 * plan and diff, apply, rollout to the end, then remove tracing again so the workload is
 * back to what its owner wrote.
 */
test('enables and removes tracing for a demo service from its catalog page', async ({ page }) => {
  test.setTimeout(300_000);
  await signInAsGuest(page);
  await page.goto('/catalog/default/component/storefront/observability');

  const cluster = page.getByTestId('cluster-local');
  await expect(cluster.getByRole('strong').filter({ hasText: /^storefront$/ })).toBeVisible({
    timeout: 60_000,
  });
  await expect(cluster.getByTestId('language-nodejs')).toBeVisible();
  await expect(cluster.getByText('not instrumented')).toBeVisible();
  await page.screenshot({ path: screenshotPath('onboarding-1-workloads'), fullPage: true });

  await page.getByTestId('observability-onboarding-button').click();
  const plan = page.getByTestId('plan-view');
  await expect(plan).toContainText('will be instrumented');
  await expect(page.getByTestId('plan-diff')).toContainText('NODE_OPTIONS');
  await expect(page.getByTestId('plan-diff')).toContainText('opentelemetry-auto-instrumentation-nodejs');
  await page.screenshot({ path: screenshotPath('onboarding-2-plan-and-diff'), fullPage: true });

  await page.getByTestId('onboarding-apply').click();
  await expect(page.getByTestId('operation-progress')).toBeVisible();
  await expect(page.getByTestId('operation-state')).toHaveText('Done', { timeout: 180_000 });
  await expect(page.getByRole('progressbar', { name: 'rollout of storefront' })).toHaveAttribute(
    'aria-valuenow',
    '100',
  );
  await page.screenshot({ path: screenshotPath('onboarding-3-rolled-out'), fullPage: true });
  await page.getByRole('button', { name: 'Close' }).click();

  await expect(cluster.getByText('rolled out')).toBeVisible({ timeout: 60_000 });
  await expect(cluster.getByText('nodejs', { exact: true })).toBeVisible();
  await page.screenshot({ path: screenshotPath('onboarding-4-tab-after'), fullPage: true });

  await page.getByTestId('uninstrument-button').click();
  await page.getByTestId('uninstrument-confirm').click();
  await expect(page.getByTestId('operation-state')).toHaveText('Done', { timeout: 180_000 });
  await page.getByRole('button', { name: 'Close' }).click();
  await expect(cluster.getByText('not instrumented')).toBeVisible({ timeout: 60_000 });
});
