// SPDX-License-Identifier: EUPL-1.2
// The designers' live preview (/preview/, a bundle of its own): loading a definition in
// every way, precise errors at the right line, the last good rendering kept as outdated,
// and every tool; axe finds no violations.
import { test, expect, Page, Locator, FrameLocator } from '@playwright/test';
import { Portal } from './fixtures/portal';

const definition = {
  id: 'vorschau-test',
  version: 1,
  languages: ['de', 'en'],
  title: { de: 'Vorschau-Test', en: 'Preview test' },
  steps: [
    {
      id: 'person',
      title: { de: 'Angaben zur Person', en: 'About you' },
      sections: [
        {
          id: 'p',
          title: { de: 'Ihre Angaben', en: 'Your details' },
          fields: [
            { id: 'name', type: 'text', label: { de: 'Vollständiger Name', en: 'Full name' }, required: true, max_length: 50 },
            { id: 'email', type: 'email', label: { de: 'E-Mail-Adresse', en: 'Email address' }, required: true },
            { id: 'has_pet', type: 'yes_no', label: { de: 'Haben Sie ein Haustier?', en: 'Do you have a pet?' }, required: true },
            { id: 'pet_name', type: 'text', label: { de: 'Name des Haustiers', en: 'Name of the pet' }, required: true, visible_when: 'has_pet == true' },
          ],
        },
      ],
    },
    {
      id: 'ort',
      title: { de: 'Wohnort', en: 'Residence' },
      sections: [
        {
          id: 'o',
          fields: [{ id: 'postcode', type: 'postcode', label: { de: 'Postleitzahl', en: 'Postcode' }, required: true }],
        },
      ],
    },
  ],
};
const TEXT = JSON.stringify(definition, null, 2);

function editor(page: Page): Locator {
  return page.getByRole('textbox', { name: /Formulardefinition \(JSON\)|Form definition \(JSON\)/ });
}

/** The device frame (an iframe) as an element of the preview page. */
function frame(page: Page): Locator {
  return page.getByTestId('preview-frame');
}

/** What is rendered inside the device frame: the citizen's form. */
function form(page: Page): FrameLocator {
  return page.frameLocator('[data-testid="preview-frame"]');
}

/** The citizen's error summary inside the frame. */
function errorSummary(page: Page): Locator {
  return form(page).getByRole('alert').filter({ hasText: /Es gibt ein Problem|There is a problem/ });
}

/** The frame's viewport: its window's inner size and its document's scroll height. */
async function frameViewport(page: Page) {
  return form(page).locator('html').evaluate((html) => {
    const view = html.ownerDocument.defaultView!;
    return { width: view.innerWidth, height: view.innerHeight, scrollHeight: html.scrollHeight };
  });
}

/** Opens the preview and types (pastes) a definition into the editor. */
async function openWith(page: Page, text: string) {
  await page.goto('/preview/');
  await expect(page.getByRole('heading', { level: 2, name: 'Formulardefinition (JSON)' })).toBeVisible();
  await editor(page).fill(text);
  await expect(form(page).getByRole('heading', { level: 1, name: 'Angaben zur Person' })).toBeVisible();
}

