// SPDX-License-Identifier: EUPL-1.2
// End-to-end encryption (issue #8): the portal encrypts answers and metadata in the
// browser (WebCrypto, JWE RSA-OAEP-256 + A256GCM) for the competent authority's key and
// sends it over FIT-Connect's Submission API v1 (`POST /v1/submissions`, the attachments,
// `PUT /v1/submissions/{id}`); the database holds ciphertext only; the authority's inbox
// (the real binary, a FIT-Connect subscriber) decrypts, validates and accepts; the
// citizen's status page shows it. Interop both ways with an
// independent JOSE implementation (npm `jose`): it decrypts what Chromium encrypted, and
// what it encrypts is accepted by our inbox.
import { test, expect, Page } from '@playwright/test';
import { createHash } from 'node:crypto';
import { readFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { compactDecrypt, CompactEncrypt, importJWK, importPKCS8 } from 'jose';
import { Portal } from './fixtures/portal';
import { answerGewA1Business, answerGewA1Owner } from './fixtures/applications';
import { AUTHORITY_KEYS, inbox, queryDb } from './support/system';
import { ATTACHMENT_CONTENT } from './fixtures/db';

const ROOT = resolve(__dirname, '..');
const JWE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]{22}$/;
const GEWERBE = '99050012104000';

function db(): string {
  return process.env.PORTAL_DB!;
}

/** The authority's private key `kid`, made by the authority (`central-api authority
 * keygen`) in its own folder; the server never had it. */
async function privateKey(authority: string, kid: string) {
  const pem = readFileSync(join(AUTHORITY_KEYS, `${authority}.${kid}.pem`), 'utf8');
  return importPKCS8(pem, 'RSA-OAEP-256');
}

/** Bytes of the database file and its WAL: where an answer in clear would show. */
function databaseBytes(): Buffer {
  return Buffer.concat([db(), `${db()}-wal`].filter(existsSync).map((f) => readFileSync(f)));
}

async function fillGewerbeanmeldung(page: Page, tradeName: string) {
  const portal = new Portal(page);
  // The place decides the authority (the town of Heide) and so the key.
  await page.goto(`/services/${GEWERBE}`);
  await portal.choosePlace('25746', '25746 Heide');
  await portal.start();
  await page.getByLabel('Name des Betriebs').fill(tradeName);
  await page.getByLabel('Rechtsform').selectOption({ label: 'Einzelunternehmen' });
  await page.getByLabel('Angemeldete Tätigkeit').fill('Verschlüsselte Backwaren');
  await portal.fillDate('Beginn der Tätigkeit', new Date());
  await answerGewA1Business(portal);
  await portal.next().click();
  await page.getByLabel('Vorname').fill('Frauke');
  await page.getByLabel('Nachname').fill('Geheimrath');
  await answerGewA1Owner(portal);
  await page.getByLabel('E-Mail-Adresse').fill('frauke.geheimrath@example.org');
  await portal.next().click();
  await page.getByLabel('Straße').fill('Süderstraße');
  await page.getByLabel('Hausnummer').fill('3');
  await page.getByLabel('Postleitzahl').fill('25746');
  await page.getByLabel('Ort').fill('Heide');
  await portal.next().click();
  await expect(page.getByRole('heading', { level: 1, name: 'Angaben prüfen' })).toBeVisible();
}

/** What the browser sends over FIT-Connect's Submission API: the creation
 * (`POST /v1/submissions`), the submission (`PUT /v1/submissions/{id}`), and every body
 * of a request to `/v1/submissions…` (uploads too), to look for answers in clear. */
function fitConnectRequests(page: Page) {
  const bodies: string[] = [];
  page.on('request', (r) => {
    if (new URL(r.url()).pathname.startsWith('/v1/submissions')) bodies.push(r.postData() ?? '');
  });
  const create = page.waitForRequest((r) => r.method() === 'POST' && new URL(r.url()).pathname === '/v1/submissions');
  const submit = page.waitForRequest(
    (r) => r.method() === 'PUT' && /^\/v1\/submissions\/[^/]+$/.test(new URL(r.url()).pathname),
  );
  return {
    bodies,
    async sent() {
      const [created, submitted] = await Promise.all([create, submit]);
      return {
        create: JSON.parse(created.postData() ?? '{}'),
        createHeaders: await created.allHeaders(),
        submissionId: new URL(submitted.url()).pathname.split('/').pop()!,
        submit: JSON.parse(submitted.postData() ?? '{}'),
      };
    },
  };
}

