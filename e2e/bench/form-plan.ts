// SPDX-License-Identifier: EUPL-1.2
// The generated benchmark forms as `cargo run -p form-engine --example bench_forms`
// describes them (plan.json), and filling in their first step validly, shared by the
// benchmark (portal.bench.ts) and the profiles (portal.profile.ts).
import { Page } from '@playwright/test';

export interface FormPlan {
  fields: string[];
  step_fields: string[][];
  fill_step_1: { id: string; kind: 'text' | 'date' | 'choice' | 'yes_no'; value: string }[];
  keystroke_field: string;
}

export async function fillStep1(page: Page, form: FormPlan) {
  for (const { id, kind, value } of form.fill_step_1) {
    const sel = `#f-${id}`;
    if (kind === 'text') await page.fill(sel, value);
    else if (kind === 'choice') await page.selectOption(sel, value);
    else if (kind === 'yes_no') await page.check(value === 'yes' ? sel : `${sel}-no`);
    else if (kind === 'date') {
      const [y, m, d] = value.split('-');
      await page.fill(sel, d);
      await page.fill(`${sel}-1`, m);
      await page.fill(`${sel}-2`, y);
    }
  }
}
