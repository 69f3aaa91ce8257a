// SPDX-License-Identifier: EUPL-1.2
// The start page's search as citizens use it (accessibility walk): the text is kept in
// the address, so that the browser's Back, Forward and Reload bring it back with its
// results, and typing adds no history entry per key; a screen reader hears how many
// services were found (a short status), not the whole list at every keystroke.
import { test, expect, Page } from '@playwright/test';
import { Portal } from './fixtures/portal';

function search(page: Page) {
  return page.getByRole('searchbox', { name: /^(Leistung suchen|Search for a service)$/ });
}

function serviceLinks(page: Page) {
  return page.locator('main .service-list__link');
}

/** The status that says how many services were found (not the one of "Loading"). */
function found(page: Page) {
  return page.getByRole('status').filter({ hasNotText: /Wird geladen|Loading/ });
}

const query = (page: Page) => new URL(page.url()).searchParams;

test('the search is kept in the address: Back, Forward and Reload bring it back', async ({ page }) => {
  const portal = new Portal(page);
  await portal.openStart();
  const all = await serviceLinks(page).count();
  const entries = await page.evaluate(() => history.length);

  // Typed key by key, as citizens do: the address follows, the history does not grow.
  await search(page).pressSequentially('Baum');
  await expect.poll(() => query(page).get('q')).toBe('Baum');
  await expect(serviceLinks(page)).toHaveText(['Baumfällgenehmigung']);
  expect(await page.evaluate(() => history.length)).toBe(entries);
  await expect(search(page)).toBeFocused();

  // The result count is a short status; the list itself is no live region.
  await expect(found(page)).toHaveText('Gefundene Leistungen: 1');
  await expect(page.locator('[aria-live], [role=status], [role=alert]').filter({ has: serviceLinks(page) })).toHaveCount(0);
  await portal.expectAccessible();

  await portal.openService('Baumfällgenehmigung');
  await page.goBack();
  await expect(page.getByRole('heading', { level: 1, name: /Leistungen/ })).toBeVisible();
  await expect(search(page)).toHaveValue('Baum');
  await expect(serviceLinks(page)).toHaveText(['Baumfällgenehmigung']);
  await portal.expectAccessible();

  await page.reload();
  await expect(search(page)).toHaveValue('Baum');
  await expect(serviceLinks(page)).toHaveText(['Baumfällgenehmigung']);

  await page.goForward();
  await expect(page.getByRole('heading', { level: 1, name: 'Baumfällgenehmigung' })).toBeVisible();
  await page.goBack();
  await expect(search(page)).toHaveValue('Baum');

  // Emptied, the search leaves the address and the whole catalogue is back.
  await search(page).fill('');
  await expect.poll(() => page.url()).not.toContain('q=');
  // The last results stay until the whole catalogue has come, which empties the count.
  await expect(found(page)).toHaveText('');
  await expect(serviceLinks(page).first()).toBeVisible();
  expect(await serviceLinks(page).count()).toBeGreaterThanOrEqual(all);
});

test('a search with spaces and signs of URLs survives a reload; none found is said too', async ({ page }) => {
  const portal = new Portal(page);
  await page.goto('/?category=umwelt-natur');
  await expect(serviceLinks(page).first()).toBeVisible();
  const text = 'Baum & Ast=50% +ä#?';
  await search(page).fill(text);
  // The topic stays beside the search.
  await expect.poll(() => query(page).get('q')).toBe(text);
  expect(query(page).get('category')).toBe('umwelt-natur');
  await expect(found(page)).toHaveText('Keine Leistung gefunden. Versuchen Sie einen anderen Suchbegriff.');
  await page.reload();
  await expect(search(page)).toHaveValue(text);
  await expect(page.getByText('Keine Leistung gefunden.', { exact: false }).first()).toBeVisible();
  await portal.expectAccessible();

  // Opened from a link with the search in it, in English.
  await page.goto('/?q=tree');
  await page.getByRole('button', { name: /English/ }).click();
  await expect(search(page)).toHaveValue('tree');
  await expect(found(page)).toHaveText(/^Services found: \d+$/);
});

test('while a search loads, the last results stay and nothing says "loading" at every key', async ({ page }) => {
  const portal = new Portal(page);
  await portal.openStart();
  await search(page).fill('Baum');
  await expect(serviceLinks(page)).toHaveText(['Baumfällgenehmigung']);

  // The next search's answer is held back until the page has been checked.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let asked = false;
  await page.route(/\/api\/municipalities\/[0-9]+\/catalogue\?.*q=Baumf/, async (route) => {
    asked = true;
    await held;
    await route.continue();
  });
  await search(page).pressSequentially('f');
  await expect.poll(() => asked).toBe(true);
  // The list of the last answer stays, with its count; no "loading" is said.
  await expect(serviceLinks(page)).toHaveText(['Baumfällgenehmigung']);
  await expect(found(page)).toHaveText('Gefundene Leistungen: 1');
  await expect(page.getByRole('status').filter({ hasText: /Wird geladen/ })).toHaveCount(0);
  await expect(search(page)).toBeFocused();

  release();
  await expect.poll(() => query(page).get('q')).toBe('Baumf');
  await expect(serviceLinks(page)).toHaveText(['Baumfällgenehmigung']);
  await expect(found(page)).toHaveText('Gefundene Leistungen: 1');

  // Another topic is another page: "loading" stands in for the last results.
  let releaseTopic!: () => void;
  const topicHeld = new Promise<void>((resolve) => (releaseTopic = resolve));
  await page.route(/\/api\/municipalities\/[0-9]+\/catalogue\?.*category=/, async (route) => {
    await topicHeld;
    await route.continue();
  });
  await page.goto('/');
  await expect(serviceLinks(page).first()).toBeVisible();
  await page.locator('.topics a').first().click();
  await expect(page.getByRole('status').filter({ hasText: /Wird geladen/ })).toBeVisible();
  await expect(serviceLinks(page)).toHaveCount(0);
  releaseTopic();
  await expect(serviceLinks(page).first()).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: /Wird geladen/ })).toHaveCount(0);
});

test('a topic the catalogue does not have is said to be so, not shown as an empty heading', async ({ page }) => {
  const portal = new Portal(page);
  await page.goto('/?category=doesnotexist');
  await expect(page.getByRole('heading', { level: 2, name: 'Dieses Thema gibt es hier nicht.' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Alle Leistungen' })).toBeVisible();
  // No empty heading, and no advice to search with another term nobody typed.
  expect(await page.locator('h2').evaluateAll((hs) => hs.filter((h) => !h.textContent?.trim()).length)).toBe(0);
  await expect(page.getByText('Versuchen Sie einen anderen Suchbegriff')).toHaveCount(0);
  await portal.expectAccessible();
  // With a search text too: the topic is what is wrong, not the term.
  await page.goto('/?category=doesnotexist&q=Baum');
  await expect(page.getByRole('heading', { level: 2, name: 'Dieses Thema gibt es hier nicht.' })).toBeVisible();
  await expect(page.getByText('Versuchen Sie einen anderen Suchbegriff')).toHaveCount(0);
  await page.getByRole('button', { name: /Sprache wechseln/ }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'There is no such topic here.' })).toBeVisible();
});
