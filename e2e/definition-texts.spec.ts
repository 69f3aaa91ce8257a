// SPDX-License-Identifier: EUPL-1.2
// What a definition's author writes is shown as written, and never breaks the page or the
// sending (an adversarial probe's findings, session 30). A real server whose Gewerbeanmeldung
// (an extra definition, the form's newest version) has:
// - a title of more than 255 characters, which the relay takes as the service's name only that
//   long: the application is still sent;
// - a choice of five options with hints: radio buttons with their hints, not a select that
//   would drop them;
// - a label with an unclosed right-to-left override: isolated without it, so that
//   "(optional)" and the portal's sentences around it keep their direction;
// - a label of one 200-letter word: no page wider than a 320 px phone;
// - groups nested eight deep: an input on a 320 px phone still most of its width;
// - computed values (a fee, a count the answers leave open) on the check page.
import { test, expect, Page } from '@playwright/test';
import { Portal } from './fixtures/portal';
import { demoFormSeedDir } from './fixtures/definitions';
import { completeGewerbeanmeldung, startGewerbeanmeldungInHeide } from './fixtures/applications';
import { startSystem, System } from './support/system';

let system: System;

const LONG_WORD = 'Grundstücksverkehrsgenehmigungszuständigkeitsübertragungsverordnung'.repeat(3);
const TITLE = `Gewerbeanmeldung – ${'Anzeige nach § 14 der Gewerbeordnung für Betriebe im Kreis Dithmarschen, '.repeat(4)}`;

const NESTING = 8;

/** A required group holding a group … `levels` deep, the innermost with a text field. */
function nested(levels: number): object {
  const both = (text: string) => ({ de: text, en: text });
  let field: object = { id: 'innermost', type: 'text', label: both('Innerste Angabe'), required: false };
  for (let level = levels; level >= 1; level -= 1) {
    field = { id: `level_${level}`, type: 'group', required: true, max_items: 2, item_label: both(`Ebene ${level}`), label: both(`Ebene ${level}`), fields: [field] };
  }
  return field;
}

/** The page is no wider than the viewport: nothing scrolls sideways. */
async function expectNoSidewaysScroll(page: Page) {
  const widths = await page.evaluate(() => ({
    page: document.documentElement.scrollWidth,
    viewport: document.documentElement.clientWidth,
  }));
  expect(widths.page).toBeLessThanOrEqual(widths.viewport);
}

function seedDir(): string {
  return demoFormSeedDir('gewerbeanmeldung', (definition) => {
  expect([...TITLE].length).toBeGreaterThan(255);
  definition.title = { de: TITLE, en: TITLE };
  const permits = definition.steps[0].sections.find((s: { id: string }) => s.id === 'erlaubnisse');
  if (!permits) throw new Error('the demo Gewerbeanmeldung has no section "erlaubnisse"');
  const both = (text: string) => ({ de: text, en: text });
  permits.fields.push(
    {
      id: 'contact_way',
      type: 'choice',
      label: { de: 'Bevorzugter Kontaktweg', en: 'Preferred way of contact' },
      options: ['Brief', 'E-Mail', 'Telefon', 'Fax', 'Besuch'].map((name, i) => ({
        value: `w${i}`,
        label: both(name),
        hint: both(`Hinweis zu ${name}`),
      })),
    },
    { id: 'turned', type: 'text', label: both('\u202eBemerkung') },
    { id: 'long_word', type: 'text', label: both(LONG_WORD) },
    nested(NESTING),
  );
  definition.computed = [
    {
      id: 'fee',
      label: { de: 'Gebühr', en: 'Fee' },
      unit: { de: 'Euro', en: 'euros' },
      hint: { de: 'Nach der Gebührensatzung', en: 'As the fee schedule sets it' },
      expr: '20 + 6.5',
    },
    { id: 'staff', label: { de: 'Beschäftigte', en: 'Staff' }, expr: 'employees' },
  ];
  });
}

test.beforeAll(async () => {
  system = await startSystem({ extraSeedDir: seedDir() });
});

test.afterAll(async () => {
  await system?.stop();
});

test('hints, a turned label, computed values and a long title: shown as written, and sent', async ({ browser }) => {
  test.setTimeout(120_000);
  const context = await browser.newContext({ baseURL: system.url });
  const page = await context.newPage();
  const portal = new Portal(page);
  await startGewerbeanmeldungInHeide(portal);

  // Five options with hints: radio buttons, each described by its hint.
  const contact = portal.group('Bevorzugter Kontaktweg');
  await expect(contact.getByRole('radio')).toHaveCount(5);
  await expect(page.getByRole('combobox', { name: 'Bevorzugter Kontaktweg' })).toHaveCount(0);
  await expect(contact.getByRole('radio', { name: 'Telefon' })).toHaveAccessibleDescription('Hinweis zu Telefon');
  await expect(contact.getByText('Hinweis zu Besuch')).toBeVisible();

  // The override does not reach "(optional)": the label isolated (U+2068 … U+2069),
  // without it.
  const turned = page.locator('label[for="f-turned"]');
  expect(await turned.textContent()).toMatch(/^\u2068Bemerkung\u2069 \(optional\)$/);
  await portal.expectAccessible();

  await completeGewerbeanmeldung(portal, `Texte ${Date.now()}`);
  // Computed from the answers: a fee with the German decimal comma and its unit and hint,
  // and a count of an answer not given.
  await expect(page.getByRole('heading', { name: 'Aus Ihren Angaben berechnet' })).toBeVisible();
  await expect(portal.answer('Gebühr')).toHaveText(/^26,5 Euro\s*Nach der Gebührensatzung$/);
  await expect(portal.answer('Beschäftigte')).toHaveText('Keine Angabe');
  await portal.expectAccessible();

  // The title is longer than the relay takes as a service's name: sent all the same.
  await portal.submitButton().click();
  await portal.expectReceipt();
  await context.close();
});

test('a 200-letter word in a label keeps a 320 px page from scrolling sideways', async ({ browser }) => {
  const context = await browser.newContext({ baseURL: system.url, viewport: { width: 320, height: 640 } });
  const page = await context.newPage();
  const portal = new Portal(page);
  await startGewerbeanmeldungInHeide(portal);
  await expect(page.locator('label[for="f-long_word"]')).toBeVisible();
  await expectNoSidewaysScroll(page);
  await context.close();
});

test('groups nested eight deep leave the input on a 320 px phone most of the width', async ({ browser }) => {
  const context = await browser.newContext({ baseURL: system.url, viewport: { width: 320, height: 640 } });
  const page = await context.newPage();
  const portal = new Portal(page);
  await startGewerbeanmeldungInHeide(portal);
  const innermost = page.getByLabel('Innerste Angabe');
  await expect(innermost).toBeVisible();
  await expect(page.locator('fieldset.group-item')).toHaveCount(NESTING);
  const box = await innermost.boundingBox();
  const top = await page.getByLabel('Name des Betriebs').boundingBox();
  // A field of the step itself less the outermost frame's sides (2 × 17 px) and no more:
  // before, each level took as much again (8 × 34 px of 273).
  expect(box!.width).toBeGreaterThanOrEqual(top!.width - 40);
  await expectNoSidewaysScroll(page);
  await portal.expectAccessible();
  await context.close();
});
