// SPDX-License-Identifier: EUPL-1.2
// The legend of a repeatable group's item ("Baum 1") stands above the item's first field,
// on a phone and on a desktop (issue #19, item 4: KERN floated it beside the field).
import { test, expect } from '@playwright/test';
import { Portal } from './fixtures/portal';
import { openBaumfaellStep } from './fixtures/applications';

for (const width of [360, 1280]) {
  test(`the item legend sits above the first field at ${width} px`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    await openBaumfaellStep(new Portal(page), 3);
    const item = page.getByRole('group', { name: 'Baum 1', exact: true });
    const legend = item.locator('legend').first();
    const label = item.getByText('Baumart', { exact: true });
    await expect(label).toBeVisible();
    const legendBox = (await legend.boundingBox())!;
    const labelBox = (await label.boundingBox())!;
    // Above: the legend ends before the label starts, and the label is not pushed right.
    expect(legendBox.y + legendBox.height).toBeLessThanOrEqual(labelBox.y);
    const itemBox = (await item.boundingBox())!;
    expect(labelBox.x - itemBox.x).toBeLessThan(40);
    await new Portal(page).expectAccessible();
  });
}
