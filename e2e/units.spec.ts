// SPDX-License-Identifier: EUPL-1.2
// The unit of a number field stands beside its input and is read with it (issue #19,
// item 6).
import { test, expect } from '@playwright/test';
import { Portal } from './fixtures/portal';
import { openBaumfaellStep } from './fixtures/applications';

test('a number field shows its unit beside the input, also to screen readers', async ({ page }) => {
  await openBaumfaellStep(new Portal(page), 3);
  const tree = page.getByRole('group', { name: 'Baum 1', exact: true });
  const girth = tree.getByLabel('Stammumfang in 1 m Höhe');
  await expect(girth).toHaveAccessibleDescription('cm');
  await expect(tree.getByLabel('Kronendurchmesser')).toHaveAccessibleDescription('m');
  const unit = tree.getByText('cm', { exact: true });
  await expect(unit).toBeVisible();
  // Measured once the web fonts are in and the layout has settled: while the step is
  // still being drawn (fonts swapping in on a loaded machine) the unit can briefly sit a
  // line lower, which is not what the citizen ends up seeing.
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  const beside = async () => {
    const [input, shown] = [(await girth.boundingBox())!, (await unit.boundingBox())!];
    // Beside: on the input's line, just right of it.
    return (
      shown.x >= input.x + input.width &&
      shown.x - (input.x + input.width) < 24 &&
      shown.y < input.y + input.height &&
      shown.y + shown.height > input.y
    );
  };
  await expect.poll(beside, { timeout: 5_000 }).toBe(true);
  await new Portal(page).expectAccessible();

  await page.getByRole('button', { name: /English/ }).click();
  await expect(page.getByLabel('Trunk girth at 1 m height')).toHaveAccessibleDescription('cm');
  await new Portal(page).expectAccessible();
});
