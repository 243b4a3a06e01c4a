import { expect, test, type Page } from '@playwright/test';
import { HOST, PORTS } from '../stack/src/ports';
import { screenshotPath, signInAsGuest } from './signIn';

/*
 * Adds a Tempo destination (the local stack's Tempo), tests it, installs the telemetry pipeline
 * on the local cluster from the settings page, then removes both again. Needs the local stack
 * (yarn stack:up) behind the portal.
 */
const DEST = `e2e-tempo-${Date.now().toString(36)}`;
const SECRET = `e2e-secret-${Math.random().toString(36).slice(2)}`;

/**
 * Destinations and installs are for admins: wait until the catalog has ingested the guest user
 * (a member of the admin group) so the sign-in carries that membership.
 */
async function waitForGuestAdmin(page: Page) {
  await expect
    .poll(
      async () => {
        const res = await page.request.get('http://localhost:7007/api/auth/guest/refresh', {
          headers: { 'X-Requested-With': 'XMLHttpRequest' },
        });
        const body = res.ok() ? await res.json() : undefined;
        return body?.backstageIdentity?.identity?.ownershipEntityRefs ?? [];
      },
      { timeout: 120_000, intervals: [1000] },
    )
    .toContain('group:default/platform');
}

async function openSettings(page: Page) {
  await page.goto('/observability/settings');
  await expect(page.getByTestId('pipeline-cluster-local')).toBeVisible({ timeout: 60_000 });
}

test('adds a Tempo destination and installs the pipeline on the local cluster', async ({ page }) => {
  test.setTimeout(300_000);
  await waitForGuestAdmin(page);
  await signInAsGuest(page);
  await openSettings(page);
  const cluster = page.getByTestId('pipeline-cluster-local');
  await page.screenshot({ path: screenshotPath('pipeline-1-settings'), fullPage: true });

  // Add a destination: the form is generated from the Tempo definition.
  await page.getByRole('button', { name: 'Add destination' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.locator('#destination-type').click();
  await page.getByRole('option', { name: 'Grafana Tempo', exact: true }).click();
  await dialog.locator('#destination-field-name').fill(DEST);
  await dialog.locator('#destination-field-endpoint').fill(`${HOST}:${PORTS.tempoOtlpGrpc}`);
  await dialog.getByLabel('Plaintext (no TLS)').check();
  await dialog.locator('#destination-field-username').fill('portal');
  await dialog.locator('#destination-field-password').fill(SECRET);
  await dialog.getByRole('button', { name: 'Test connection' }).click();
  await expect(dialog.getByTestId('destination-test-result')).toContainText('Connection works', { timeout: 30_000 });
  await page.screenshot({ path: screenshotPath('pipeline-2-destination-tested'), fullPage: true });
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();

  const row = page.getByTestId(`destination-row-${DEST}`);
  await expect(row).toContainText('Grafana Tempo');
  await expect(row).toContainText('password ••••');
  await expect(page.locator('body')).not.toContainText(SECRET);

  // Editing shows the secret as stored, never its value.
  await row.getByRole('button', { name: `Edit ${DEST}` }).click();
  await expect(dialog.locator('#destination-field-password')).toHaveValue('');
  await expect(dialog.getByText('A value is stored (write-only)')).toBeVisible();
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  // Install the pipeline and watch it come up.
  await cluster.getByRole('button', { name: 'Install' }).click();
  await expect(page.getByTestId('pipeline-operation-result')).toContainText('install on local done', { timeout: 120_000 });
  await expect(cluster).toContainText('installed v', { timeout: 60_000 });
  await expect(cluster).toContainText('otel/opentelemetry-collector-contrib');
  await expect(page.getByTestId(`pipeline-node-dest:${DEST}`)).toBeVisible();
  await page.screenshot({ path: screenshotPath('pipeline-3-installed'), fullPage: true });

  // Clean up: remove the pipeline, then the destination.
  await cluster.getByRole('button', { name: 'Remove' }).click();
  await expect(page.getByTestId('pipeline-operation-result')).toContainText('remove on local done', { timeout: 120_000 });
  await expect(cluster.getByRole('button', { name: 'Install' })).toBeVisible({ timeout: 60_000 });
  await row.getByRole('button', { name: `Delete ${DEST}` }).click();
  await expect(row).toBeHidden({ timeout: 30_000 });
  await page.screenshot({ path: screenshotPath('pipeline-4-removed'), fullPage: true });
});
