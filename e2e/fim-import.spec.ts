// SPDX-License-Identifier: EUPL-1.2
// A form imported from a real FIM schema (S00000186, Anzeige von Tätigkeiten mit Asbest,
// converted with `central-api import-fim`): found in Kreis Dithmarschen's catalogue,
// rendered, and its first step completed.
import { test, expect } from '@playwright/test';
import { Portal } from './fixtures/portal';

test('the imported FIM form opens from the catalogue and its first step can be completed', async ({ page }) => {
  const portal = new Portal(page);
  await portal.openStart();
  await portal.openService('Anzeige von Tätigkeiten mit Asbest');
  await portal.choosePlace('Heide', '25746 Heide');
  await portal.start();

  // Step 1: Arbeitgeber / Arbeitgeberin (FIM group G00001394).
  await expect(page.getByText(/^Schritt 1 von \d+$/)).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: 'Arbeitgeber / Arbeitgeberin' })).toBeVisible();
  // Empty, the one required field of the step blocks the way.
  await portal.next().click();
  await expect(portal.errorSummary()).toBeVisible();
  const company = page.getByLabel('Name des Unternehmens', { exact: true });
  await expect(company).toHaveAttribute('aria-invalid', 'true');

  await company.fill('Abbruch Nord GmbH');
  await page.getByLabel('Familienname (optional)', { exact: true }).fill('Möller');
  await page.getByLabel('Telefonnummer (optional)', { exact: true }).fill('0481 123456');
  // The code list "Staat" (genericode 1129) is rendered as a select with its entries.
  const country = page.getByLabel('Staat (optional)', { exact: true });
  await expect(country.locator('option', { hasText: 'Dänemark' })).toHaveCount(1);
  await portal.next().click();

  // Step 2: the top-level yes/no field F00002364.
  await expect(page).toHaveURL(/\/form\/2$/);
  await expect(page.getByText(/^Schritt 2 von \d+$/)).toBeVisible();
  await expect(
    page.getByRole('heading', { level: 1, name: 'Möchten Sie eine neue unternehmensbezogene Anzeige einreichen?' }),
  ).toBeVisible();
});
