// SPDX-License-Identifier: EUPL-1.2
// Two tabs of one browser hold copies of the same draft: sending it in one and then in
// the other is one application, not two (PRODUCT.md: submitting twice must never create
// two). A probe in session 31 got two references.
import { test, expect } from '@playwright/test';
import { Portal } from './fixtures/portal';
import { completeGewerbeanmeldung, startGewerbeanmeldungInHeide } from './fixtures/applications';

test('the same answers sent from a second tab lead to the first tab\'s receipt, not a second application', async ({ context }) => {
  test.setTimeout(120_000);
  const first = new Portal(await context.newPage());
  await startGewerbeanmeldungInHeide(first);
  await completeGewerbeanmeldung(first, `Zwei Fenster ${Date.now()}`);
  const checkPage = first.page.url();
  // The draft is saved a moment after the last change; the second tab reads it.
  await expect.poll(() => first.page.evaluate(() => Object.keys(localStorage).some((k) => k.startsWith('bp-draft:')))).toBe(true);
  const second = new Portal(await context.newPage());
  await second.page.goto(checkPage);
  await second.expectCheckPage();

  await first.submitButton().click();
  const reference = await first.expectReceipt();
  await second.submitButton().click();
  expect(await second.expectReceipt()).toBe(reference);
  await second.expectAccessible();
});
