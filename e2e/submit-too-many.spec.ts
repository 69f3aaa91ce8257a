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

test('too many applications in a minute: told why, answers kept, sending again possible', async ({ browser }) => {
  test.setTimeout(150_000);
  const context = await browser.newContext({ baseURL: system.url });
  const page = await context.newPage();
  const portal = new Portal(page);
  for (const [n, tradeName] of [`Erster Laden ${Date.now()}`, `Zweiter Laden ${Date.now()}`].entries()) {
    await page.goto('/services/99050012104000');
    if (n === 0) await portal.choosePlace('25746', '25746 Heide');
    await portal.start();
    await completeGewerbeanmeldung(portal, tradeName);
    await portal.submitButton().click();
    if (n === 0) {
      await portal.expectReceipt();
      continue;
    }
    const notice = page.getByText(/^Ihr Antrag wurde nicht gesendet: Von Ihrem Anschluss kamen in kurzer Zeit zu viele Anträge\./);
    await expect(notice).toBeVisible({ timeout: 20_000 });
    await expect(notice).toContainText('Ihre Angaben bleiben erhalten. Bitte warten Sie eine Minute und senden Sie dann erneut.');
    await expect(portal.answer('Betriebsname')).toHaveText(tradeName);
    await expect(portal.submitButton()).toBeEnabled();
    await portal.expectAccessible();
  }
  expect(queryDb("SELECT reference FROM submissions WHERE status <> 'draft'", system.dbPath)).toHaveLength(1);
  await context.close();
});
