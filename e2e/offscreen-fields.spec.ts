// SPDX-License-Identifier: EUPL-1.2
// A step's fields below the fold are a full part of the page: in Chromium's own
// accessibility tree (what screen readers read, not only the DOM), reached by Tab with
// their whole focus ring, and by the error summary's links. Issue #21 tried leaving them
// out of layout until they come near the viewport (`content-visibility: auto` on each
// field's frame): "Next" was 5–8 ms faster, but Chromium then drops the skipped fields
// from its accessibility tree, so a screen reader's list of form fields misses them
// (docs/BENCHMARKS.md, session 18). The first test fails with that rule; the second
// fails when a frame's paint containment cuts the focus ring.
import { test, expect, Locator, Page } from '@playwright/test';
import { Portal, tabTo } from './fixtures/portal';

const STEP_1 = '/services/99050012104000/form/1';
/** The last question of step 1, a yes/no question far below the fold at 1280 × 720. */
const REGISTERED = /in einem Register eingetragen/;

/**
 * How many pixels of the focus colour (KERN's `--kern-color-action-focus-default`,
 * #454B6B) lie in the strip of `width` pixels just left of `target`'s box: its focus ring,
 * unless something clips it. The screenshot is decoded in a blank page of its own, away
 * from the portal's Content-Security-Policy.
 */
async function focusRingLeftOf(page: Page, target: Locator, width = 4): Promise<number> {
  const box = await target.boundingBox();
  if (!box) throw new Error('no box');
  const png = await page.screenshot({
    clip: { x: box.x - width, y: box.y, width, height: box.height },
    animations: 'disabled',
  });
  const blank = await page.context().newPage();
  try {
    return await blank.evaluate(async (base64) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const context = canvas.getContext('2d')!;
      context.drawImage(bitmap, 0, 0);
      const { data } = context.getImageData(0, 0, bitmap.width, bitmap.height);
      let count = 0;
      for (let i = 0; i < data.length; i += 4) {
        const near = (value: number, want: number) => Math.abs(value - want) <= 12;
        if (near(data[i], 0x45) && near(data[i + 1], 0x4b) && near(data[i + 2], 0x6b)) count++;
      }
      return count;
    }, png.toString('base64'));
  } finally {
    await blank.close();
  }
}

test('every question of a long step is in the accessibility tree, far below the fold too', async ({ page }) => {
  const portal = new Portal(page);
  await page.goto(STEP_1);
  await portal.expectStep(1, 3, 'Betrieb');
  // The last question lies far below the fold at 1280 × 720.
  await expect(portal.group(REGISTERED)).not.toBeInViewport();

  // Every control of the step's form in the DOM has its node in Chromium's own
  // accessibility tree, and the last question is there by its name.
  const controls = await page.locator('form.step-form').locator('input:not([type=hidden]), select, textarea').count();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Accessibility.enable');
  const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as {
    nodes: Array<{ ignored: boolean; role?: { value: string }; name?: { value: string } }>;
  };
  const roles = new Set(['textbox', 'combobox', 'radio', 'checkbox', 'spinbutton', 'searchbox']);
  const exposed = nodes.filter((n) => !n.ignored && roles.has(n.role?.value ?? ''));
  expect(controls).toBeGreaterThan(10);
  expect(exposed.length).toBe(controls);
  expect(nodes.filter((n) => !n.ignored && n.role?.value === 'group' && REGISTERED.test(n.name?.value ?? ''))).toHaveLength(1);
  await portal.expectAccessible();
});

/** Step 1 opened, and its last question's "Ja", far below the fold. */
async function openStep1(page: Page): Promise<{ portal: Portal; yes: Locator }> {
  const portal = new Portal(page);
  await page.goto(STEP_1);
  await portal.expectStep(1, 3, 'Betrieb');
  const yes = portal.group(REGISTERED).getByRole('radio', { name: 'Ja' });
  await expect(yes).not.toBeInViewport();
  return { portal, yes };
}

test('a field below the fold reached by Tab shows its whole focus ring', async ({ page }) => {
  const { yes } = await openStep1(page);
  await tabTo(page, yes);
  await expect(yes).toBeInViewport();
  // The radio button sits at its frame's left edge, so its 4 px ring lies outside the
  // frame: visible unless something clips the frame's paint.
  await expect.poll(() => focusRingLeftOf(page, yes)).toBeGreaterThan(10);
});

test('the error summary leads to a field below the fold', async ({ page }) => {
  const { portal, yes } = await openStep1(page);
  await portal.pressNext();
  await expect(portal.errorSummary()).toBeFocused();
  await portal.followError(/in einem Register eingetragen/, yes);
  await expect(yes).toBeInViewport();
  await portal.expectAccessible();
});
