// SPDX-License-Identifier: EUPL-1.2
// FIT-Connect interoperability from the browser (issue #16): what the portal sends over
// the Submission API v1 is received, decrypted, checked (metadata schema 1.0.0, SHA-512
// of data and files, the relay's signed submit event) and accepted by an INDEPENDENT
// subscriber (interop/fit_connect/subscriber.py, Python, written from FIT-Connect's
// specification), and the citizen's receipt page then shows the acceptance. The other
// way round: what the independent Python sender sends is accepted by our own subscriber
// (`central-api inbox`), and the citizen's status says so. scripts/interop.sh runs the
// Python clients against each other and against our inbox without a browser.
import { test, expect, Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Portal } from './fixtures/portal';
import { AUTHORITY_KEYS, inbox, queryDb } from './support/system';

const ROOT = resolve(__dirname, '..');
const PYTHON = join(ROOT, 'target', 'tools', 'interop', 'bin', 'python');
const FC = join(ROOT, 'interop', 'fit_connect');
const BAUM = '99136002000000';
const AUTHORITY = 'kreis-dithmarschen-naturschutz';

/** One of the Python clients; its one JSON line out. */
function python(script: string, ...args: string[]): Record<string, unknown> {
  const out = execFileSync(PYTHON, [join(FC, script), '--api', process.env.PORTAL_URL!, ...args], {
    encoding: 'utf8',
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
    timeout: 60_000,
  });
  const lines = out.trim().split('\n').filter((line) => line.trim() !== '');
  expect(lines, `${script} answered: ${out}`).toHaveLength(1);
  return JSON.parse(lines[0]);
}

test.beforeAll(() => {
  if (!existsSync(PYTHON)) throw new Error(`${PYTHON} is missing: run scripts/setup.sh (it installs the interop clients' packages)`);
});

/** A Baumfällgenehmigung in Heide (the county's nature conservation authority) with two
 * files, up to its check page. */
async function fillBaumfaellgenehmigung(page: Page, lastName: string) {
  const portal = new Portal(page);
  const pdf = Buffer.from(`%PDF-1.4\n% Vollmacht ${lastName}\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n`, 'latin1');
  const png = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.from(`Lageplan ${lastName}`)]);
  await page.goto(`/services/${BAUM}`);
  await portal.choosePlace('25746', '25746 Heide');
  await portal.start();

  await portal.choose(/^Sie stellen den Antrag als/, 'Bevollmächtigte Person');
  await page.getByLabel('Vorname').fill('Hauke');
  await page.getByLabel('Nachname oder Firma').fill(lastName);
  const home = page.getByRole('group', { name: 'Ihre Anschrift' });
  await home.getByLabel('Straße').fill('Österstraße');
  await home.getByLabel('Hausnummer').fill('5');
  await home.getByLabel('Postleitzahl').fill('25746');
  await home.getByLabel('Ort').fill('Heide');
  await page.getByLabel('E-Mail-Adresse').fill('hauke@example.org');
  await page.getByLabel('Name der Eigentümerin oder des Eigentümers').fill('Erika Mommsen');
  await page.getByLabel('Vollmacht').setInputFiles({ name: 'Vollmacht.pdf', mimeType: 'application/pdf', buffer: pdf });
  await portal.next().click();

  const plot = page.getByRole('group', { name: 'Lage des Grundstücks' });
  await plot.getByLabel('Straße').fill('Markt');
  await plot.getByLabel('Hausnummer').fill('1');
  await plot.getByLabel('Postleitzahl').fill('25746');
  await plot.getByLabel('Ort').fill('Heide');
  await page.getByLabel('Lageplan mit eingezeichneten Bäumen').setInputFiles({ name: 'Lageplan.png', mimeType: 'image/png', buffer: png });
  await portal.next().click();

  await page.getByLabel('Baumart').fill('Stieleiche');
  await page.getByLabel('Stammumfang in 1 m Höhe').fill('180');
  await portal.choose('Maßnahme', 'Fällen');
  await portal.choose('Hauptgrund', 'Anderer Grund');
  await page.getByLabel('Beschreiben Sie den Grund').fill('Der Baum steht dem Neubau im Weg.');
  await page.getByRole('radio', { name: 'Ja' }).check();
  await page.getByLabel('Anzahl der Ersatzbäume').fill('2');
  await portal.next().click();
  await portal.expectCheckPage();
}

test('sent in the browser, accepted by the independent Python subscriber, shown as accepted on the receipt', async ({ page }) => {
  test.setTimeout(120_000);
  const portal = new Portal(page);
  await fillBaumfaellgenehmigung(page, `Interop-${Date.now()}`);
  await portal.submitButton().click();
  const reference = await portal.expectReceipt();
  await expect(page.getByTestId('submission-status')).not.toHaveText('Angenommen');

  const [row] = queryDb(
    `SELECT submission_uuid, case_id, authority_id, status FROM submissions WHERE reference = '${reference}'`,
  ) as Array<Record<string, string>>;
  expect(row).toMatchObject({ authority_id: AUTHORITY, status: 'received' });

  // The Python subscriber picks it up, decrypts and checks it, and signs its acceptance.
  const decided = python('subscriber.py', '--keys-dir', AUTHORITY_KEYS, '--authority', AUTHORITY, '--submission', row.submission_uuid);
  expect(decided).toEqual({ submissionId: row.submission_uuid, caseId: row.case_id, decision: 'accepted', problems: [] });
  expect(queryDb(`SELECT status FROM submissions WHERE reference = '${reference}'`)).toEqual([{ status: 'accepted' }]);
  const events = queryDb(`SELECT event FROM case_events WHERE case_id = '${row.case_id}' ORDER BY id`).map((e) =>
    String(e.event),
  );
  expect(events.some((e) => e.includes('submit-submission'))).toBe(true);
  expect(events.some((e) => e.includes('accept-submission'))).toBe(true);

  // The citizen's receipt page reads the decision with its status token.
  await page.reload();
  await expect(page.getByTestId('submission-status')).toHaveText('Angenommen');
});

test('sent by the independent Python sender, accepted by central-api inbox; the citizen status says accepted', async ({ request }) => {
  const sent = python(
    'sender.py',
    '--client', join(ROOT, 'data', 'sender-client.json'),
    '--leika', BAUM,
    '--ars', '010510044044',
    '--answers', join(FC, 'answers', 'baumfaellgenehmigung.json'),
    '--attach', `site_plan=${join(FC, 'site-plan.pdf')}`,
  ) as { submissionId: string; reference: string; statusToken: string };
  expect(sent.reference).toMatch(/^BP-/);

  const status = async () =>
    (await (await request.get(`/api/submissions/${sent.reference}?token=${encodeURIComponent(sent.statusToken)}`)).json()).status;
  expect(await status()).toBe('received');

  const [opened] = inbox('--authority', AUTHORITY, '--submission', sent.submissionId)
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
  // (The citizen's reference reaches the authority only in the metadata, as
  // `additionalReferenceInfo.senderReference`; this sender names none, so the inbox
  // knows the submission by its id.)
  expect(opened).toMatchObject({ submission_id: sent.submissionId, integrity: [], validation: [] });
  expect(opened.attachments.map((a: { filename: string }) => a.filename)).toEqual(['site-plan.pdf']);
  expect(JSON.parse(inbox('--authority', AUTHORITY, '--accept', sent.submissionId))).toMatchObject({
    submission_id: sent.submissionId,
    status: 'accepted',
  });
  expect(await status()).toBe('accepted');
});
