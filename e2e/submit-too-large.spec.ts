// SPDX-License-Identifier: EUPL-1.2
// Issue #19, item 2: a refusal without a field path still leads to a question. A real
// server whose Gewerbeanmeldung allows two million characters for the activity (an extra
// definition, the form's newest version): typed in full, the answers are more than the API
// takes in one request (413). The check page names the longest answer, links to it, and
// once it is shortened the application goes through.
import { test, expect } from '@playwright/test';
import { Portal } from './fixtures/portal';
import { demoFormSeedDir } from './fixtures/definitions';
import { completeGewerbeanmeldung, startGewerbeanmeldungInHeide } from './fixtures/applications';
import { startSystem, System } from './support/system';

let system: System;

/** The demo Gewerbeanmeldung with a far longer maximum for the activity. */
function seedDir(): string {
  return demoFormSeedDir('gewerbeanmeldung', (definition) => {
    const fields = definition.steps.flatMap((s: { sections: Array<{ fields: Array<Record<string, unknown>> }> }) => s.sections.flatMap((x) => x.fields));
    const activity = fields.find((f: Record<string, unknown>) => f.id === 'activity');
    if (!activity) throw new Error('the demo Gewerbeanmeldung has no field "activity"');
    activity.max_length = 2_000_000;
  });
}

test.beforeAll(async () => {
  system = await startSystem({ extraSeedDir: seedDir() });
});

test.afterAll(async () => {
  await system?.stop();
});

test('answers too large to send: the check page names the longest, links to it, and shortened it goes through', async ({ browser }) => {
  test.setTimeout(150_000);
  const context = await browser.newContext({ baseURL: system.url });
  const page = await context.newPage();
  const portal = new Portal(page);
  await startGewerbeanmeldungInHeide(portal);
  await completeGewerbeanmeldung(portal, `Langtext ${Date.now()}`);
  await portal.changeLink('Tätigkeit').click();
  const activity = page.getByLabel('Angemeldete Tätigkeit');
  await activity.fill('Einzelhandel mit Fahrrädern. '.repeat(40_000));
  await portal.continue();
  await portal.expectCheckPage();

  await portal.submitButton().click();
  const refused = page.locator('#submit-refused');
  await expect(refused).toBeVisible({ timeout: 30_000 });
  await expect(refused).toBeFocused();
  const link = refused.getByRole('link', { name: 'Angemeldete Tätigkeit: Diese Angabe ist zu lang, um mit dem Antrag gesendet zu werden. Kürzen Sie sie bitte.' });
  await expect(link).toBeVisible();
  await portal.expectAccessible();
  await link.click();
  await expect(activity).toBeFocused();
  await activity.fill('Einzelhandel mit Fahrrädern und Zubehör');
  await portal.continue();
  await portal.expectCheckPage();
  await portal.submitButton().click();
  await portal.expectReceipt();
  await context.close();
});
