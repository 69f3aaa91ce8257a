// SPDX-License-Identifier: EUPL-1.2
// What the portal should do and does not yet: each test states the expected behaviour and
// is marked test.fail() until the bug is fixed (then Playwright reports it as passing
// unexpectedly, and the mark goes). The journeys work around these so that they can walk
// on; these keep the bugs visible.
import { test, expect } from '@playwright/test';
import { Portal } from '../fixtures/portal';
import { submissionsContaining } from '../fixtures/db';
import { answerGewA1Business, completeGewerbeanmeldung, openBaumfaellStep } from '../fixtures/applications';
import { serveDefinitionWith } from '../fixtures/definitions';

test('clicking "Weiter" straight after a wrong answer is not lost', async ({ page }) => {
  // Bug: leaving the field shows its inline error above it, which pushes the button down
  // while the mouse button is pressed; the click ends on the form and nothing happens.
  const portal = new Portal(page);
  await page.goto('/services/99035001000000/form/1');
  await portal.choose('Art der Versammlung', 'Aufzug (Demonstrationszug)');
  await page.getByLabel('Streckenverlauf').fill('Markt');
  let submitted = 0;
  await page.exposeFunction('stepSubmitted', () => (submitted += 1));
  await page.evaluate(() =>
    document.querySelector('form.step-form')?.addEventListener('submit', () => (window as any).stepSubmitted()),
  );
  await portal.next().click(); // the focus is still in "Streckenverlauf"
  await expect(portal.errorSummary()).toBeFocused({ timeout: 3_000 });
  expect(submitted).toBe(1);
});

test('"Weiteren Eintrag hinzufügen" moves the focus to the new item\'s first field', async ({ page }) => {
  // Bug: the portal focuses the first element whose id starts with "f-trees-1-", which is
  // the hint paragraph "f-trees-1-species-hint" (before the input), not the input.
  await openBaumfaellStep(new Portal(page), 3);
  const trees = page.getByRole('group', { name: 'Bäume, die gefällt werden sollen' });
  await trees.getByRole('button', { name: 'Weiteren Eintrag hinzufügen' }).click();
  await expect(trees.getByRole('group', { name: 'Baum 2', exact: true }).getByLabel('Baumart')).toBeFocused({ timeout: 3_000 });
});

test('the confirmation names the receiving authority, in the citizen\'s language, also in the download', async ({ page }) => {
  // Bug: the receipt page shows no authority and the downloaded receipt has neither the
  // authority nor the answers: the receipt is kept with use_receipts() inside
  // spawn_local (no reactive owner there), so the confirmation page never finds it.
  // Also the submission request carries no language, so the API names the authority in
  // the browser's Accept-Language (English here) while the portal is in German.
  const portal = new Portal(page);
  const tradeName = `Quittung ${Date.now()}`;
  await page.goto('/services/99050012104000');
  await portal.choosePlace('25746', '25746 Heide');
  await portal.start();
  await completeGewerbeanmeldung(portal, tradeName);
  await portal.submitButton().click();
  const reference = await portal.expectReceipt();
  expect(submissionsContaining(tradeName)).toHaveLength(1);
  await expect(portal.receivingAuthority()).toHaveText(
    'Empfangende Behörde: Stadt Heide, Ordnungsamt (Gewerbeangelegenheiten)',
    { timeout: 3_000 },
  );
  const receipt = await portal.downloadReceipt(reference);
  expect(receipt).toContain('Empfangende Behörde: Stadt Heide, Ordnungsamt (Gewerbeangelegenheiten)');
  expect(receipt).toContain(`Betriebsname: ${tradeName}`);
});

test('a conditionally required field is not labelled "(optional)" while it is required', async ({ page }) => {
  // Bug: the label's "(optional)" follows only `required`, not `required_when`
  // (then in src/form/fields.rs: `let mut optional = !field.required;`), so the phone number says
  // "(optional)" next to the error that asks for it.
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
  await expect(page.getByText('Schritt 2 von 3')).toBeVisible();
  await expect(page.locator('label[for="f-phone"]')).toHaveText('Telefonnummer', { timeout: 3_000 });
});
