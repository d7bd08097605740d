/// <reference lib="dom" />
import { mkdir } from 'node:fs/promises';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseScriptYaml } from '../../src/scripts/parseScriptYaml.js';
import type { SatisfyApp } from '../../src/app.js';
import { memoryStores } from '../../src/storage/memory/memoryStores.js';
import { ADMIN_TOKEN, createTestApp } from '../support/app.js';
import { listen, type Listening } from '../support/http.js';
import { catalog, ROOT } from '../support/scripts.js';
import { ARTIFACTS, launch, screenshot, watchErrors } from './browser.js';
import { byTestId, realErrors, signInWithToken } from './staffPage.js';

const DESKTOP = { width: 1440, height: 1000 };
const SORRY_EN = 'Thank you for telling us. We will put it right.';

/**
 * The builder's conditions, choices, endings and drag and drop in real Chromium, without typing
 * into the YAML: every change is made on a card, the YAML follows, and the preview runs it.
 */
describe('the survey builder: conditions, choices, endings and drag in Chromium', () => {
  let satisfy: SatisfyApp;
  let server: Listening;
  let browser: Browser;

  beforeAll(async () => {
    satisfy = await createTestApp({}, { stores: memoryStores() });
    server = await listen(satisfy.app, (http) => satisfy.attach(http));
    browser = await launch();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await satisfy?.close();
  });

  /** The whole YAML. CodeMirror draws only the lines near the view, so this reads its document
   * from the view it hangs on the content element (`cmTile.root.view` in @codemirror/view 6.39+,
   * `cmView.view` before): internal, so a missing view fails loudly rather than reading half. */
  const editorText = (page: Page) =>
    page.locator('[data-testid="admin-editor"] .cm-content').evaluate((el) => {
      type View = { state: { doc: { toString(): string } } };
      const dom = el as unknown as { cmTile?: { root?: { view?: View } }; cmView?: { view?: View } };
      const view = dom.cmTile?.root?.view ?? dom.cmView?.view;
      if (!view) throw new Error('no CodeMirror view on .cm-content');
      return view.state.doc.toString();
    });
  const card = (page: Page, id: string) => page.locator(`[data-testid="builder-card"][data-question-id="${id}"]`);
  const cardIds = (page: Page) => byTestId(page, 'builder-card').evaluateAll((els) => els.map((e) => e.getAttribute('data-question-id')));
  /** The question ids in the YAML, in order. */
  const yamlIds = async (page: Page) => [...(await editorText(page)).matchAll(/^ {2}- id: (\w+)$/gm)].map((m) => m[1]).filter((id) => ['csat', 'delivery', 'improve', 'reason'].includes(id!));
  const valid = (page: Page) => expect.poll(() => byTestId(page, 'admin-publish').isEnabled(), { timeout: 10_000 }).toBe(true);
  /** A picture of one card for the docs (docs/images), clear of the page's sticky header. */
  const docShot = async (page: Page, target: Locator, name: string) => {
    await mkdir(`${ROOT}docs/images`, { recursive: true });
    await page.setViewportSize({ width: DESKTOP.width, height: 1400 });
    await target.evaluate((el) => {
      // Below whatever sticks to the top of the page (the header, the survey's toolbar).
      const stuck = [...document.querySelectorAll<HTMLElement>('body *')].filter((e) => getComputedStyle(e).position === 'sticky' && e.getBoundingClientRect().top < 200);
      const below = Math.max(0, ...stuck.map((e) => e.getBoundingClientRect().bottom));
      window.scrollBy(0, el.getBoundingClientRect().top - below - 24);
    });
    const clip = (await target.boundingBox())!;
    await page.mouse.move(0, 0);
    await page.screenshot({ path: `${ROOT}docs/images/${name}.png`, clip, animations: 'disabled' });
    await page.setViewportSize(DESKTOP);
  };
  /** The show-if picker of a question card (not its jumps'). */
  const showIf = (page: Page, id: string) => card(page, id).locator('[data-testid="builder-cond"][data-key-prefix$=":if"]').first();

  it('adds a condition with the picker, a choice with a synonym, edits an ending, drags a card, and the preview runs it', async () => {
    const page = await browser.newPage({ viewport: DESKTOP });
    const errors = watchErrors(page);
    await page.goto(`${server.url}/staff/surveys`);
    await signInWithToken(page, ADMIN_TOKEN);
    await page.locator('[data-testid="admin-survey-row"]').first().waitFor({ timeout: 10_000 });

    // A new survey from the CSAT template: csat, delivery, improve (asked when csat <= 3).
    await page.getByRole('button', { name: 'New survey' }).click();
    await byTestId(page, 'admin-new-id').fill('after-order');
    await byTestId(page, 'admin-new-template').selectOption('csat-purchase');
    await byTestId(page, 'admin-new-create').click();
    await card(page, 'improve').waitFor({ timeout: 10_000 });
    await valid(page);

    // 1. A show-if on "delivery", picked, not typed: csat ≥ 3.
    const deliveryIf = showIf(page, 'delivery');
    expect(await byTestId(deliveryIf, 'builder-cond-row').count()).toBe(0);
    await byTestId(deliveryIf, 'builder-cond-add').click();
    await expect.poll(() => editorText(page)).toContain('  - id: delivery\n    type: rating\n    scale: csat\n    display: stars\n    if: csat <= 2\n');
    await byTestId(showIf(page, 'delivery'), 'builder-cond-op').selectOption('ge');
    await expect.poll(() => editorText(page)).toContain('    if: csat >= 2\n');
    await byTestId(showIf(page, 'delivery'), 'builder-cond-value').selectOption({ label: '3' });
    await expect.poll(() => editorText(page)).toContain('    if: csat >= 3\n');
    expect(await byTestId(showIf(page, 'delivery'), 'builder-cond-text').inputValue()).toBe('csat >= 3');
    // Only questions asked before "delivery" (and the start data) are offered.
    const offered = await byTestId(showIf(page, 'delivery'), 'builder-cond-subject').locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(offered).toEqual(['csat', 'customer.', 'order.']);

    // 2. "improve" gets a second row, joined with "or": csat <= 3 or delivery <= 2.
    const improveIf = showIf(page, 'improve');
    expect(await byTestId(improveIf, 'builder-cond-row').count()).toBe(1);
    await byTestId(improveIf, 'builder-cond-add-row').click();
    await expect.poll(() => editorText(page)).toContain('    if: csat <= 3 and delivery <= 2\n');
    await byTestId(showIf(page, 'improve'), 'builder-cond-join').selectOption('or');
    await expect.poll(() => editorText(page)).toContain('    if: csat <= 3 or delivery <= 2\n');
    await valid(page);
    await screenshot(page, 'builder-condition-picker');
    await docShot(page, card(page, 'improve'), 'builder-condition');

    // A condition the picker cannot show stays text, with a note, and is not rewritten.
    const text = byTestId(showIf(page, 'improve'), 'builder-cond-text');
    await text.fill('csat <= 3 or delivery <= 2 and answered(csat)');
    await text.press('Enter');
    await expect.poll(() => editorText(page)).toContain('    if: csat <= 3 or delivery <= 2 and answered(csat)\n');
    await expect.poll(() => byTestId(showIf(page, 'improve'), 'builder-cond-note').textContent()).toContain('mixes “and” with “or”');
    expect(await byTestId(showIf(page, 'improve'), 'builder-cond-row').count()).toBe(0);
    await byTestId(showIf(page, 'improve'), 'builder-cond-text').fill('csat <= 3 or delivery <= 2');
    await byTestId(showIf(page, 'improve'), 'builder-cond-text').press('Enter');
    await expect.poll(() => byTestId(showIf(page, 'improve'), 'builder-cond-row').count()).toBe(2);

    // 3. A choice question, with a choice that has a synonym.
    await byTestId(page, 'builder-add-type').selectOption('choice');
    await byTestId(page, 'builder-add').click();
    const fresh = card(page, 'choice_2');
    await fresh.waitFor();
    await byTestId(fresh, 'builder-id').fill('reason');
    await byTestId(fresh, 'builder-id').press('Enter');
    const reason = card(page, 'reason');
    await reason.waitFor();
    const texts = { en: 'What was the main problem?', es: '¿Cuál fue el problema principal?', 'zh-CN': '主要问题是什么？' };
    for (const [l, v] of Object.entries(texts)) await byTestId(reason, `builder-text-${l}`).fill(v);
    const labels: Record<string, Record<string, string>> = {
      option_1: { en: 'Price', es: 'Precio', 'zh-CN': '价格' },
      option_2: { en: 'Quality', es: 'Calidad', 'zh-CN': '质量' },
    };
    for (const [id, ls] of Object.entries(labels)) {
      const option = reason.locator(`[data-testid="builder-option"][data-option-id="${id}"]`);
      for (const [l, v] of Object.entries(ls)) await byTestId(option, `builder-option-label-${l}`).fill(v);
    }
    await byTestId(reason, 'builder-option-add').click();
    const added = card(page, 'reason').locator('[data-testid="builder-option"][data-option-id="option_3"]');
    await byTestId(added, 'builder-option-id').fill('late');
    await byTestId(added, 'builder-option-id').press('Enter');
    const late = card(page, 'reason').locator('[data-testid="builder-option"][data-option-id="late"]');
    for (const [l, v] of Object.entries({ en: 'Late delivery', es: 'Entrega tardía', 'zh-CN': '送货太慢' })) await byTestId(late, `builder-option-label-${l}`).fill(v);
    await byTestId(late, 'builder-option-synonyms-en').fill('slow, delayed');
    await byTestId(late, 'builder-option-synonyms-en').press('Tab');
    await expect.poll(() => editorText(page)).toContain('      - id: late\n        label: {en: Late delivery, es: Entrega tardía, zh-CN: 送货太慢}\n        synonyms: {en: [slow, delayed]}\n');
    await valid(page);
    await screenshot(page, 'builder-choice-synonyms');
    await card(page, 'reason').screenshot({ path: `${ARTIFACTS}/builder-choice-card.png` });

    // 4. The "sorry" ending: new English words, and shown on low delivery too (a row added, "or").
    const sorry = page.locator('[data-testid="builder-ending"][data-ending-id="sorry"]');
    await byTestId(sorry, 'builder-ending-text-en').fill(SORRY_EN);
    await byTestId(sorry, 'builder-cond-add-row').click();
    await byTestId(page.locator('[data-testid="builder-ending"][data-ending-id="sorry"]'), 'builder-cond-join').selectOption('or');
    const endingRow = page.locator('[data-testid="builder-ending"][data-ending-id="sorry"] [data-testid="builder-cond-row"]').nth(1);
    await byTestId(endingRow, 'builder-cond-subject').selectOption('delivery');
    await expect.poll(() => editorText(page)).toContain(`  - id: sorry\n    if: csat <= 3 or delivery <= 2\n    text:\n      en: ${SORRY_EN}\n`);
    await valid(page);
    await page.locator('[data-testid="builder-ending"][data-ending-id="sorry"]').screenshot({ path: `${ARTIFACTS}/builder-ending-card.png` });

    // 4b. The "very_unhappy" rule: raised only when the scorer is at least 0.7 sure, and only when
    // "improve" reads negative. 1.5 is refused on the card, with a message, and not written.
    const rule = () => page.locator('[data-testid="builder-rule"][data-rule-id="very_unhappy"]');
    const minConfidence = () => byTestId(rule(), 'builder-rule-min-confidence');
    const ruleBefore = await editorText(page);
    await minConfidence().fill('1.5');
    await minConfidence().press('Tab');
    await expect.poll(() => byTestId(rule(), 'builder-rule-min-confidence-bad').isVisible()).toBe(true);
    expect(await byTestId(rule(), 'builder-rule-min-confidence-bad').textContent()).toBe('The minimum confidence is a number from 0 to 1, such as 0.7.');
    expect(await minConfidence().getAttribute('aria-invalid')).toBe('true');
    expect(await editorText(page)).toBe(ruleBefore);
    await minConfidence().fill('0.7');
    await minConfidence().press('Tab');
    await expect.poll(() => editorText(page)).toContain('  - id: very_unhappy\n    when: csat <= 2\n    minConfidence: 0.7\n    priority: high\n');
    expect(await byTestId(rule(), 'builder-rule-min-confidence-bad').isHidden()).toBe(true);
    await byTestId(rule(), 'builder-cond-add-row').click();
    const ruleRow = () => byTestId(rule(), 'builder-cond-row').nth(1);
    await byTestId(ruleRow(), 'builder-cond-subject').selectOption('improve');
    await expect.poll(() => editorText(page)).toContain('    when: csat <= 2 and sentiment(improve) < -0.4\n');
    await byTestId(ruleRow(), 'builder-cond-op').selectOption({ label: 'sentiment label is' });
    await byTestId(ruleRow(), 'builder-cond-value').selectOption({ label: 'mixed' });
    await expect.poll(() => editorText(page)).toContain("    when: csat <= 2 and sentimentLabel(improve) == 'mixed'\n");
    await byTestId(ruleRow(), 'builder-cond-value').selectOption({ label: 'negative' });
    await expect.poll(() => editorText(page)).toContain("  - id: very_unhappy\n    when: csat <= 2 and sentimentLabel(improve) == 'negative'\n    minConfidence: 0.7\n    priority: high\n");
    expect(await minConfidence().inputValue()).toBe('0.7');
    await valid(page);
    await rule().screenshot({ path: `${ARTIFACTS}/builder-rule-card.png` });

    // 5. Drag "reason" (now last) above "improve"; the YAML order follows and it is announced.
    expect(await cardIds(page)).toEqual(['csat', 'delivery', 'improve', 'reason']);
    const target = card(page, 'improve');
    // Both cards in view: the top of "improve" (the drop point) and the handle of "reason" under it.
    // (below the page's sticky header).
    await target.evaluate((el) => window.scrollBy(0, el.getBoundingClientRect().top - 200));
    const box = (await target.boundingBox())!;
    // Pressed on the handle, moved a little (a drag starts after a few pixels), then over the top
    // half of "improve" and let go, as a hand does (Playwright's dragTo moves once, too quickly
    // for Chromium to start a native drag).
    const from = (await byTestId(card(page, 'reason'), 'builder-drag').boundingBox())!;
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2 - 20, { steps: 5 });
    await page.mouse.move(box.x + box.width / 2, box.y + 10, { steps: 10 });
    await page.mouse.up();
    await expect.poll(() => cardIds(page)).toEqual(['csat', 'delivery', 'reason', 'improve']);
    await expect.poll(() => yamlIds(page)).toEqual(['csat', 'delivery', 'reason', 'improve']);
    await expect.poll(() => byTestId(page, 'builder-live').textContent()).toBe('Question “reason” moved to position 3 of 4.');
    // The keyboard way does the same: Move down puts it back after "improve".
    await byTestId(card(page, 'reason'), 'builder-down').click();
    await expect.poll(() => yamlIds(page)).toEqual(['csat', 'delivery', 'improve', 'reason']);
    await expect.poll(() => byTestId(page, 'builder-live').textContent()).toBe('Question “reason” moved to position 4 of 4.');
    await byTestId(card(page, 'reason'), 'builder-up').click();
    await expect.poll(() => yamlIds(page)).toEqual(['csat', 'delivery', 'reason', 'improve']);
    await valid(page);
    // The template's comments stayed with their questions.
    const yaml = await editorText(page);
    expect(yaml).toContain('  # The headline score: 1 (very unsatisfied) to 5 (very satisfied).\n  - id: csat\n');
    expect(yaml).toContain('  # Only asked when the score is low, to learn what to fix.\n  - id: improve\n');
    await screenshot(page, 'builder-dragged');

    // The YAML is what the server compiles, without a problem.
    const compiled = parseScriptYaml(yaml, catalog, 1);
    expect(compiled.ok ? [] : compiled.problems).toEqual([]);

    // 6. The preview runs it: csat 4 asks delivery (csat >= 3); delivery 1 leads to the choice,
    // answered with the synonym "slow"; improve follows (delivery <= 2); the edited ending closes.
    const bot = byTestId(page, 'admin-preview-bot');
    await byTestId(page, 'admin-preview-restart').click();
    await bot.filter({ hasText: 'Overall, how satisfied are you with your purchase?' }).waitFor({ timeout: 10_000 });
    const answer = async (said: string, next: string) => {
      await byTestId(page, 'admin-preview-input').fill(said);
      await byTestId(page, 'admin-preview-send').click();
      await bot.filter({ hasText: next }).waitFor({ timeout: 10_000 });
    };
    await answer('4', 'How satisfied are you with the delivery?');
    await answer('1', 'What was the main problem?');
    await answer('slow', 'What could we have done better?');
    await answer('It came a week late', SORRY_EN);
    await screenshot(page, 'builder-conditions-preview');
    expect(realErrors(errors)).toEqual([]);
    await page.close();
  });
});