test('a broken definition shows its errors at the right line, keeps the last rendering, and a fix updates the form', async ({ page }) => {
  const portal = new Portal(page);
  await openWith(page, TEXT);
  await portal.expectAccessible();
  // An answer typed before the definition changes.
  await form(page).getByLabel('Vollständiger Name').fill('Erika Mustermann');

  // A wrong field type: the engine names the line of the value and its JSON path.
  const broken = TEXT.replace('"type": "email"', '"type": "e-mail"');
  const line = broken.split('\n').findIndex((l) => l.includes('"e-mail"')) + 1;
  await editor(page).fill(broken);
  const errors = page.getByTestId('definition-errors');
  await expect(errors).toContainText(`Zeile ${line}, Spalte`);
  await expect(errors).toContainText('/steps/0/sections/0/fields/1/type');
  // The engine's message in the preview's language (German here), at the same line.
  const item = errors.getByRole('listitem').filter({ hasText: `Zeile ${line}, Spalte` });
  await expect(item).toContainText('Unbekannter Feldtyp `e-mail`, möglich sind: text,');
  await expect(page.getByTestId('gutter').locator('.is-error')).toHaveText([String(line)]);
  // The last good rendering stays, marked as outdated.
  await expect(page.getByText(/^Veraltet:/)).toBeVisible();
  await expect(frame(page)).toHaveClass(/is-outdated/);
  await expect(form(page).getByLabel('Vollständiger Name')).toHaveValue('Erika Mustermann');
  await portal.expectAccessible();

  // "Go to line" selects that line in the text.
  await errors.getByRole('button', { name: `Zu Zeile ${line}` }).click();
  await expect(editor(page)).toBeFocused();
  const selected = await editor(page).evaluate((t: HTMLTextAreaElement) => t.value.slice(t.selectionStart, t.selectionEnd));
  expect(selected).toContain('"e-mail"');

  // In English, the same error in English.
  await page.getByRole('button', { name: 'Sprache wechseln: English' }).click();
  await expect(errors.getByRole('listitem').filter({ hasText: `line ${line}, column` })).toContainText('unknown field type `e-mail`, expected one of: text,');
  await page.getByRole('button', { name: 'Change language: Deutsch' }).click();
  await expect(item).toContainText('Unbekannter Feldtyp `e-mail`');

  // A JSON syntax error (missing comma) at its line too, in German.
  const syntax = TEXT.replace('"version": 1,', '"version": 1');
  const syntaxLine = syntax.split('\n').findIndex((l) => l.includes('"languages"')) + 1;
  await editor(page).fill(syntax);
  await expect(errors.getByRole('listitem').filter({ hasText: `Zeile ${syntaxLine}, Spalte` })).toContainText('Kein gültiges JSON: Erwartet: `,` oder `}`');

  // Fixed, with a changed label: the form follows, the answer typed is kept.
  const fixed = TEXT.replace('Vollständiger Name', 'Vor- und Nachname');
  await editor(page).fill(fixed);
  await expect(errors).toHaveCount(0);
  await expect(page.getByText(/^Veraltet:/)).toHaveCount(0);
  await expect(frame(page)).not.toHaveClass(/is-outdated/);
  await expect(form(page).getByLabel('Vor- und Nachname')).toHaveValue('Erika Mustermann');
  // Typing keeps the focus in the editor while the preview re-renders.
  await editor(page).press('End');
  await expect(editor(page)).toBeFocused();
});

test('definitions load from a file (picker and drag and drop), a URL and the API by id and version', async ({ page }) => {
  await page.goto('/preview/');
  const status = page.locator('.pv-load-status');

  // File picker.
  await page.getByLabel('Datei wählen').setInputFiles({ name: 'vorschau.json', mimeType: 'application/json', buffer: Buffer.from(TEXT) });
  await expect(status).toContainText('Geladen: vorschau.json');
  await expect(form(page).getByRole('heading', { level: 1, name: 'Angaben zur Person' })).toBeVisible();
  await expect(editor(page)).toHaveValue(TEXT);

  // Drag and drop onto the editor.
  const dropped = TEXT.replace('Angaben zur Person', 'Über Sie');
  await page.locator('.pv-editor').evaluate((zone, text) => {
    const data = new DataTransfer();
    data.items.add(new File([text], 'gezogen.json', { type: 'application/json' }));
    zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
    zone.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
  }, dropped);
  await expect(status).toContainText('Geladen: gezogen.json');
  await expect(form(page).getByRole('heading', { level: 1, name: 'Über Sie' })).toBeVisible();

  // A URL (same origin: the CSP allows no other).
  await page.getByLabel('Adresse (URL) der Definition').fill('/api/forms/gewerbeanmeldung/versions/1');
  await page.getByRole('button', { name: 'Von der Adresse laden' }).click();
  await expect(form(page).getByLabel('Name des Betriebs')).toBeVisible();
  await expect(editor(page)).toHaveValue(/"id": "gewerbeanmeldung"/);

  // The API by id and version, and by id alone (the latest version).
  await page.getByLabel('Formular-ID in der API').fill('kleiner-waffenschein');
  await page.getByLabel('Version').fill('1');
  await page.getByRole('button', { name: 'Aus der API laden' }).click();
  await expect(editor(page)).toHaveValue(/"version": 1/);
  await expect(editor(page)).toHaveValue(/"id": "kleiner-waffenschein"/);
  await page.getByLabel('Version').fill('');
  await page.getByRole('button', { name: 'Aus der API laden' }).click();
  await expect(editor(page)).toHaveValue(/"version": 2/);

  // An unknown one is reported; the form stays.
  await page.getByLabel('Formular-ID in der API').fill('gibt-es-nicht');
  await page.getByRole('button', { name: 'Aus der API laden' }).click();
  await expect(status).toContainText('Laden fehlgeschlagen');
  await expect(status).toContainText('HTTP 404');
});

