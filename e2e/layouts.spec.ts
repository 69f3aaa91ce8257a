// SPDX-License-Identifier: EUPL-1.2
// The KERN UX look at a phone's 360 px and a desktop's 1280 px: every page of one
// application (start, service, step with errors, check answers, confirmation) fits without
// sideways scrolling, passes axe, and is kept as a screenshot artefact
// (e2e/artifacts/screenshots/layout-<width>-<page>.png), with the receipt as printed.
// KERN's font is self-hosted: Fira Sans comes from the portal's own origin.
import { test, expect, Page } from '@playwright/test';
import { Portal } from './fixtures/portal';
import { answerGewA1Business, answerGewA1Owner } from './fixtures/applications';

async function check(page: Page, portal: Portal, width: number, name: string) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `${name} scrolls sideways at ${width} px`).toBeLessThanOrEqual(0);
  await portal.expectAccessible();
  await page.screenshot({ path: `e2e/artifacts/screenshots/layout-${width}-${name}.png`, fullPage: true });
}

for (const width of [360, 1280]) {
  test(`KERN layout at ${width} px: one application, page by page`, async ({ page }) => {
    await page.setViewportSize({ width, height: width < 600 ? 740 : 800 });
    const portal = new Portal(page);
    const fonts: string[] = [];
    page.on('response', (response) => {
      if (response.url().endsWith('.woff2') && response.ok()) fonts.push(new URL(response.url()).pathname);
    });

    await portal.openStart();
    await page.evaluate(() => document.fonts.ready);
    expect(await page.evaluate(() => document.fonts.check('1rem "Fira Sans"'))).toBe(true);
    await check(page, portal, width, '1-start');

    await portal.openService('Gewerbeanmeldung');
    await portal.choosePlace('25746', '25746 Heide');
    await check(page, portal, width, '2-service');

    await portal.start();
    await expect(page.getByText('Schritt 1 von 3')).toBeVisible();
    await portal.next().click();
    await expect(portal.errorSummary()).toBeVisible();
    await check(page, portal, width, '3-step-with-errors');

    await page.getByLabel('Name des Betriebs').fill('Fahrradladen Möller');
    await page.getByLabel('Rechtsform').selectOption({ label: 'Einzelunternehmen' });
    await page.getByLabel('Angemeldete Tätigkeit').fill('Einzelhandel mit Fahrrädern und Zubehör');
    await portal.fillDate('Beginn der Tätigkeit', new Date());
    await answerGewA1Business(portal);
    await portal.next().click();
    await expect(page.getByText('Schritt 2 von 3')).toBeVisible();
    await page.getByLabel('Vorname').fill('Jana');
    await page.getByLabel('Nachname').fill('Möller');
    await answerGewA1Owner(portal);
    await page.getByLabel('E-Mail-Adresse').fill('jana.moeller@example.org');
    await portal.next().click();
    await expect(page.getByText('Schritt 3 von 3')).toBeVisible();
    await page.getByLabel('Straße').fill('Süderstraße');
    await page.getByLabel('Hausnummer').fill('12a');
    await page.getByLabel('Postleitzahl').fill('25746');
    await page.getByLabel('Ort').fill('Heide');
    await portal.next().click();

    await expect(page.getByRole('heading', { level: 1, name: 'Angaben prüfen' })).toBeVisible();
    await check(page, portal, width, '4-check-answers');

    await page.getByRole('button', { name: 'Antrag absenden' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Antrag gesendet' })).toBeVisible();
    await check(page, portal, width, '5-confirmation');

    // The receipt as printed: no header, no print button.
    await page.emulateMedia({ media: 'print' });
    await expect(page.getByRole('banner')).toBeHidden();
    await expect(page.getByRole('button', { name: /drucken|print/i })).toBeHidden();
    await page.screenshot({ path: `e2e/artifacts/screenshots/layout-${width}-6-receipt-print.png`, fullPage: true });

    expect(fonts.length).toBeGreaterThan(0);
    for (const font of fonts) expect(font).toMatch(/^\/fonts\/FiraSans-(Regular|SemiBold)\.woff2$/);
  });
}
