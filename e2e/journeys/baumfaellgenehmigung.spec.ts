// SPDX-License-Identifier: EUPL-1.2
// Baumfällgenehmigung, the whole journey against the real API: a section that appears for
// authorised persons, file uploads (a wrong type refused, a file removed, files not kept
// over a reload), the repeatable group of trees (add, fill, remove), a file question that
// appears with a reason, the upload progress at submit, and the files really stored by the
// API (type checked by content) next to the submission, routed to the county.
import { test, expect } from '@playwright/test';
import { Portal } from '../fixtures/portal';
import { pdfFile, pngFile, textFile } from '../fixtures/files';
import { storedAttachments, submissionsContaining } from '../fixtures/db';

test('Baumfällgenehmigung: uploads, repeatable trees, conditional section, upload progress', async ({ page }) => {
  test.setTimeout(120_000);
  const portal = new Portal(page);
  const lastName = `Hansen-${Date.now()}`;
  const powerOfAttorney = pngFile('vollmacht.png');
  const sitePlan = pdfFile('lageplan.pdf');
  const report = pdfFile('baumgutachten.pdf');

  await portal.beginApplication('Baumfällgenehmigung', '25746', '25746 Heide', 'Untere Naturschutzbehörde');

  // Step 1: empty; then applying for the owner brings the owner's section with its file.
  await portal.expectStep(1, 3, 'Antragstellerin oder Antragsteller');
  await expect(page.getByRole('heading', { level: 2, name: 'Eigentümerin oder Eigentümer' })).toHaveCount(0);
  await portal.expectAccessible();
  await portal.expectErrorsOnNext([
    /„Sie stellen den Antrag als …“/,
    /„Vorname“/,
    /„Nachname oder Firma“/,
    /„Ihre Anschrift“/,
    /„E-Mail-Adresse“/,
  ]);
  await portal.followError(/„Ihre Anschrift“/, portal.group('Ihre Anschrift').getByLabel('Straße'));

  await portal.choose('Sie stellen den Antrag als …', 'Bevollmächtigte Person');
  const owner = portal.section('Eigentümerin oder Eigentümer');
  await expect(owner).toBeVisible();
  await page.getByLabel('Vorname').fill('Hauke');
  await page.getByLabel('Nachname oder Firma').fill(lastName);
  await portal.fillAddress('Ihre Anschrift', { street: 'Österstraße', houseNumber: '5', postcode: '25746', city: 'Heide' });
  await page.getByLabel('E-Mail-Adresse').fill('hauke@example');
  await owner.getByLabel('Name der Eigentümerin oder des Eigentümers').fill('Erika Mommsen');
  // A text file is not a power of attorney the authority accepts.
  await owner.getByLabel('Vollmacht').setInputFiles(textFile('vollmacht.txt'));
  await expect(owner.getByRole('listitem').filter({ hasText: 'vollmacht.txt' })).toBeVisible();
  await portal.expectErrorsOnNext([/E-Mail-Adresse im richtigen Format/, /„Vollmacht“ muss eines dieser Formate haben: PDF, JPEG, PNG/]);
  await portal.followError(/Vollmacht/, owner.getByLabel('Vollmacht'));
  await owner.getByRole('button', { name: 'Datei entfernen vollmacht.txt' }).click();
  await expect(owner.getByRole('listitem')).toHaveCount(0);
  await owner.getByLabel('Vollmacht').setInputFiles(powerOfAttorney);
  await expect(owner.getByRole('listitem')).toHaveText([/vollmacht\.png \(1 KB\)/]);
  await page.getByLabel('E-Mail-Adresse').fill('hauke.hansen@example.org');
  await expect(portal.errorSummary()).toHaveCount(0);
  await portal.expectAccessible();
  await portal.continue();

  // Step 2: empty; a wrong postcode; the site plan chosen, then a reload: files are not kept
  // in the browser, and the citizen is told to choose them again.
  await portal.expectStep(2, 3, 'Grundstück');
  await portal.expectAccessible();
  await portal.expectErrorsOnNext([/„Lage des Grundstücks“/, /„Lageplan mit eingezeichneten Bäumen“/]);
  await portal.followError(/„Lageplan/, page.getByLabel('Lageplan mit eingezeichneten Bäumen'));
  await portal.fillAddress('Lage des Grundstücks', { street: 'Am Kirchhof', houseNumber: '3', postcode: '257 46', city: 'Heide' });
  await page.getByLabel(/^Flur und Flurstück/).fill('Flur 3, Flurstück 45/2');
  await page.getByLabel('Lageplan mit eingezeichneten Bäumen').setInputFiles(sitePlan);
  await expect(page.getByRole('listitem').filter({ hasText: 'lageplan.pdf' })).toBeVisible();
  await portal.expectErrorsOnNext([/Postleitzahl mit 5 Ziffern/]);

  await page.reload();
  // The power of attorney chosen on step 1 is gone as well: step 1 is not complete without
  // it, so the reload leads there first (issue #20), with the same notice.
  await portal.expectStep(1, 3, 'Antragstellerin oder Antragsteller');
  await expect(portal.draftRestoredNotice()).toContainText(
    'Ausgewählte Dateien werden nicht im Browser gespeichert. Bitte wählen Sie sie erneut aus.',
  );
  await expect(owner.getByRole('listitem')).toHaveCount(0);
  await owner.getByLabel('Vollmacht').setInputFiles(powerOfAttorney);
  await expect(owner.getByRole('listitem')).toHaveText([/vollmacht\.png \(1 KB\)/]);
  await portal.continue();
  await expect(page.getByText('Schritt 2 von 3')).toBeVisible();
  await expect(portal.draftRestoredNotice()).toContainText(
    'Ausgewählte Dateien werden nicht im Browser gespeichert. Bitte wählen Sie sie erneut aus.',
  );
  await expect(page.getByLabel(/^Flur und Flurstück/)).toHaveValue('Flur 3, Flurstück 45/2');
  await expect(page.getByRole('listitem').filter({ hasText: 'lageplan.pdf' })).toHaveCount(0);
  await portal.expectAccessible();
  await portal.group('Lage des Grundstücks').getByLabel('Postleitzahl').fill('25746');
  await portal.expectErrorsOnNext([/„Lageplan mit eingezeichneten Bäumen“/]);
  await page.getByLabel('Lageplan mit eingezeichneten Bäumen').setInputFiles(sitePlan);
  await expect(portal.errorSummary()).toHaveCount(0);
  await portal.continue();

  // Step 3: the trees, a repeatable group that starts with one tree.
  await portal.expectStep(3, 3, 'Bäume');
  const trees = portal.group('Bäume, die gefällt werden sollen');
  const tree = (n: number) => trees.getByRole('group', { name: `Baum ${n}`, exact: true });
  await expect(tree(1)).toBeVisible();
  await expect(tree(2)).toHaveCount(0);
  // The only tree cannot be removed: at least one is required.
  await expect(trees.getByRole('button', { name: /^Entfernen/ })).toHaveCount(0);
  await expect(page.getByLabel('Baumgutachten')).toHaveCount(0);
  await portal.expectAccessible();
  await portal.expectErrorsOnNext([
    /„Baumart“/,
    /„Stammumfang in 1 m Höhe“/,
    /„Maßnahme“/,
    /„Hauptgrund“/,
    /„Beschreiben Sie den Grund“/,
    /„Planen Sie eine Ersatzpflanzung auf dem Grundstück\?“/,
  ]);
  await portal.followError(/„Stammumfang/, tree(1).getByLabel('Stammumfang in 1 m Höhe'));

  await tree(1).getByLabel('Baumart').fill('Stieleiche');
  await tree(1).getByLabel('Stammumfang in 1 m Höhe').fill('180');
  await tree(1).getByLabel(/^Kronendurchmesser/).fill('12,25');
  await portal.choose('Maßnahme', 'Fällen', tree(1));

  // Add two more trees (where the focus goes then: known-bugs.spec.ts).
  await trees.getByRole('button', { name: 'Weiteren Eintrag hinzufügen' }).click();
  await expect(tree(2).getByLabel('Baumart')).toHaveValue('');
  await tree(2).getByLabel('Baumart').fill('Pappel');
  await tree(2).getByLabel('Stammumfang in 1 m Höhe').fill('viel');
  await portal.choose('Maßnahme', 'Starker Rückschnitt', tree(2));
  await trees.getByRole('button', { name: 'Weiteren Eintrag hinzufügen' }).click();
  await expect(tree(3).getByLabel('Baumart')).toHaveValue('');
  await tree(3).getByLabel('Baumart').fill('Rotbuche');
  await tree(3).getByLabel('Stammumfang in 1 m Höhe').fill('95');
  await portal.choose('Maßnahme', 'Fällen', tree(3));

  // A reason that brings the (optional) arborist's report; too short a description.
  await portal.choose('Hauptgrund', 'Baum ist nicht mehr standsicher oder krank');
  await expect(page.getByLabel(/^Baumgutachten/)).toBeVisible();
  await page.getByLabel('Beschreiben Sie den Grund').fill('Pilzbefall');
  await portal.answerYesNo('Planen Sie eine Ersatzpflanzung auf dem Grundstück?', true);
  await expect(page.getByLabel('Anzahl der Ersatzbäume')).toBeVisible();
  await expect(page.getByLabel('Warum ist keine Ersatzpflanzung möglich?')).toHaveCount(0);
  await portal.expectErrorsOnNext([
    /Kronendurchmesser.*höchstens 1 Stellen nach dem Komma/,
    /Stammumfang in 1 m Höhe.*ganze Zahl/,
    /Beschreiben Sie den Grund.*mindestens 20 Zeichen/,
    /„Anzahl der Ersatzbäume“/,
  ]);
  await portal.followError(/ganze Zahl/, tree(2).getByLabel('Stammumfang in 1 m Höhe'));
  await portal.expectAccessible();

  // The second tree is not to be felled after all: removed, the third becomes the second.
  await trees.getByRole('button', { name: 'Entfernen Baum 2' }).click();
  await expect(tree(3)).toHaveCount(0);
  await expect(tree(2).getByLabel('Baumart')).toHaveValue('Rotbuche');
  await expect(portal.errorSummary().getByRole('link', { name: /ganze Zahl/ })).toHaveCount(0);

  await tree(1).getByLabel(/^Kronendurchmesser/).fill('12,5');
  await page.getByLabel(/^Baumgutachten/).setInputFiles(report);
  await page.getByLabel('Beschreiben Sie den Grund').fill('Pilzbefall am Stammfuß, der Baum ist nicht mehr standsicher.');
  await page.getByLabel('Anzahl der Ersatzbäume').fill('2');
  await expect(portal.errorSummary()).toHaveCount(0);
  await portal.expectAccessible();
  await portal.continue();

  // Check answers: both remaining trees, the three files by name.
  await portal.expectCheckPage();
  await expect(portal.answer('Bäume, die gefällt werden sollen')).toContainText('1. Stieleiche, 180, 12,5, Fällen');
  await expect(portal.answer('Bäume, die gefällt werden sollen')).toContainText('2. Rotbuche, 95, Fällen');
  await expect(portal.answer('Bäume, die gefällt werden sollen')).not.toContainText('Pappel');
  await expect(portal.answer('Vollmacht')).toHaveText('vollmacht.png');
  await expect(portal.answer('Lageplan mit eingezeichneten Bäumen')).toHaveText('lageplan.pdf');
  await expect(portal.answer('Baumgutachten')).toHaveText('baumgutachten.pdf');
  await portal.expectAccessible();

  // Submit: the first upload is held until the citizen has seen its progress.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let uploads = 0;
  await page.route('**/v1/submissions/*/attachments/*', async (route) => {
    uploads += 1;
    if (uploads === 1) await held;
    await route.continue();
  });
  await portal.submitButton().click();
  await expect(page.getByRole('status')).toContainText(/Anhang 1 von 3 wird hochgeladen: \d+ %/);
  await expect(portal.submitButton()).toBeDisabled();
  await portal.expectAccessible();
  release();
  const reference = await portal.expectReceipt();
  await portal.expectAccessible();
  expect(uploads).toBe(3);

  const stored = submissionsContaining(lastName);
  expect(stored).toHaveLength(1);
  expect(stored[0]).toMatchObject({
    reference,
    service_leika: '99136002000000',
    form_id: 'baumfaellgenehmigung',
    authority_id: 'kreis-dithmarschen-naturschutz',
    status: 'received',
  });
  expect(stored[0].answers.trees).toEqual([
    { species: 'Stieleiche', girth_cm: '180', crown_diameter_m: '12,5', measure: 'felling' },
    { species: 'Rotbuche', girth_cm: '95', measure: 'felling' },
  ]);
  expect(stored[0].attachments.map((a) => [a.name, a.media_type, a.size])).toEqual([
    ['vollmacht.png', 'image/png', powerOfAttorney.buffer.length],
    ['lageplan.pdf', 'application/pdf', sitePlan.buffer.length],
    ['baumgutachten.pdf', 'application/pdf', report.buffer.length],
  ]);
  const files = storedAttachments(reference);
  expect(files.map((f) => [f.attachment_id, f.media_type, f.size, f.stored_bytes]).sort()).toEqual(
    stored[0].attachments.map((a) => [a.id, a.media_type, a.size, a.size]).sort(),
  );
});