test('tools: jump to a step, all messages, sample data, the answers JSON, and the check page', async ({ page }) => {
  const portal = new Portal(page);
  await openWith(page, TEXT);
  const json = page.getByTestId('answers-json');
  await expect(json).toHaveText('{}');

  // Jump to step 2 and back.
  const steps = page.getByRole('navigation', { name: 'Zu Schritt springen' });
  await steps.getByRole('link', { name: '2. Wohnort' }).click();
  await expect(form(page).getByRole('heading', { level: 1, name: 'Wohnort' })).toBeVisible();
  await expect(page).toHaveURL(/\/preview\/form\/2$/);

  // All validation messages at once: the step's summary and the inline errors.
  await page.getByRole('button', { name: 'Alle Fehlermeldungen zeigen' }).click();
  await expect(errorSummary(page)).toContainText('Postleitzahl');
  await steps.getByRole('link', { name: '1. Angaben zur Person' }).click();
  await expect(errorSummary(page)).toBeVisible();
  await expect(form(page).locator('#f-name-error')).toBeVisible();
  await expect(form(page).locator('#f-email-error')).toBeVisible();
  await portal.expectAccessible();
  // The summary's links work inside the frame: they focus their field.
  await errorSummary(page).getByRole('link').first().click();
  await expect(form(page).locator('#f-name')).toBeFocused();

  // Invalid sample data: every field wrong, every message shown.
  await page.getByRole('button', { name: 'Mit ungültigen Beispieldaten füllen' }).click();
  await expect(form(page).getByLabel('E-Mail-Adresse')).toHaveValue('keine-adresse');
  await expect(form(page).locator('#f-email-error')).toBeVisible();
  await expect(form(page).locator('#f-name-error')).toContainText(/50/);

  // Valid sample data: no message left, the answers JSON is what would be submitted.
  await page.getByRole('button', { name: 'Mit gültigen Beispieldaten füllen' }).click();
  await expect(errorSummary(page)).toHaveCount(0);
  await expect(form(page).getByLabel('Name des Haustiers')).toBeVisible();
  const submitted = JSON.parse((await json.textContent()) ?? '');
  expect(submitted).toMatchObject({ email: 'erika.mustermann@example.org', has_pet: true, postcode: '25746' });
  expect(submitted.pet_name).toBeTruthy();

  // A field hidden by the answers is dropped from the JSON.
  await form(page).getByRole('group', { name: /Haben Sie ein Haustier/ }).getByLabel('Nein').check();
  await expect(form(page).getByLabel('Name des Haustiers')).toHaveCount(0);
  await expect(json).not.toContainText('pet_name');
  await expect(json).toContainText('"has_pet": false');

  // The check page, reachable through the citizen's own journey, submits nothing.
  await steps.getByRole('link', { name: 'Antworten prüfen' }).click();
  await expect(form(page).getByRole('heading', { level: 1, name: 'Angaben prüfen' })).toBeVisible();
  await expect(page).toHaveURL(/\/preview\/form\/check$/);
  await portal.expectAccessible();

  // Clearing the answers.
  await page.getByRole('button', { name: 'Antworten leeren' }).click();
  await expect(json).toHaveText('{}');
});

