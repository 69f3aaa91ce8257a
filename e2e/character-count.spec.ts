// SPDX-License-Identifier: EUPL-1.2
// A text with a maximum length counts down while the citizen types, visibly and for
// screen readers (a polite live region that describes the field), in German and English
// (issue #19, item 10).
import { test, expect } from '@playwright/test';
import { Portal } from './fixtures/portal';

test('texts with a maximum length show a live character count', async ({ page }) => {
  const portal = new Portal(page);
  await page.goto('/services/99035001000000/form/1');
  const topic = page.locator('#f-topic'); // "Thema der Versammlung", at most 200 characters
  const count = page.locator('#f-topic-count');
  await expect(count).toHaveText('Sie haben noch 200 Zeichen.');
  await expect(count).toHaveAttribute('aria-live', 'polite');
  await expect(topic).toHaveAccessibleDescription(/Sie haben noch 200 Zeichen\./);
  await topic.fill('Mehr Radwege');
  await expect(count).toHaveText('Sie haben noch 188 Zeichen.');
  await topic.fill('x'.repeat(203));
  await expect(count).toHaveText('Sie haben 3 Zeichen zu viel.');
  await portal.expectAccessible();

  await page.getByRole('button', { name: /English/ }).click();
  await expect(count).toHaveText('You have 3 characters too many.');
  await topic.fill('x'.repeat(199));
  await expect(count).toHaveText('You have 1 character remaining.');
  // A text area too (the route of a march, at most 3000).
  await portal.choose('Type of assembly', 'March');
  await expect(page.getByLabel('Route')).toHaveAccessibleDescription(/You have 3000 characters remaining\./);
  await portal.expectAccessible();
});
