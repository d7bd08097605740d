/** What a new survey starts from: a small script that validates. */

export const SURVEY_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** "after-support" → "After support". */
export function titleFromId(id: string): string {
  const words = id.replace(/[_-]+/g, ' ').trim();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : id;
}

export function surveyTemplate(id: string): string {
  return [
    `id: ${id}`,
    'title:',
    `  en: ${titleFromId(id)}`,
    'defaultLocale: en',
    'locales: [en]',
    '',
    'intro:',
    '  en: "Hi {{customer.name|there}}! Two quick questions about your experience."',
    '',
    'questions:',
    '  - id: csat',
    '    type: rating',
    '    scale: csat',
    '    display: stars',
    '    text:',
    '      en: Overall, how satisfied are you?',
    '',
    '  - id: comment',
    '    type: text',
    '    required: false',
    '    text:',
    '      en: Is there anything you would like to tell us?',
    '',
    'endings:',
    '  - id: thanks',
    '    text:',
    '      en: Thank you for your feedback!',
    '',
    'escalation:',
    '  - id: low_csat',
    '    when: csat <= 2',
    '    priority: high',
    '',
  ].join('\n');
}

/** How a line of a unified diff is drawn. */
export type DiffLineKind = 'd-meta' | 'd-hunk' | 'd-add' | 'd-del' | 'd-ctx';

export function diffLineKind(line: string): DiffLineKind {
  if (/^(\+\+\+|---|Index:|={3,}|diff )/.test(line) || line.startsWith('\\')) return 'd-meta';
  if (line.startsWith('@@')) return 'd-hunk';
  if (line.startsWith('+')) return 'd-add';
  if (line.startsWith('-')) return 'd-del';
  return 'd-ctx';
}
