// SPDX-License-Identifier: EUPL-1.2
// Phones from 320 px: no page scrolls sideways; screenshots at 360 px are kept as
// artefacts (e2e/artifacts/screenshots).
import { test, expect, Page } from '@playwright/test';
import { Portal } from './fixtures/portal';

async function expectNoSidewaysScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

async function keep(page: Page, name: string) {
  await page.screenshot({ path: `e2e/artifacts/screenshots/${name}-360.png`, fullPage: true });
}

for (const width of [320, 360]) {
  test(`pages fit a ${width} px wide phone`, async ({ page }) => {
    await page.setViewportSize({ width, height: 740 });
    const portal = new Portal(page);
    await portal.openStart();
    await expectNoSidewaysScroll(page);
    if (width === 360) await keep(page, 'start');

    await page.goto('/services/99050012104000');
    await expect(page.getByRole('heading', { level: 1, name: 'Gewerbeanmeldung' })).toBeVisible();
    await expectNoSidewaysScroll(page);

    await page.goto('/services/99050012104000/form/1');
    await portal.next().click();
    await expect(portal.errorSummary()).toBeVisible();
    await expectNoSidewaysScroll(page);
    if (width === 360) await keep(page, 'step-with-errors');
  });
}
