// SPDX-License-Identifier: EUPL-1.2
// Issue #19, item 2: a refusal that concerns no question is said with a way forward. A
// real server that takes one submission per minute from a client
// (`--submissions-per-minute 1`): the second application within the minute is refused
// (429); the check page says why, that the answers are kept and when to send again, and
// sending stays possible. Nothing was stored for it.
import { test, expect } from '@playwright/test';
import { Portal } from './fixtures/portal';
import { completeGewerbeanmeldung } from './fixtures/applications';
import { queryDb, startSystem, System } from './support/system';

let system: System;

test.beforeAll(async () => {
  system = await startSystem({ serveArgs: ['--submissions-per-minute', '1'] });
});

test.afterAll(async () => {
  await system?.stop();
});

/** The server counts submissions per minute of its clock (this machine's): waits, if
 * need be, until a minute has at least 20 s left, so that two submissions sent one right
 * after the other fall into the same one. */
async function earlyInAMinute(page: import('@playwright/test').Page) {
  const seconds = new Date().getSeconds();
  if (seconds > 40) await page.waitForTimeout((61 - seconds) * 1000);
}

test('too many applications in a minute: told why, answers kept, sending again possible', async ({ browser }) => {
  test.setTimeout(180_000);
  const context = await browser.newContext({ baseURL: system.url });
  // Two applications, each up to its check page in a tab of its own.
  const tabs = [];
  for (const tradeName of [`Erster Laden ${Date.now()}`, `Zweiter Laden ${Date.now()}`]) {
    const page = await context.newPage();
    const portal = new Portal(page);
    await page.goto('/services/99050012104000');
    if (tabs.length === 0) await portal.choosePlace('25746', '25746 Heide');
    await portal.start();
    await completeGewerbeanmeldung(portal, tradeName);
    tabs.push({ page, portal, tradeName });
  }
  await earlyInAMinute(tabs[0].page);
  await tabs[0].portal.submitButton().click();
  await tabs[0].portal.expectReceipt();

  const { page, portal, tradeName } = tabs[1];
  await portal.submitButton().click();
  const notice = page.getByText(/^Ihr Antrag wurde nicht gesendet: Von Ihrem Anschluss kamen in kurzer Zeit zu viele Anträge\./);
  await expect(notice).toBeVisible({ timeout: 20_000 });
  await expect(notice).toContainText('Ihre Angaben bleiben erhalten. Bitte warten Sie eine Minute und senden Sie dann erneut.');
  await expect(portal.answer('Betriebsname')).toHaveText(tradeName);
  await expect(portal.submitButton()).toBeEnabled();
  await portal.expectAccessible();
  expect(queryDb("SELECT reference FROM submissions WHERE status <> 'draft'", system.dbPath)).toHaveLength(1);
  await context.close();
});
