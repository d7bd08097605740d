import { oneClickQuestion, oneClickValues } from '../../core/distribution/oneClick.js';
import { renderQuestion, say, t, type TextScope } from '../../core/engine/render.js';
import type { CompiledScript } from '../../core/script/compiled.js';
import { escapeHtml as esc } from '../escapeHtml.js';
import type { InvitationMessage } from '../InvitationSender.js';

export interface InvitationEmail {
  subject: string;
  html: string;
  text: string;
  /** List-Unsubscribe (RFC 2369) and List-Unsubscribe-Post (RFC 8058, one click). */
  headers: Record<string, string>;
}

export interface InvitationEmailOptions {
  /** An address that also takes unsubscribes by mail (the second List-Unsubscribe entry). */
  unsubscribeMailto?: string;
}

/** The faces of a 1–5 scale, worst first, as the chat draws them (web/shared/faces.ts). */
const FACES = ['😡', '😞', '😐', '🙂', '😍'];

const ACCENT = '#3047c9';
const INK = '#1c2230';
const MUTED = '#5b6475';
const FONT = "font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,'PingFang SC','Microsoft YaHei',sans-serif";

/**
 * The invitation or reminder email for one customer, in their language: a greeting (with their
 * name when known), the survey's title, its first rating question as one link per scale value
 * (one click answers it, InvitationMessage.links.answer), a plain link to the survey, and a
 * footer with the unsubscribe link, which the List-Unsubscribe headers also carry for the mail
 * client's own button. Pure: the same message always gives the same email.
 *
 * The HTML is what mail clients render: tables and inline styles, no script, no stylesheet, no
 * image; every value put in it is escaped.
 */
export function renderInvitationEmail(message: InvitationMessage, options: InvitationEmailOptions = {}): InvitationEmail {
  const { invitation, script, links, reminder } = message;
  const locale = script.locales.includes(invitation.locale) ? invitation.locale : script.defaultLocale;
  // Customer and order arrive as JSON (the invitations API), so they hold only JSON values.
  const context = { customer: invitation.customer, order: invitation.order } as TextScope['context'];
  const scope: TextScope = { locale, context, answers: {} };
  const s = (key: string, params: Readonly<Record<string, string | number>> = {}) => t(script, locale, key, params);

  const title = say(script, scope, script.title);
  const name = typeof invitation.customer.name === 'string' ? invitation.customer.name.trim() : '';
  const greeting = name ? s('email.greeting.name', { name }) : s('email.greeting');
  const intro = s(reminder ? 'email.intro.reminder' : 'email.intro');
  const subject = oneLine(s(reminder ? 'email.subject.reminder' : 'email.subject', { title }));
  const question = oneClickPart(script, scope, links.answer);

  const text = [
    greeting,
    '',
    intro,
    '',
    ...(question ? [question.text, question.legend ?? '', '', ...question.values.map((v) => `  ${v.value}: ${v.href}`), ''] : []),
    s('email.open.text'),
    links.survey,
    '',
    '-- ',
    s('email.footer'),
    `${s('email.unsubscribe')}: ${links.unsubscribe}`,
    '',
  ]
    .filter((line, i, all) => !(line === '' && all[i - 1] === ''))
    .join('\n');

  const html = page({
    locale,
    title,
    preheader: intro,
    body: [
      p(greeting, 'margin:0 0 12px'),
      p(intro, 'margin:0 0 24px'),
      question ? questionBlock(question, s('email.one_click')) : '',
      button(links.survey, s('email.open')),
    ].join(''),
    footer: `${esc(s('email.footer'))}<br><a href="${esc(links.unsubscribe)}" style="color:${MUTED};text-decoration:underline">${esc(s('email.unsubscribe'))}</a>`,
  });

  const unsubscribe = [`<${links.unsubscribe}>`, ...(options.unsubscribeMailto ? [`<mailto:${options.unsubscribeMailto}?subject=unsubscribe>`] : [])];
  return {
    subject,
    html,
    text,
    headers: { 'List-Unsubscribe': unsubscribe.join(', '), 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
  };
}

interface OneClickPart {
  text: string;
  legend?: string;
  /** NPS's 11 values get a narrower cell. */
  values: { value: number; label: string; href: string }[];
}

function oneClickPart(script: CompiledScript, scope: TextScope, answer: (value: string) => string): OneClickPart | undefined {
  const q = oneClickQuestion(script);
  if (!q) return undefined;
  const shown = renderQuestion(script, scope, q, false);
  if (shown.type !== 'question') return undefined;
  const five = q.rating.min === 1 && q.rating.max === 5;
  const label = (n: number) => (five && q.rating.display === 'faces' ? `${FACES[n - 1]} ${n}` : five && q.rating.display === 'stars' ? `${n} ★` : String(n));
  return {
    text: shown.text,
    ...(shown.legend ? { legend: shown.legend } : {}),
    values: oneClickValues(q).map((n) => ({ value: n, label: label(n), href: answer(String(n)) })),
  };
}

function questionBlock(q: OneClickPart, hint: string): string {
  const width = Math.floor(100 / q.values.length);
  const cells = q.values
    .map(
      (v) =>
        `<td width="${width}%" align="center" style="padding:0 3px"><a href="${esc(v.href)}" style="display:block;padding:12px 0;border:1px solid #c9cfe0;border-radius:8px;background:#f5f7fc;color:${INK};text-decoration:none;font-size:${q.values.length > 5 ? 16 : 18}px;font-weight:600;white-space:nowrap;${FONT}">${esc(v.label)}</a></td>`,
    )
    .join('');
  return [
    p(q.text, `margin:0 0 4px;font-size:18px;font-weight:600;color:${INK}`),
    p(hint, `margin:0 0 12px;font-size:14px;color:${MUTED}`),
    `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="margin:0 0 8px;border-collapse:separate"><tr>${cells}</tr></table>`,
    q.legend ? p(q.legend, `margin:0 0 24px;font-size:13px;color:${MUTED}`) : '',
  ].join('');
}

function button(href: string, label: string): string {
  return `<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:8px 0 0"><tr><td style="border-radius:8px;background:${ACCENT}"><a href="${esc(href)}" style="display:inline-block;padding:12px 24px;color:#ffffff;text-decoration:none;font-size:16px;font-weight:600;${FONT}">${esc(label)}</a></td></tr></table>`;
}

function p(text: string, style: string): string {
  return `<p style="${style};${FONT};line-height:1.5">${esc(text)}</p>`;
}

function page(parts: { locale: string; title: string; preheader: string; body: string; footer: string }): string {
  return `<!doctype html>
<html lang="${esc(parts.locale)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>${esc(parts.title)}</title>
</head>
<body style="margin:0;padding:0;background:#eef0f4">
<div style="display:none;max-height:0;overflow:hidden;mso-hide:all">${esc(parts.preheader)}</div>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background:#eef0f4">
<tr><td align="center" style="padding:24px 12px">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:600px;background:#ffffff;border-radius:12px">
<tr><td style="padding:20px 28px;background:${ACCENT};border-radius:12px 12px 0 0;color:#ffffff;font-size:20px;font-weight:600;${FONT}">${esc(parts.title)}</td></tr>
<tr><td style="padding:28px;color:${INK};font-size:16px;${FONT}">${parts.body}</td></tr>
</table>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:600px">
<tr><td style="padding:16px 28px;color:${MUTED};font-size:12px;line-height:1.5;${FONT}">${parts.footer}</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`;
}


/** A subject is one header line: a title with a line break must not start another header. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