test('device widths, language, theme with the contrast warning, and the download', async ({ page }) => {
  const portal = new Portal(page);
  await openWith(page, TEXT);

  // Widths: the form is rendered in a frame of 320, 768 and 1280 px (see also the test
  // "the device frame is a real viewport" below).
  const widths = page.getByRole('group', { name: 'Gerätebreite' });
  for (const width of [320, 768, 1280]) {
    await widths.getByLabel(`${width} px`).check();
    await expect.poll(() => frameViewport(page).then((v) => v.width)).toBe(width);
  }
  await widths.getByLabel('Volle Breite').check();

  // Language: the preview's and the definition's texts in English.
  await page.getByRole('button', { name: 'Sprache wechseln: English' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Form definition (JSON)' })).toBeVisible();
  await expect(form(page).getByRole('heading', { level: 1, name: 'About you' })).toBeVisible();
  await expect(form(page).getByLabel('Full name')).toBeVisible();
  await portal.expectAccessible();
  await page.getByRole('button', { name: 'Change language: Deutsch' }).click();
  await expect(form(page).getByRole('heading', { level: 1, name: 'Angaben zur Person' })).toBeVisible();

  // Theme: a municipality's colours from the API; a failing colour is reported.
  const theme = page.getByLabel('Erscheinungsbild (Kommune)');
  await expect(theme.locator('option', { hasText: 'Bürgerportal Stadt Heide' })).toHaveCount(1);
  await theme.selectOption({ label: 'Bürgerportal Stadt Heide' });
  const next = form(page).getByRole('button', { name: 'Weiter' });
  await expect(next).toHaveCSS('background-color', 'rgb(138, 21, 56)');
  await expect(page.getByTestId('contrast-warning')).toHaveCount(0);
  await theme.selectOption({ label: 'Bürgerportal Brunsbüttel' });
  const warning = page.getByTestId('contrast-warning');
  await expect(warning).toContainText('secondary #f2a900');
  await expect(warning).toContainText('4,5:1');
  await expect(next).toHaveCSS('background-color', 'rgb(11, 79, 138)');
  await portal.expectAccessible();
  await theme.selectOption({ label: 'Standard (KERN)' });
  await expect(warning).toHaveCount(0);

  // Download: the edited text as a file named after the definition.
  const edited = TEXT.replace('Wohnort', 'Wohnung');
  await editor(page).fill(edited);
  await expect(page.getByRole('navigation', { name: 'Zu Schritt springen' }).getByRole('link', { name: '2. Wohnung' })).toBeVisible();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Bearbeitete Definition herunterladen' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('vorschau-test-v1.json');
  const path = await download.path();
  const { readFileSync } = await import('node:fs');
  expect(readFileSync(path!, 'utf8')).toBe(edited);
});

test('the device frame is a real viewport: media queries respond to the chosen width', async ({ page }) => {
  const portal = new Portal(page);
  await openWith(page, TEXT);
  const widths = page.getByRole('group', { name: 'Gerätebreite' });
  const heading = form(page).getByRole('heading', { level: 2, name: 'Ihre Angaben' });
  // A section title (KERN's medium heading) is 21px below 768px and 24px from 768px on
  // (style/kern.css, `@media (min-width: 768px)`): only a real viewport switches it.
  const fontSize = () => heading.evaluate((h) => getComputedStyle(h).fontSize);

  await widths.getByLabel('320 px').check();
  await expect.poll(() => frameViewport(page).then((v) => v.width)).toBe(320);
  await expect.poll(fontSize).toBe('21px');
  // The frame is as tall as its content: nothing to scroll inside it.
  await expect.poll(async () => { const v = await frameViewport(page); return v.scrollHeight - v.height; }).toBeLessThanOrEqual(0);
  const narrowHeight = (await frameViewport(page)).height;
  await portal.expectAccessible();

  await widths.getByLabel('1280 px').check();
  await expect.poll(() => frameViewport(page).then((v) => v.width)).toBe(1280);
  await expect.poll(fontSize).toBe('24px');
  await expect.poll(async () => { const v = await frameViewport(page); return v.scrollHeight - v.height; }).toBeLessThanOrEqual(0);
  // Wider means fewer lines: the frame shrank with its content.
  expect((await frameViewport(page)).height).toBeLessThan(narrowHeight);

  // The tools act on the form inside the frame: a step link inside it navigates the
  // preview, and "Next" with errors shows the summary there.
  await form(page).getByRole('button', { name: 'Weiter' }).click();
  await expect(errorSummary(page)).toBeVisible();
  await page.getByRole('button', { name: 'Mit gültigen Beispieldaten füllen' }).click();
  await form(page).getByRole('button', { name: 'Weiter' }).click();
  await expect(form(page).getByRole('heading', { level: 1, name: 'Wohnort' })).toBeVisible();
  await expect(page).toHaveURL(/\/preview\/form\/2$/);
  await form(page).getByRole('link', { name: 'Zurück' }).click();
  await expect(page).toHaveURL(/\/preview\/form\/1$/);
  await expect(form(page).getByRole('heading', { level: 1, name: 'Angaben zur Person' })).toBeVisible();
  await portal.expectAccessible();
});

test('the embed page documents the snippet, generates it for a municipality and copies it', async ({ page, context, baseURL }) => {
  const portal = new Portal(page);
  const origin = new URL(baseURL!).origin;
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });

  // Linked from the preview, and back.
  await page.goto('/preview/');
  await page.getByRole('navigation', { name: 'Seiten der Vorschau' }).getByRole('link', { name: 'Einbinden' }).click();
  await expect(page).toHaveURL(/\/preview\/embed$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Das Bürgerportal auf der eigenen Website einbinden' })).toBeVisible();
  await expect(page).toHaveTitle('Einbinden – Bürgerportal');

  // The generator: a municipality from the API, services, iframe mode, the start route.
  const municipality = page.getByLabel('Kommune', { exact: true });
  await expect(municipality.locator('option[value="010510044044"]')).toHaveText('Heide (010510044044)');
  await municipality.selectOption('010510044044');
  await expect(page.getByText('https://www.heide.de')).toBeVisible();
  await page.getByLabel('Leistungen (LeiKa-Schlüssel)').fill('99050012104000, 99001001000000');
  await page.getByRole('group', { name: 'Einbettung' }).getByLabel('iframe').check();
  await page.getByRole('group', { name: 'Verlauf' }).getByLabel(/Im Fragment/).check();
  await page.getByLabel('Erste Seite im Portal').fill('/services/99050012104000');
  const snippet = page.getByTestId('embed-snippet');
  const expected =
    `<script type="module" src="${origin}/embed.js"></script>\n` +
    '<buergerportal-embed ars="010510044044" services="99050012104000,99001001000000" lang="de" mode="iframe" history="hash" start="/services/99050012104000"></buergerportal-embed>';
  await expect(snippet).toHaveText(expected);
  await expect(snippet).toContainText('mode="iframe"');
  await expect(page.getByTestId('embed-csp')).toContainText(`frame-src ${origin};`);
  await expect(page.getByTestId('embed-csp')).toContainText(`script-src ${origin} 'wasm-unsafe-eval';`);
  // Typed text stays text: no markup reaches the page, and the snippet escapes it.
  await page.getByLabel('Erste Seite im Portal').fill('/"><b>x</b>');
  await expect(snippet).toContainText('start="/&quot;&gt;&lt;b&gt;x&lt;/b&gt;"');
  await expect(page.locator('.pv-code b')).toHaveCount(0);
  await page.getByLabel('Erste Seite im Portal').fill('/services/99050012104000');

  // Copy: confirmed in a live region, and the clipboard holds the snippet.
  await page.getByRole('button', { name: 'Kopieren' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Der Code ist in der Zwischenablage.' })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(expected);

  // The attributes, in a table.
  const table = page.getByRole('table', { name: 'Attribute des Elements buergerportal-embed' });
  for (const name of ['api', 'ars', 'services', 'lang', 'mode', 'history', 'start', 'title']) {
    await expect(table.getByRole('rowheader', { name, exact: true })).toBeVisible();
  }
  await portal.expectAccessible();

  // English.
  await page.getByRole('button', { name: 'Sprache wechseln: English' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Embedding the citizen portal on your own website' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Attributes of the buergerportal-embed element' })).toBeVisible();
  await expect(page.getByRole('columnheader', { name: 'Meaning' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Copy' })).toBeVisible();
  await expect(page).toHaveTitle('Embed – Citizen portal');
  await portal.expectAccessible();
  await page.getByRole('button', { name: 'Change language: Deutsch' }).click();

  // Back to the preview, whose definition was kept.
  await page.getByRole('link', { name: 'Zurück zur Formular-Vorschau' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Formulardefinition (JSON)' })).toBeVisible();
});

test('the preview keeps the edited definition across a visit to the embed page', async ({ page }) => {
  await openWith(page, TEXT);
  await page.getByRole('navigation', { name: 'Seiten der Vorschau' }).getByRole('link', { name: 'Einbinden' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Das Bürgerportal auf der eigenen Website einbinden' })).toBeVisible();
  await page.goBack();
  await expect(editor(page)).toHaveValue(TEXT);
  await expect(form(page).getByRole('heading', { level: 1, name: 'Angaben zur Person' })).toBeVisible();
});

/** The longest task the page's main thread ran since `startLongTasks` (ms), as the
 * browser's Long Tasks API reports it. Printed, not asserted: machines are noisy. */
async function startLongTasks(page: Page) {
  await page.evaluate(() => {
    const w = window as unknown as { __longest: number };
    w.__longest = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) w.__longest = Math.max(w.__longest, entry.duration);
    }).observe({ type: 'longtask' });
  });
}
async function longestTask(page: Page): Promise<number> {
  return page.evaluate(() => (window as unknown as { __longest: number }).__longest);
}

test('huge definitions are refused by their size first, without freezing the page (issue #19, item 11)', async ({ page }) => {
  test.setTimeout(90_000);
  const portal = new Portal(page);
  await openWith(page, TEXT);
  await startLongTasks(page);

  // 100,000 fields on one line (about 5 MB): refused by the file's size before it is read.
  const fields = Array.from({ length: 100_000 }, (_, i) => ({ id: `f${i}`, type: 'text', label: `Feld ${i}` }));
  const huge = JSON.stringify({ ...definition, steps: [{ id: 's', title: 'S', sections: [{ id: 'a', fields }] }] });
  expect(huge.includes('\n')).toBe(false);
  let started = Date.now();
  await page.getByLabel('Datei wählen').setInputFiles({ name: 'riesig.json', mimeType: 'application/json', buffer: Buffer.from(huge) });
  const refusal = page.getByText(/^Laden fehlgeschlagen: riesig\.json \(\d+,\d MB\): zu groß für eine Formulardefinition, erlaubt sind höchstens 2,0 MB\.$/);
  await expect(refusal).toBeVisible();
  console.log(`100,000 fields on one line: refused after ${Date.now() - started} ms, longest task ${(await longestTask(page)).toFixed(0)} ms`);
  // The editor and the rendering are untouched.
  await expect(editor(page)).toHaveValue(TEXT);
  await expect(form(page).getByRole('heading', { level: 1, name: 'Angaben zur Person' })).toBeVisible();
  await portal.expectAccessible();

  // A 5 MB label typed (pasted) into the editor: the engine refuses it by size, at once.
  const label = JSON.stringify({ ...definition, title: 'x'.repeat(5 * 1024 * 1024) });
  started = Date.now();
  await editor(page).fill(label);
  const errors = page.getByTestId('definition-errors');
  await expect(errors).toContainText('größer als');
  console.log(`5 MB label pasted: refused after ${Date.now() - started} ms, longest task ${(await longestTask(page)).toFixed(0)} ms`);
  await expect(page.getByTestId('gutter').locator('span')).toHaveCount(1);
});

test('a long definition the limit allows is shown, not refused for the indentation the preview adds', async ({ page }) => {
  test.setTimeout(120_000);
  await openWith(page, TEXT);
  await startLongTasks(page);
  // 300 steps of 100 fields on one line: within the 2 MiB limit as written, beyond it
  // once indented two spaces per level.
  const steps = Array.from({ length: 300 }, (_, s) => ({
    id: `s${s}`,
    title: `Schritt ${s + 1} von 300`,
    sections: [{ id: `a${s}`, fields: Array.from({ length: 100 }, (_, i) => ({ id: `f${s}_${i}`, type: 'text', label: `Feld ${i}` })) }],
  }));
  const long = { ...definition, languages: ['de'], steps };
  const oneLine = JSON.stringify(long);
  expect(oneLine.length).toBeLessThan(2 * 1024 * 1024);
  expect(JSON.stringify(long, null, 2).length).toBeGreaterThan(2 * 1024 * 1024);
  const started = Date.now();
  await page.getByLabel('Datei wählen').setInputFiles({ name: 'lang.json', mimeType: 'application/json', buffer: Buffer.from(oneLine) });
  await expect(form(page).getByRole('heading', { level: 1, name: 'Schritt 1 von 300' })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('definition-errors')).toHaveCount(0);
  console.log(`30,000 fields in 300 steps (${(oneLine.length / 1024 / 1024).toFixed(2)} MB): shown after ${Date.now() - started} ms, longest task ${(await longestTask(page)).toFixed(0)} ms`);
});

test('the preview is a bundle of its own: the citizen portal does not load it', async ({ page }) => {
  const loaded: string[] = [];
  page.on('request', (r) => loaded.push(new URL(r.url()).pathname));
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  expect(loaded.filter((p) => p.startsWith('/preview'))).toEqual([]);
  const response = await page.goto('/preview/form/1');
  const csp = response!.headers()['content-security-policy'];
  expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval' 'sha256-");
  expect(csp).not.toContain('unsafe-inline');
  await expect(page).toHaveTitle(/Formular-Vorschau/);
});

test('a definition whose texts are not complete in English is previewed as citizens see it: in German, said so', async ({ page }) => {
  await openWith(page, TEXT);
  await page.getByRole('button', { name: 'Sprache wechseln: English' }).click();
  await expect(form(page).getByRole('heading', { level: 1, name: 'About you' })).toBeVisible();
  await expect(form(page).getByText('This application form is only available in German.')).toHaveCount(0);

  // Without English among its `languages`: German, marked so, with a note in English.
  await editor(page).fill(TEXT.replace(/"languages": \[[^\]]*\],/, '"languages": ["de"],'));
  await expect(form(page).getByRole('heading', { level: 1, name: 'Angaben zur Person' })).toBeVisible();
  await expect(form(page).getByText('This application form is only available in German.')).toBeVisible();
  await expect(form(page).locator('[lang="de"]').getByRole('heading', { level: 1, name: 'Angaben zur Person' })).toBeVisible();

  // Promising English with a text that has none: an error at that text, in the preview's language.
  await editor(page).fill(TEXT.replace("\"en\": \"Postcode\"", "\"en\": \" \""));
  const errors = page.getByTestId('definition-errors');
  await expect(errors).toContainText('/steps/1/sections/0/fields/0/label/en');
  await expect(errors).toContainText('missing `en` text');
});
