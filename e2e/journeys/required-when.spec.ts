// SPDX-License-Identifier: EUPL-1.2
// A conditionally required field (`required_when`). No demo definition has one yet, so
// this test serves Gewerbeanmeldung's real definition with one condition added: the phone
// number becomes required when the business has employees. The portal must ask for it
// exactly then, and let it be empty otherwise.
import { test, expect } from '@playwright/test';
import { Portal } from '../fixtures/portal';
import { answerGewA1Business, answerGewA1Owner } from '../fixtures/applications';
import { serveDefinitionWith } from '../fixtures/definitions';

test('a field required only under a condition is asked for exactly then', async ({ page }) => {
  const portal = new Portal(page);
  await serveDefinitionWith(page, 'gewerbeanmeldung', 1, 'phone', { required_when: 'employees > 0' });

  await page.goto('/services/99050012104000/form/1');
  await page.getByLabel('Name des Betriebs').fill('Tischlerei Jensen');
  await page.getByLabel('Rechtsform').selectOption({ label: 'Einzelunternehmen' });
  await page.getByLabel('Angemeldete Tätigkeit').fill('Möbeltischlerei und Innenausbau');
  await portal.fillDate('Beginn der Tätigkeit', new Date());
  await answerGewA1Business(portal);
  await page.getByLabel(/^Anzahl der Beschäftigten/).fill('3');
  await portal.continue();

  // With employees: the phone number is required.
  await portal.expectStep(2, 3, 'Inhaberin oder Inhaber');
  await page.getByLabel('Vorname').fill('Jens');
  await page.getByLabel('Nachname').fill('Jensen');
  await answerGewA1Owner(portal);
  await page.getByLabel('E-Mail-Adresse').fill('jens@example.org');
  await portal.expectErrorsOnNext([/„Telefonnummer“/]);
  await portal.followError(/„Telefonnummer“/, page.getByLabel(/^Telefonnummer/));

  // Without employees: it may stay empty.
  await page.getByRole('navigation', { name: 'Schritte des Antrags' }).getByRole('link', { name: 'Betrieb' }).click();
  await page.getByLabel(/^Anzahl der Beschäftigten/).fill('0');
  await portal.continue();
  await portal.expectStep(2, 3, 'Inhaberin oder Inhaber');
  await expect(portal.errorSummary()).toHaveCount(0);
  await portal.continue();
  await portal.expectStep(3, 3, 'Betriebsstätte');
});
