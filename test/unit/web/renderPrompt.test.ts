import { describe, expect, it } from 'vitest';
import type { Prompt } from '../../../src/core/outputs.js';
import { multipleAnswer, promptModel, ratingText, toggleChoice, type PromptQuestion, type PromptStrings } from '../../../web/shared/renderPrompt.js';

const strings: PromptStrings = { send: 'Send', skip: 'Skip', ofMax: (n, max) => `${n} of ${max}` };
const question = (prompt: Prompt, extra: Partial<PromptQuestion> = {}): PromptQuestion => ({ type: 'question', questionId: 'q1', text: 'How was it?', prompt, reask: false, ...extra });

/** The renderer's decisions as data (web/shared/renderPrompt.ts promptModel): no DOM needed. */
describe('promptModel', () => {
  it('draws a 1–5 star rating as five stars that send the number and say ★★★★', () => {
    const m = promptModel(question({ kind: 'rating', min: 1, max: 5, display: 'stars', minLabel: 'Bad', maxLabel: 'Great' }), strings);
    expect(m.controls).toMatchObject({ kind: 'rating', display: 'stars', ends: { min: 'Bad', max: 'Great' } });
    if (m.controls.kind !== 'rating') throw new Error('not a rating');
    expect(m.controls.buttons.map((b) => [b.look, b.label, b.value, b.text, b.ariaLabel])).toEqual([
      ['star', '★', '1', '★', '1 of 5'],
      ['star', '★', '2', '★★', '2 of 5'],
      ['star', '★', '3', '★★★', '3 of 5'],
      ['star', '★', '4', '★★★★', '4 of 5'],
      ['star', '★', '5', '★★★★★', '5 of 5'],
    ]);
  });

  it('draws faces worst first, sending and saying the number', () => {
    const m = promptModel(question({ kind: 'rating', min: 1, max: 5, display: 'faces' }), strings);
    if (m.controls.kind !== 'rating') throw new Error('not a rating');
    expect(m.controls.buttons.map((b) => [b.look, b.label, b.value, b.text])).toEqual([
      ['face', '😡', '1', '1'],
      ['face', '😞', '2', '2'],
      ['face', '😐', '3', '3'],
      ['face', '🙂', '4', '4'],
      ['face', '😍', '5', '5'],
    ]);
    expect(m.controls.ends).toBeUndefined();
  });

  it('draws 0–10 as eleven numbers, six to a line on a narrow screen, and stars off 1–5 as numbers', () => {
    const nps = promptModel(question({ kind: 'rating', min: 0, max: 10, display: 'numbers' }), strings);
    expect(nps.controls).toMatchObject({ kind: 'rating', display: 'numbers', perRow: 6 });
    if (nps.controls.kind !== 'rating') throw new Error('not a rating');
    expect(nps.controls.buttons.map((b) => b.text)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    const wide = promptModel(question({ kind: 'rating', min: 1, max: 7, display: 'stars' }), strings);
    expect(wide.controls).toMatchObject({ kind: 'rating', display: 'numbers', perRow: 4 });
    expect(promptModel(question({ kind: 'rating', min: 1, max: 4, display: 'numbers' }), strings).controls).toMatchObject({ perRow: 4 });
  });

  it('leaves a rating it cannot trust to typing', () => {
    expect(promptModel(question({ kind: 'rating', min: 0, max: 100, display: 'numbers' }), strings).controls).toEqual({ kind: 'none' });
    expect(promptModel(question({ kind: 'rating', min: 5, max: 1, display: 'numbers' }), strings).controls).toEqual({ kind: 'none' });
    expect(promptModel(question({ kind: 'rating', min: Number.NaN, max: 5, display: 'numbers' }), strings).controls).toEqual({ kind: 'none' });
  });

  it('draws a single choice and yes/no as options that send their value and say their label', () => {
    const options = [
      { value: 'quality', label: 'Product quality' },
      { value: 'price', label: 'Price' },
    ];
    expect(promptModel(question({ kind: 'choice', multiple: false, options }), strings).controls).toEqual({
      kind: 'single',
      buttons: [
        { look: 'option', label: 'Product quality', value: 'quality', text: 'Product quality' },
        { look: 'option', label: 'Price', value: 'price', text: 'Price' },
      ],
    });
    const yesno = promptModel(question({ kind: 'yesno', options: [{ value: 'yes', label: 'Sí' }, { value: 'no', label: 'No' }] }), strings);
    expect(yesno.controls).toMatchObject({ kind: 'single', buttons: [{ value: 'yes', text: 'Sí' }, { value: 'no', text: 'No' }] });
  });

  it('gives a multiple choice the survey’s submit label, else the reader’s "Send"', () => {
    const options = [{ value: 'a', label: 'A' }];
    expect(promptModel(question({ kind: 'choice', multiple: true, options, submitLabel: 'Enviar' }), strings).controls).toMatchObject({ kind: 'multiple', submitLabel: 'Enviar' });
    expect(promptModel(question({ kind: 'choice', multiple: true, options }), strings).controls).toMatchObject({ kind: 'multiple', submitLabel: 'Send' });
  });

  it('passes a text question’s length limit to the caller', () => {
    expect(promptModel(question({ kind: 'text', maxLength: 500 }), strings).controls).toEqual({ kind: 'text', maxLength: 500 });
    expect(promptModel(question({ kind: 'text', maxLength: -3 }), strings).controls).toEqual({ kind: 'text', maxLength: 0 });
  });

  it('offers Skip exactly when the question has a skipLabel, with the reader’s word if it is empty', () => {
    const p: Prompt = { kind: 'text', maxLength: 100 };
    expect(promptModel(question(p), strings).skip).toBeUndefined();
    expect(promptModel(question(p, { skipLabel: 'Omitir' }), strings).skip).toEqual({ label: 'Omitir' });
    expect(promptModel(question(p, { skipLabel: '' }), strings).skip).toEqual({ label: 'Skip' });
  });

  it('keeps the legend for a caller that shows it', () => {
    expect(promptModel(question({ kind: 'text', maxLength: 10 }, { legend: '1 = Bad · 5 = Great' }), strings).legend).toBe('1 = Bad · 5 = Great');
  });
});

describe('rating text and multiple choice', () => {
  it('says stars as stars and everything else as the number', () => {
    expect(ratingText('stars', 4)).toBe('★★★★');
    expect(ratingText('faces', 4)).toBe('4');
    expect(ratingText('numbers', 0)).toBe('0');
  });

  it('sends the ticked options in the options’ order, not the order of the clicks', () => {
    const m = promptModel(question({ kind: 'choice', multiple: true, options: ['a', 'b', 'c'].map((v) => ({ value: v, label: v.toUpperCase() })) }), strings);
    if (m.controls.kind !== 'multiple') throw new Error('not a multiple choice');
    let selected: ReadonlySet<string> = new Set();
    expect(multipleAnswer(m.controls.buttons, selected)).toBeNull();
    for (const v of ['c', 'b', 'a', 'b']) selected = toggleChoice(selected, v);
    expect(multipleAnswer(m.controls.buttons, selected)).toEqual({ value: ['a', 'c'], text: 'A, C' });
  });
});
