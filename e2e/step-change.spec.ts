// SPDX-License-Identifier: EUPL-1.2
// The portal builds the next step's fields while the browser is idle, and keeps the steps
// left for "Back" (src/form/built_steps.rs, issue #21). Out of the page those fields must
// still follow the answers, the errors and the language, and they must never be in the
// document while another step shows: no duplicate ids, nothing hidden for screen readers.
import { test, expect, Page } from '@playwright/test';
import { Portal } from './fixtures/portal';
import { answerGewA1Business, gewerbeanmeldungUpToPremises } from './fixtures/applications';
import { serveDefinitionWith } from './fixtures/definitions';

/** Until the browser has been idle twice: the next step has been built ahead by then. */
async function idle(page: Page) {
  for (let i = 0; i < 2; i++) {
    await page.evaluate(() => new Promise<void>((resolve) => requestIdleCallback(() => resolve())));
  }
}

async function answerStep1(portal: Portal, employees: string) {
  const page = portal.page;
  await page.getByLabel('Name des Betriebs').fill('Tischlerei Jensen');
  await page.getByLabel('Rechtsform').selectOption({ label: 'Einzelunternehmen' });
  await page.getByLabel('Angemeldete Tätigkeit').fill('Möbeltischlerei und Innenausbau');
  await portal.fillDate('Beginn der Tätigkeit', new Date());
  await answerGewA1Business(portal);
  await page.getByLabel(/^Anzahl der Beschäftigten/).fill(employees);
}

function stepLink(page: Page, name: string) {
  return page.getByRole('navigation', { name: 'Schritte des Antrags' }).getByRole('link', { name });
}

test('only the step shown is in the document, before and after "Next" and "Back"', async ({ page }) => {
  const portal = new Portal(page);
  await page.goto('/services/99050012104000/form/1');
  await portal.expectStep(1, 3, 'Betrieb');
  await idle(page);
  // Step 2 is built by now, out of the document.
  await expect(page.locator('.step-fields')).toHaveCount(1);
  await expect(page.getByLabel('Vorname')).toHaveCount(0);

  await answerStep1(portal, '0');
  await portal.continue();
  await portal.expectStep(2, 3, 'Inhaberin oder Inhaber');
  await idle(page);
  await expect(page.locator('.step-fields')).toHaveCount(1);
  await expect(page.getByLabel('Name des Betriebs')).toHaveCount(0);
  await expect(page.getByLabel('Vorname')).toBeVisible();
  await portal.expectAccessible();

  // The browser's Back shows step 1 as it was left, then Forward step 2.
  await page.goBack();
  await portal.expectStep(1, 3, 'Betrieb');
  await expect(page.getByLabel('Name des Betriebs')).toHaveValue('Tischlerei Jensen');
  await expect(page.getByLabel(/^Anzahl der Beschäftigten/)).toHaveValue('0');
  await expect(page.locator('.step-fields')).toHaveCount(1);
  await expect(page.getByLabel('Vorname')).toHaveCount(0);
  await page.goForward();
  await portal.expectStep(2, 3, 'Inhaberin oder Inhaber');
  await expect(page.locator('.step-fields')).toHaveCount(1);
  await expect(page.getByLabel('Name des Betriebs')).toHaveCount(0);
});

