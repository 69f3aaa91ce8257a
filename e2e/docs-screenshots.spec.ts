// SPDX-License-Identifier: EUPL-1.2
// The screenshots of the documentation, at a phone's 360 px: the start page, a form step
// with errors, the check-answers page and the confirmation. Every run checks these pages
// (no sideways scrolling, axe) and keeps the pictures as artefacts; with
// UPDATE_DOCS_SCREENSHOTS=1 (`npm run screenshots`) they replace the committed files
// docs/screenshots/360-*.png.
import { test, expect, Page } from '@playwright/test';
import { Portal } from './fixtures/portal';
import { completeGewerbeanmeldung } from './fixtures/applications';

const target = process.env.UPDATE_DOCS_SCREENSHOTS === '1' ? 'docs/screenshots' : 'e2e/artifacts/screenshots/docs';

async function keep(page: Page, portal: Portal, name: string) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `${name} scrolls sideways`).toBeLessThanOrEqual(0);
  await portal.expectAccessible();
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: `${target}/360-${name}.png`, fullPage: true, animations: 'disabled', caret: 'hide' });
}

test('screenshots at 360 px: start, step with errors, check answers, confirmation', async ({ page }) => {
  test.setTimeout(60_000);
  await page.setViewportSize({ width: 360, height: 740 });
  const portal = new Portal(page);

  await portal.openStart();
  await keep(page, portal, 'start');

  await portal.openService('Gewerbeanmeldung');
  await portal.choosePlace('25746', '25746 Heide');
  await portal.start();
  await portal.expectStep(1, 3, 'Betrieb');
  await portal.pressNext();
  await expect(portal.errorSummary()).toBeFocused();
  // The summary at the top, as the citizen sees it after pressing "Next".
  await page.evaluate(() => window.scrollTo(0, 0));
  await keep(page, portal, 'step-with-errors');

  await completeGewerbeanmeldung(portal, 'Fahrradladen Möller');
  await page.evaluate(() => window.scrollTo(0, 0));
  await keep(page, portal, 'check-answers');

  await portal.submitButton().click();
  await portal.expectReceipt();
  await keep(page, portal, 'confirmation');
});