/** The protected header of a compact JWE. */
function jweHeader(jwe: string): Record<string, string> {
  return JSON.parse(Buffer.from(jwe.split('.')[0], 'base64url').toString('utf8'));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

test('the browser encrypts, the database holds only JWE, the inbox accepts and the citizen sees it', async ({ page, request }) => {
  const tradeName = `Bäckerei Chiffre ${Date.now()}`;
  await fillGewerbeanmeldung(page, tradeName);

  const requests = fitConnectRequests(page);
  await page.getByRole('button', { name: 'Antrag absenden' }).click();
  const sent = await requests.sent();
  await expect(page.getByRole('heading', { level: 1, name: 'Antrag gesendet' })).toBeVisible({ timeout: 15_000 });
  const reference = (await page.getByTestId('reference').textContent())?.trim() ?? '';

  // What left the browser: the creation names destination, service and (no) attachments;
  // the submission carries two JWE; no answer in clear in any request.
  const routes = await (await request.get(`/v1/routes?leikaKey=${GEWERBE}&ars=010510044044`)).json();
  const route = routes.routes[0];
  expect(route.authority.id).toBe('stadt-heide-ordnung');
  expect(Object.keys(sent.create).sort()).toEqual(['announcedAttachments', 'destinationId', 'serviceType']);
  expect(sent.create.destinationId).toMatch(UUID);
  expect(sent.create.destinationId).toBe(route.destinationId);
  expect(sent.create.announcedAttachments).toEqual([]);
  expect(sent.create.serviceType.identifier).toBe(`urn:de:fim:leika:leistung:${GEWERBE}`);
  expect(sent.createHeaders.authorization).toMatch(/^Bearer \S+$/);
  expect(sent.createHeaders['idempotency-key']).toBeTruthy();
  expect(Object.keys(sent.submit).sort()).toEqual(['encryptedData', 'encryptedMetadata']);
  expect(sent.submit.encryptedData).toMatch(JWE);
  expect(sent.submit.encryptedMetadata).toMatch(JWE);
  const kid = jweHeader(sent.submit.encryptedData).kid;
  expect(kid).toBe(route.destinationParameters.encryptionKid);
  expect(requests.bodies.length).toBeGreaterThanOrEqual(2);
  for (const body of requests.bodies) {
    for (const secret of ['Chiffre', 'Geheimrath', 'frauke.geheimrath']) expect(body).not.toContain(secret);
  }

  // The database holds only JWE; the answers are nowhere in its file.
  const [row] = queryDb(
    `SELECT encrypted_data, encrypted_metadata, kid, authority_id, submission_uuid, status FROM submissions WHERE reference = '${reference}'`,
  ) as Array<Record<string, string>>;
  expect(row.encrypted_data).toMatch(JWE);
  expect(row.encrypted_metadata).toMatch(JWE);
  expect(row.kid).toBe(kid);
  expect(row.authority_id).toBe(route.authority.id);
  expect(row.submission_uuid).toBe(sent.submissionId);
  expect(row.status).toBe('received');
  const stored = databaseBytes();
  for (const secret of [tradeName, 'Geheimrath', 'frauke.geheimrath@example.org']) {
    expect(stored.includes(Buffer.from(secret, 'utf8')), `${secret} in the database`).toBe(false);
  }

  // Interop: an independent JOSE implementation decrypts what Chromium encrypted.
  const key = await privateKey(route.authority.id, kid);
  const data = await compactDecrypt(sent.submit.encryptedData, key);
  expect(data.protectedHeader).toMatchObject({ alg: 'RSA-OAEP-256', enc: 'A256GCM', kid });
  const answers = JSON.parse(new TextDecoder().decode(data.plaintext));
  expect(answers).toMatchObject({
    trade_name: tradeName,
    legal_form: 'einzelunternehmen',
    last_name: 'Geheimrath',
    email: 'frauke.geheimrath@example.org',
    place: 'Heide',
  });
  const metadata = JSON.parse(new TextDecoder().decode((await compactDecrypt(sent.submit.encryptedMetadata, key)).plaintext));
  expect(metadata.contentStructure.data.hash).toEqual({
    type: 'sha512',
    content: createHash('sha512').update(data.plaintext).digest('hex'),
  });
  expect(metadata.publicServiceType.identifier).toBe(`urn:de:fim:leika:leistung:${GEWERBE}`);
  // Only the authority learns which citizen's reference this is.
  expect(metadata.additionalReferenceInfo.senderReference).toBe(reference);

  // The authority's inbox decrypts, validates with the form engine and accepts.
  const [opened] = inbox('--authority', route.authority.id, '--submission', reference)
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
  expect(opened.reference).toBe(reference);
  expect(opened.submission_id).toBe(sent.submissionId);
  expect(opened.answers).toEqual(answers);
  expect(opened.validation).toEqual([]);
  expect(opened.integrity).toEqual([]);
  const accepted = JSON.parse(inbox('--authority', route.authority.id, '--accept', reference));
  expect(accepted).toEqual({ reference, submission_id: sent.submissionId, status: 'accepted' });

  // The citizen's status page shows the decision.
  await page.reload();
  await expect(page.getByTestId('submission-status')).toHaveText('Angenommen');
});

test('a JWE made by the jose library, sent over the Submission API, is accepted by our inbox', async ({ request }) => {
  const ars = '010510044044';
  const routes = await (await request.get(`/v1/routes?leikaKey=${GEWERBE}&ars=${ars}`)).json();
  const route = routes.routes[0];
  const authority: string = route.authority.id;
  const kid: string = route.destinationParameters.encryptionKid;
  const jwk = route.destinationParameters.publicKeys.keys.find((k: { kid: string }) => k.kid === kid);
  // FIT-Connect publishes encryption keys with key_ops ["wrapKey"]; jose wraps the
  // content key with WebCrypto's encrypt(), so it is imported without key_ops.
  const { key_ops: _keyOps, ...publicJwk } = jwk;
  const publicKey = await importJWK(publicJwk, 'RSA-OAEP-256');
  const seal = (text: string) =>
    new CompactEncrypt(new TextEncoder().encode(text))
      .setProtectedHeader({ alg: 'RSA-OAEP-256', enc: 'A256GCM', kid, cty: 'application/json' })
      .encrypt(publicKey);
  const today = new Date().toISOString().slice(0, 10);
  // The complete GewA 1 application the Rust tests share, started today.
  const answers = JSON.stringify({
    ...JSON.parse(readFileSync(resolve(ROOT, 'crates/central-api/demo/answers/gewerbeanmeldung.json'), 'utf8')),
    trade_name: 'Jose-Interop GmbH',
    start_date: today,
  });
  const token = (await (await request.post('/api/sender-token')).json()).access_token as string;
  const auth = { Authorization: `Bearer ${token}` };
  const created = await request.post('/v1/submissions', {
    headers: { ...auth, 'Idempotency-Key': `jose-interop-${Date.now()}` },
    data: {
      destinationId: route.destinationId,
      announcedAttachments: [],
      serviceType: { name: 'Gewerbeanmeldung', identifier: `urn:de:fim:leika:leistung:${GEWERBE}` },
    },
  });
  expect(created.status()).toBe(201);
  const receipt = await created.json();
  expect(receipt.destinationId).toBe(route.destinationId);
  expect(receipt.submissionId).toMatch(UUID);
  expect(receipt.caseId).toMatch(UUID);
  const metadata = JSON.stringify({
    $schema: 'https://schema.fitko.de/fit-connect/metadata/1.0.0/metadata.schema.json',
    contentStructure: {
      data: {
        submissionSchema: { schemaUri: 'urn:de:buergerportal:form:gewerbeanmeldung:1', mimeType: 'application/json' },
        hash: { type: 'sha512', content: createHash('sha512').update(answers).digest('hex') },
      },
      attachments: [],
    },
    publicServiceType: { identifier: `urn:de:fim:leika:leistung:${GEWERBE}` },
    additionalReferenceInfo: { senderReference: receipt.reference },
  });
  const submitted = await request.put(`/v1/submissions/${receipt.submissionId}`, {
    headers: auth,
    data: { encryptedMetadata: await seal(metadata), encryptedData: await seal(answers) },
  });
  expect(submitted.status()).toBe(202);

  const [opened] = inbox('--authority', authority, '--submission', receipt.submissionId)
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
  expect(opened.reference).toBe(receipt.reference);
  expect(opened.answers).toEqual(JSON.parse(answers));
  expect(opened.integrity).toEqual([]);
  expect(opened.validation).toEqual([]);
  expect(JSON.parse(inbox('--authority', authority, '--accept', receipt.reference)).status).toBe('accepted');
  const status = await request.get(`/api/submissions/${receipt.reference}`, {
    headers: { Authorization: `Bearer ${receipt.statusToken}` },
  });
  expect((await status.json()).status).toBe('accepted');
});

test('chosen files are encrypted in the browser, uploaded as JWE, and decrypted by the authority', async ({ page }) => {
  const portal = new Portal(page);
  const pdf = Buffer.from('%PDF-1.4\n% Vollmacht Geheimrath\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n', 'latin1');
  const png = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.from('Lageplan Geheimrath')]);
  await page.goto('/services/99136002000000');
  await portal.choosePlace('25746', '25746 Heide');
  await portal.start();

  await new Portal(page).choose(/^Sie stellen den Antrag als/, 'Bevollmächtigte Person');
  await page.getByLabel('Vorname').fill('Frauke');
  await page.getByLabel('Nachname oder Firma').fill('Geheimrath');
  const home = page.getByRole('group', { name: 'Ihre Anschrift' });
  await home.getByLabel('Straße').fill('Süderstraße');
  await home.getByLabel('Hausnummer').fill('3');
  await home.getByLabel('Postleitzahl').fill('25746');
  await home.getByLabel('Ort').fill('Heide');
  await page.getByLabel('E-Mail-Adresse').fill('frauke.geheimrath@example.org');
  await page.getByLabel('Name der Eigentümerin oder des Eigentümers').fill('Ole Eigner');
  await page.getByLabel('Vollmacht').setInputFiles({ name: 'Vollmacht Geheimrath.pdf', mimeType: 'application/pdf', buffer: pdf });
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
  await new Portal(page).choose('Maßnahme', 'Fällen');
  await new Portal(page).choose('Hauptgrund', 'Anderer Grund');
  await page.getByLabel('Beschreiben Sie den Grund').fill('Der Baum steht im Weg.');
  await page.getByRole('radio', { name: 'Ja' }).check();
  await page.getByLabel('Anzahl der Ersatzbäume').fill('2');
  await portal.next().click();
  await expect(page.getByRole('heading', { level: 1, name: 'Angaben prüfen' })).toBeVisible();

  const requests = fitConnectRequests(page);
  await page.getByRole('button', { name: 'Antrag absenden' }).click();
  const sent = await requests.sent();
  await expect(page.getByRole('heading', { level: 1, name: 'Antrag gesendet' })).toBeVisible({ timeout: 15_000 });
  const reference = (await page.getByTestId('reference').textContent())?.trim() ?? '';

  // Announced by id only; names and types are in the encrypted metadata, the files
  // themselves go as JWE (application/jose).
  expect(sent.create.announcedAttachments).toHaveLength(2);
  for (const id of sent.create.announcedAttachments) expect(id).toMatch(UUID);
  for (const body of requests.bodies) {
    expect(body).not.toContain('Vollmacht Geheimrath');
    expect(body).not.toContain('Lageplan Geheimrath');
  }
  const [row] = queryDb(`SELECT authority_id, kid FROM submissions WHERE reference = '${reference}'`) as Array<
    Record<string, string>
  >;
  expect(row.authority_id).toBe('kreis-dithmarschen-naturschutz');
  const files = queryDb(
    `SELECT a.attachment_id AS id, a.media_type, ${ATTACHMENT_CONTENT} AS content FROM attachments a
     JOIN submissions s ON s.id = a.submission_id WHERE s.reference = '${reference}' ORDER BY a.attachment_id`,
  ) as Array<Record<string, string>>;
  expect(files).toHaveLength(2);
  expect(files.map((f) => f.id).sort()).toEqual([...sent.create.announcedAttachments].sort());
  const key = await privateKey(row.authority_id, row.kid);
  const contents: Buffer[] = [];
  for (const file of files) {
    expect(file.media_type).toBe('application/jose');
    expect(file.content).toMatch(JWE);
    contents.push(Buffer.from((await compactDecrypt(file.content, key)).plaintext));
  }
  expect(contents.map((c) => c.toString('hex')).sort()).toEqual([pdf, png].map((c) => c.toString('hex')).sort());
  expect(databaseBytes().includes(Buffer.from('Geheimrath'))).toBe(false);

  // The inbox decrypts files and metadata, checks every SHA-512 and validates.
  const [opened] = inbox('--authority', row.authority_id, '--submission', reference)
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
  expect(opened.integrity).toEqual([]);
  expect(opened.validation).toEqual([]);
  expect(opened.attachments.map((a: { filename: string }) => a.filename).sort()).toEqual(['Lageplan.png', 'Vollmacht Geheimrath.pdf']);
  expect(JSON.parse(inbox('--authority', row.authority_id, '--accept', reference)).status).toBe('accepted');
});
