// SPDX-License-Identifier: EUPL-1.2
// Issue #18: a municipality's own portal at /m/{ars}/: its name, logo and colours, its
// catalogue, its legal pages in the footer, and on a service page the competent
// authority's contact (address, phone, e-mail, opening hours). The portal's root is the
// portal of the municipality the server is run for (Kreis Dithmarschen by default).
import { test, expect } from '@playwright/test';
import { Portal } from './fixtures/portal';
import { startSystem, System } from './support/system';

const HEIDE = '010510044044';
const MELDORF = '010515175074';
const HEIDE_PRIMARY = '#8a1538';

test("Heide's portal: its name, look, catalogue and routes below /m/{ars}/", async ({ page }) => {
  const portal = new Portal(page);
  await page.goto(`/m/${HEIDE}/`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Leistungen');
  const home = page.getByRole('link', { name: 'Bürgerportal Stadt Heide' });
  await expect(home).toBeVisible();
  await expect(home.locator('img')).toHaveAttribute('src', `/api/municipalities/${HEIDE}/logo`);
  // The theme's primary colour on the links.
  await expect
    .poll(() => page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--kern-color-action-default').trim()))
    .toBe(HEIDE_PRIMARY);
  await portal.expectAccessible();

  await portal.openService('Gewerbeanmeldung');
  expect(new URL(page.url()).pathname).toBe(`/m/${HEIDE}/services/99050012104000`);
  // A reload keeps the municipality and the page.
  await page.reload();
  await expect(page.getByRole('link', { name: 'Bürgerportal Stadt Heide' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: 'Gewerbeanmeldung' })).toBeVisible();
  await page.getByRole('link', { name: 'Bürgerportal Stadt Heide' }).click();
  expect(new URL(page.url()).pathname).toBe(`/m/${HEIDE}/`);

  // Heide's own legal pages.
  await page.getByRole('link', { name: 'Impressum', exact: true }).click();
  expect(new URL(page.url()).pathname).toBe(`/m/${HEIDE}/impressum`);
  await expect(page.getByText('Postelweg 1').first()).toBeVisible();
  await page.getByRole('link', { name: 'Zurück zum Bürgerportal' }).click();
  expect(new URL(page.url()).pathname).toBe(`/m/${HEIDE}/`);
  await expect(page.getByRole('link', { name: 'Bürgerportal Stadt Heide' })).toBeVisible();
});

test("a Gemeinde without documents of its own shows its Kreis's under its own name", async ({ page }) => {
  await page.goto(`/m/${MELDORF}/`);
  await expect(page.getByRole('link', { name: 'Stadt Meldorf' })).toBeVisible();
  await page.getByRole('link', { name: 'Erklärung zur Barrierefreiheit' }).click();
  expect(new URL(page.url()).pathname).toBe(`/m/${MELDORF}/barrierefreiheit`);
  await expect(page.getByRole('link', { name: 'Stadt Meldorf' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'barrierefreiheit@dithmarschen.example' })).toBeVisible();
});

test("a service page shows the competent authority's contact", async ({ page }) => {
  const portal = new Portal(page);
  await page.goto(`/m/${HEIDE}/`);
  await portal.openService('Gewerbeanmeldung');
  await portal.choosePlace('25746', '25746 Heide');
  const result = page.locator('#place-result');
  await expect(result.getByText('Kontakt')).toBeVisible();
  await expect(result.locator('.contact')).toContainText('Postelweg 1');
  await expect(result.locator('.contact')).toContainText('Telefon:');
  await expect(result.locator('.contact')).toContainText('Öffnungszeiten: Mo, Di, Fr 8:00–12:00 Uhr');
  await portal.expectAccessible();
  // In English, after a reload: the contact is kept with the chosen place.
  await page.getByRole('button', { name: /Sprache wechseln/ }).click();
  await page.reload();
  await expect(page.locator('#place-result .contact')).toContainText('Postelweg 1');
});

const KREIS = '010510000000';
const KREIS_PRIMARY = '#00527a';

const primaryColour = (page: import('@playwright/test').Page) =>
  page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--kern-color-action-default').trim());

test("the portal's root is Kreis Dithmarschen's: its name, logo, colours, catalogue and legal pages", async ({ page }) => {
  const portal = new Portal(page);
  await page.goto('/');
  const home = page.getByRole('link', { name: 'Bürgerportal Kreis Dithmarschen' });
  await expect(home).toBeVisible();
  await expect(home.locator('img')).toHaveAttribute('src', `/api/municipalities/${KREIS}/logo`);
  await expect.poll(() => primaryColour(page)).toBe(KREIS_PRIMARY);
  // The Kreis's catalogue: its own services (a Kreis service) are listed.
  await expect(page.getByRole('link', { name: 'Versammlungsanzeige' })).toBeVisible();
  await portal.expectAccessible();
  // The root's routes stay at the root, and its legal pages are the root's.
  await portal.openService('Gewerbeanmeldung');
  expect(new URL(page.url()).pathname).toBe('/services/99050012104000');
  await page.reload();
  await expect(home).toBeVisible();
  await expect(page.getByRole('link', { name: 'Impressum', exact: true })).toHaveAttribute('href', /\/impressum$/);
  expect(await page.getByRole('link', { name: 'Impressum', exact: true }).getAttribute('href')).not.toContain('/m/');
  // The browser's own back returns to the themed start page.
  await page.goBack();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Leistungen');
  await expect(home).toBeVisible();
});

test.describe('a server run for one municipality (serve --municipality)', () => {
  let system: System;
  test.beforeAll(async () => {
    system = await startSystem({ serveArgs: ['--municipality', HEIDE] });
  });
  test.afterAll(async () => {
    await system?.stop();
  });

  test("its root shows that municipality's portal and legal pages", async ({ browser }) => {
    const context = await browser.newContext({ baseURL: system.url });
    const page = await context.newPage();
    const portal = new Portal(page);
    await page.goto('/');
    await expect(page.getByRole('link', { name: 'Bürgerportal Stadt Heide' })).toBeVisible();
    await expect.poll(() => primaryColour(page)).toBe(HEIDE_PRIMARY);
    await portal.expectAccessible();
    await page.getByRole('link', { name: 'Impressum', exact: true }).click();
    expect(new URL(page.url()).pathname).toBe('/impressum');
    await expect(page.getByText('Postelweg 1').first()).toBeVisible();
    await context.close();
  });
});
