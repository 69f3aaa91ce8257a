// SPDX-License-Identifier: EUPL-1.2
// A page whose data does not load (accessibility walk): it still has its heading (h1),
// says what went wrong in an alert and offers to try again, which loads the page without
// reloading the portal, and the page's heading takes the focus from the button that is
// gone then. On the start page, the service page and a form's page.
import { test, expect, Page, Route } from '@playwright/test';
import { Portal } from './fixtures/portal';

const GEWA = '/services/99050012104000';

/** The API's answers at `url` fail (the connection drops) until `restore` is called. */
async function failing(page: Page, url: RegExp) {
  const handler = (route: Route) => route.abort();
  await page.route(url, handler);
  return () => page.unroute(url, handler);
}

async function expectFailedWithRetry(page: Page, portal: Portal, heading: string | RegExp) {
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('Keine Verbindung. Prüfen Sie Ihre Internetverbindung.');
  await expect(page.getByRole('heading', { level: 1 })).toHaveCount(1);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
  // Below the alert (which says what happened), the way to try again.
  await expect(page.getByRole('button', { name: 'Erneut versuchen' })).toBeVisible();
  await portal.expectAccessible();
}

test('a service page that did not load has a heading and tries again', async ({ page }) => {
  const portal = new Portal(page);
  await portal.openStart();
  const restore = await failing(page, /\/api\/services\/99050012104000\?/);
  await page.getByRole('link', { name: 'Gewerbeanmeldung', exact: true }).first().click();
  await expectFailedWithRetry(page, portal, 'Diese Seite konnte nicht geladen werden');
  // A navigation here: the heading has the focus, and the title says what happened.
  await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
  await expect(page).toHaveTitle(/^Diese Seite konnte nicht geladen werden – /);

  // Trying again while it still fails: the same page again.
  await page.getByRole('button', { name: 'Erneut versuchen' }).click();
  await expectFailedWithRetry(page, portal, 'Diese Seite konnte nicht geladen werden');
  await expect(page.getByRole('heading', { level: 1 })).toBeFocused();

  await restore();
  await page.getByRole('button', { name: 'Erneut versuchen' }).click();
  // The button is gone: the page's heading takes the focus.
  await expect(page.getByRole('heading', { level: 1, name: 'Gewerbeanmeldung' })).toBeFocused();
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(page).toHaveTitle(/^Gewerbeanmeldung – /);
});

test('a start page whose catalogue did not load keeps its heading and tries again', async ({ page }) => {
  const portal = new Portal(page);
  const restore = await failing(page, /\/catalogue\?/);
  await page.goto('/');
  await expectFailedWithRetry(page, portal, /^Leistungen/);
  await restore();
  await page.getByRole('button', { name: 'Erneut versuchen' }).click();
  await expect(page.locator('main .service-list__link').first()).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
});

test("a form's page whose definition did not load has a heading and tries again", async ({ page }) => {
  const portal = new Portal(page);
  await page.goto(GEWA);
  await portal.choosePlace('25746', '25746 Heide');
  const restore = await failing(page, /\/api\/services\/99050012104000\/definition/);
  await portal.start();
  await expectFailedWithRetry(page, portal, 'Diese Seite konnte nicht geladen werden');
  await page.getByRole('button', { name: /English/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('This page could not be loaded');
  await expect(page.getByRole('button', { name: 'Try again' })).toBeVisible();

  await restore();
  await page.getByRole('button', { name: 'Try again' }).click();
  await portal.expectStep(1, 3, /Betrieb|Business/);
});