test('a step built out of the page follows the answers given meanwhile: its error and marks', async ({ page }) => {
  const portal = new Portal(page);
  // The phone number is required when the business has employees (an answer of step 1).
  await serveDefinitionWith(page, 'gewerbeanmeldung', 1, 'phone', { required_when: 'employees > 0' });
  await page.goto('/services/99050012104000/form/1');
  await answerStep1(portal, '0');
  await portal.continue();

  // Step 2 with the phone number left empty, and left: not required, no error.
  await portal.expectStep(2, 3, 'Inhaberin oder Inhaber');
  const phone = page.getByLabel(/^Telefonnummer/);
  await phone.focus();
  await phone.blur();
  await expect(phone).not.toHaveAttribute('aria-invalid', /.*/);

  // Back on step 1, the business gets employees: step 2, kept out of the page, now has an
  // error on the phone number, which shows with its marks when step 2 shows again.
  await stepLink(page, 'Betrieb').click();
  await portal.expectStep(1, 3, 'Betrieb');
  await page.getByLabel(/^Anzahl der Beschäftigten/).fill('3');
  await portal.continue();
  await portal.expectStep(2, 3, 'Inhaberin oder Inhaber');
  await expect(phone).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#f-phone-error')).toContainText('Telefonnummer');
  await expect(phone).toHaveAttribute('aria-describedby', /f-phone-error/);
  await portal.expectAccessible();

  // And without employees again, the error and its marks are gone.
  await stepLink(page, 'Betrieb').click();
  await page.getByLabel(/^Anzahl der Beschäftigten/).fill('0');
  await portal.continue();
  await portal.expectStep(2, 3, 'Inhaberin oder Inhaber');
  await expect(page.locator('#f-phone-error')).toHaveCount(0);
  await expect(phone).not.toHaveAttribute('aria-invalid', /.*/);
  await expect(phone).not.toHaveAttribute('aria-describedby', /f-phone-error/);
});

test('a step built out of the page follows the language', async ({ page }) => {
  const portal = new Portal(page);
  await page.goto('/services/99050012104000/form/1');
  await answerStep1(portal, '0');
  await idle(page);
  // Step 2 was built in German; the citizen switches to English before going on.
  await page.getByRole('button', { name: 'Sprache wechseln: English' }).click();
  await expect(page.getByLabel('Business name')).toHaveValue('Tischlerei Jensen');
  await portal.continue();
  await portal.expectStep(2, 3, 'Owner');
  await expect(page.getByLabel('First name', { exact: true })).toBeVisible();
  await expect(page.getByLabel('Vorname')).toHaveCount(0);
  await expect(page.getByRole('group', { name: 'Your home address' }).getByLabel('Postcode')).toBeVisible();
});

test('"delete my answers" leaves no step built with what was typed in it', async ({ page }) => {
  const portal = new Portal(page);
  await page.goto('/services/99050012104000/form/1');
  await gewerbeanmeldungUpToPremises(portal, 'Fahrrad Möller');
  // Typed into the municipality search, not chosen: not an answer, only in the control.
  const search = page.getByRole('searchbox', { name: 'Gemeinde der Betriebsstätte' });
  await search.fill('Hei');
  await page.getByRole('button', { name: 'Meine Angaben löschen' }).click();
  await page.getByRole('group', { name: /Wollen Sie wirklich/ }).getByRole('button', { name: 'Ja, Angaben löschen' }).click();
  await portal.expectStep(1, 3, 'Betrieb');
  await expect(page.getByLabel('Name des Betriebs')).toHaveValue('');

  // Step 3, which showed when the answers were deleted, is built anew: nothing of it kept.
  await gewerbeanmeldungUpToPremises(portal, 'Fahrrad Möller');
  await expect(search).toHaveValue('');
});

test('without requestIdleCallback (Safari) every step is built when it shows', async ({ page }) => {
  await page.addInitScript(() => {
    delete (window as any).requestIdleCallback;
  });
  const portal = new Portal(page);
  await page.goto('/services/99050012104000/form/1');
  await portal.expectStep(1, 3, 'Betrieb');
  expect(await page.evaluate(() => typeof (window as any).requestIdleCallback)).toBe('undefined');
  await answerStep1(portal, '0');
  await portal.continue();
  await portal.expectStep(2, 3, 'Inhaberin oder Inhaber');
  await expect(page.getByLabel('Vorname')).toBeVisible();
  await expect(page.locator('.step-fields')).toHaveCount(1);
  await page.goBack();
  await portal.expectStep(1, 3, 'Betrieb');
  await expect(page.getByLabel('Name des Betriebs')).toHaveValue('Tischlerei Jensen');
});
