// SPDX-License-Identifier: EUPL-1.2
// The screenshots of the documentation, at a phone's 360 px: the start page, a form step
// with errors, the check-answers page and the confirmation; at 360 and 1280 px a
// municipality's own portal (issue #18): its start page, a service page with the
// competent authority's contact, and the legal pages of its footer. Every run checks these pages
// (no sideways scrolling, axe) and keeps the pictures as artefacts; with
// UPDATE_DOCS_SCREENSHOTS=1 (`npm run screenshots`) they replace the committed files
// docs/screenshots/{360,1280}-*.png.
import { test, expect, Page } from '@playwright/test';
import { Portal } from './fixtures/portal';
import { completeGewerbeanmeldung } from './fixtures/applications';

const target = process.env.UPDATE_DOCS_SCREENSHOTS === '1' ? 'docs/screenshots' : 'e2e/artifacts/screenshots/docs';

async function keep(page: Page, portal: Portal, name: string, width = 360) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `${name} scrolls sideways`).toBeLessThanOrEqual(0);
  await portal.expectAccessible();
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: `${target}/${width}-${name}.png`, fullPage: true, animations: 'disabled', caret: 'hide' });
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
  // Before sending: what is processed, by whom, how long (issue #18), in a new tab.
  const privacy = page.getByRole('link', { name: 'Datenschutzerklärung (öffnet in neuem Tab)' });
  await expect(privacy).toHaveAttribute('href', /\/datenschutz$/);
  await expect(privacy).toHaveAttribute('target', '_blank');
  await page.evaluate(() => window.scrollTo(0, 0));
  await keep(page, portal, 'check-answers');

  await portal.submitButton().click();
  await portal.expectReceipt();
  // The receipt says how to reach the competent authority (issue #18).
  await expect(page.locator('.contact')).toContainText('Postelweg 1');
  await expect(page.locator('.contact')).toContainText('Öffnungszeiten:');
  await keep(page, portal, 'confirmation');
});

const KREIS = '010510000000';

for (const width of [360, 1280]) {
  test(`screenshots at ${width} px: a municipality's start page, a service page with the authority's contact, the legal pages`, async ({ page }) => {
    test.setTimeout(60_000);
    await page.setViewportSize({ width, height: width === 360 ? 740 : 900 });
    const portal = new Portal(page);

    await page.goto(`/m/${KREIS}/`);
    await expect(page.getByRole('link', { name: 'Bürgerportal Kreis Dithmarschen' })).toBeVisible();
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Leistungen');
    await keep(page, portal, 'municipality-start', width);

    await portal.openService('Gewerbeanmeldung');
    await portal.choosePlace('25746', '25746 Heide');
    await expect(page.locator('#place-result .contact')).toContainText('Öffnungszeiten');
    await keep(page, portal, 'service-contact', width);

    for (const slug of ['impressum', 'datenschutz', 'barrierefreiheit', 'leichte-sprache']) {
      await page.goto(`/m/${KREIS}/${slug}`);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      await keep(page, portal, slug, width);
    }
  });
}
