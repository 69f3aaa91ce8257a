// SPDX-License-Identifier: EUPL-1.2
// Personal data kept in the browser expires after 30 days at every start, whether or not
// its form is opened again: drafts, chosen places and status tokens. The language stays.
import { test, expect } from '@playwright/test';

const DAY = 24 * 60 * 60 * 1000;

test('personal data older than 30 days is gone at the next start', async ({ page }) => {
  // What an earlier visit left: one entry of each kind 31 days old, one of each 2 days
  // old, one an older version left undated, and the language choice.
  await page.addInitScript((day) => {
    if (sessionStorage.getItem('seeded')) return;
    sessionStorage.setItem('seeded', '1');
    const now = Date.now();
    const put = (key: string, value: string, age: number | null) => {
      localStorage.setItem(key, value);
      if (age !== null) localStorage.setItem('bp-written:' + key, String(now - age * day));
    };
    put('bp-draft:gewerbeanmeldung:1', '{"saved_at_ms":0,"answers":{"trade_name":"Alt"}}', 31);
    put('bp-place:99050012104000', '{"ars":"010510044044","name":"Heide","postcode":"25746"}', 31);
    put('bp-status:BP-2026-OLDOLDOL', 'old-token', 31);
    put('bp-draft:versammlungsanzeige:1', '{"saved_at_ms":0,"answers":{}}', 2);
    put('bp-status:BP-2026-NEWNEWNE', 'new-token', 2);
    put('bp-place:99089013000000', '{"ars":"010510044044","name":"Heide","postcode":"25746"}', null);
    localStorage.setItem('bp-lang', 'en');
  }, DAY);
  await page.goto('/');
  await expect(page.locator('h1')).toBeVisible();
  const kept = await page.evaluate(() =>
    Object.keys(localStorage)
      .filter((key) => !key.startsWith('bp-written:'))
      .sort(),
  );
  expect(kept).toEqual([
    'bp-draft:versammlungsanzeige:1',
    'bp-lang',
    'bp-place:99089013000000',
    'bp-status:BP-2026-NEWNEWNE',
  ]);
  // The undated entry of an older version is dated now, so it expires in its turn.
  const dated = await page.evaluate(() => Number(localStorage.getItem('bp-written:bp-place:99089013000000')));
  expect(Math.abs(dated - Date.now())).toBeLessThan(DAY);
});

test('"Meine Angaben löschen" removes everything personal, not only this form', async ({ page }) => {
  await page.addInitScript(() => {
    if (sessionStorage.getItem('seeded')) return;
    sessionStorage.setItem('seeded', '1');
    localStorage.setItem('bp-draft:versammlungsanzeige:1', '{"saved_at_ms":0,"answers":{}}');
    localStorage.setItem('bp-status:BP-2026-ABCDEFGH', 'a-token');
    localStorage.setItem('bp-place:99050012104000', '{"ars":"010510044044","name":"Heide","postcode":"25746"}');
  });
  await page.goto('/services/99050012104000/form/1');
  await page.getByLabel('Name des Betriebs').fill('Bäckerei Hansen');
  await page.getByRole('button', { name: 'Meine Angaben löschen' }).click();
  const question = page.getByRole('group', { name: /Wollen Sie wirklich alle Ihre Angaben/ });
  await question.getByRole('button', { name: /^Ja/ }).click();
  await expect(page.getByText('Ihre Angaben wurden aus diesem Browser gelöscht.')).toBeVisible();
  const left = await page.evaluate(() =>
    Object.keys(localStorage).filter((key) => key.startsWith('bp-') && key !== 'bp-lang'),
  );
  expect(left).toEqual([]);
});
