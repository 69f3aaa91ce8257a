// SPDX-License-Identifier: EUPL-1.2
// Issue #18: the footer on every page links the municipality's legal and accessibility
// pages (Impressum, Datenschutzerklärung, Erklärung zur Barrierefreiheit, Leichte
// Sprache), which the server writes from the municipality's data; in German and English,
// each one free of axe-core violations, without a script.
import { test, expect, Page } from '@playwright/test';
import { Portal } from './fixtures/portal';

const PAGES_DE = ['Impressum', 'Datenschutzerklärung', 'Erklärung zur Barrierefreiheit', 'Barrierefreiheit in Leichter Sprache'];
const PAGES_EN = ['Legal notice', 'Privacy policy', 'Accessibility statement', 'Accessibility in Easy German (Leichte Sprache)'];

function footer(page: Page, lang: 'de' | 'en' = 'de') {
  return page.getByRole('navigation', { name: lang === 'de' ? 'Rechtliches und Barrierefreiheit' : 'Legal and accessibility' });
}

test('the portal footer leads to every legal page, each accessible and with the same footer', async ({ page }) => {
  const portal = new Portal(page);
  const scripts: string[] = [];
  page.on('request', (request) => {
    if (request.resourceType() === 'script') scripts.push(request.url());
  });
  await portal.openStart();
  await expect(footer(page).getByRole('link')).toHaveText(PAGES_DE);
  for (const [i, title] of PAGES_DE.entries()) {
    await portal.openStart();
    await footer(page).getByRole('link', { name: title, exact: true }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
    // The pages of the default municipality, Kreis Dithmarschen, at the portal's root.
    expect(new URL(page.url()).pathname).toBe(['/impressum', '/datenschutz', '/barrierefreiheit', '/leichte-sprache'][i]);
    await expect(page.getByRole('link', { name: 'Bürgerportal Kreis Dithmarschen' })).toBeVisible();
    await expect(footer(page).getByRole('link', { name: title, exact: true })).toHaveAttribute('aria-current', 'page');
    scripts.length = 0;
    await page.reload();
    expect(scripts, 'a legal page loads no script').toEqual([]);
    await portal.expectAccessible();
  }
});

test('the privacy policy says what is processed before sending, by whom and for how long', async ({ page }) => {
  await page.goto('/datenschutz');
  const notice = page.getByRole('heading', { name: /Bevor Sie einen Antrag absenden/ });
  await expect(notice).toBeVisible();
  // The deployment's retention settings (the defaults: 7 days, 30 days, 6 hours).
  await expect(page.getByText(/7 Tage nach der Entscheidung der Behörde gelöscht/)).toBeVisible();
  await expect(page.getByText(/nach 30 Tagen gelöscht/).first()).toBeVisible();
  await expect(page.getByText(/nach 6 Stunden gelöscht/)).toBeVisible();
  await expect(page.getByText(/Lesen kann sie nur die zuständige Stelle/)).toBeVisible();
});

test('the accessibility statement names a feedback contact; Leichte Sprache is German on the English page too', async ({ page }) => {
  const portal = new Portal(page);
  await page.goto('/barrierefreiheit');
  await expect(page.getByRole('heading', { name: 'Barrieren melden: Kontakt zur Feedback-Stelle' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'barrierefreiheit@dithmarschen.example' })).toHaveAttribute(
    'href',
    'mailto:barrierefreiheit@dithmarschen.example',
  );
  await expect(page.getByText(/BITV 2\.0/).first()).toBeVisible();

  await page.goto('/leichte-sprache?lang=en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Accessibility in Easy German (Leichte Sprache)');
  await expect(page.locator('.legal-text')).toHaveAttribute('lang', 'de');
  await expect(page.getByRole('heading', { name: 'Was bedeutet barriere-frei?' })).toBeVisible();
  await portal.expectAccessible();
});

test('in English: the footer, every legal page and the way back to German', async ({ page }) => {
  const portal = new Portal(page);
  await portal.openStart();
  await page.getByRole('button', { name: /Sprache wechseln/ }).click();
  await expect(footer(page, 'en').getByRole('link')).toHaveText(PAGES_EN);
  await footer(page, 'en').getByRole('link', { name: 'Privacy policy' }).click();
  await expect(page).toHaveURL(/\/datenschutz\?lang=en$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Privacy policy');
  await expect(page.getByText(/deleted 7 days after the authority's decision/)).toBeVisible();
  await portal.expectAccessible();
  for (const [i, title] of PAGES_EN.entries()) {
    await footer(page, 'en').getByRole('link', { name: title, exact: true }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
    await portal.expectAccessible();
    if (i === 0) await expect(page.getByText(/This citizen portal is provided by/)).toBeVisible();
  }
  await page.getByRole('link', { name: /Change language/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Barrierefreiheit in Leichter Sprache');
  await page.getByRole('link', { name: 'Zurück zum Bürgerportal' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(/Leistungen|Services/);
});
