import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { batchItemOf, chunks, csvToInvitations, intlTimeZone, sampleCsv, type CsvMapping } from '../../../web/staff/distribution/csvInvitations.js';

const HEAD = ['surveyId', 'channel', 'customer.id', 'customer.email', 'customer.name', 'customer.locale', 'customer.timezone', 'customer.slackUserId', 'order.id', 'sendAt', 'idempotencyKey'];
/** A row in HEAD's order, from the fields given. */
const row = (f: Partial<Record<(typeof HEAD)[number], string>>) => HEAD.map((c) => f[c] ?? '');
const problemKeys = (m: CsvMapping) => m.rows.map((r) => r.problems.map((p) => `${p.column}:${p.key.replace('csv.problem.', '')}`));

describe('a CSV of invitations as batch items', () => {
  it('maps the known columns, and other customer.* / order.* columns into those objects', () => {
    const m = csvToInvitations([
      [...HEAD, 'customer.tier', 'order.total', 'locale'],
      [...row({ surveyId: 'post-purchase', channel: 'email', 'customer.id': ' 42 ', 'customer.email': 'ana@example.com', 'customer.name': 'Ana', 'customer.locale': 'es', 'customer.timezone': 'Europe/Madrid', 'order.id': 'A-1', sendAt: '2026-12-01T10:00:00Z', idempotencyKey: 'order-A-1' }), 'gold', '59.90', 'en'],
    ]);
    expect(m.fileProblems).toEqual([]);
    expect(m.rows).toEqual([
      {
        row: 2,
        problems: [],
        cells: expect.objectContaining({ surveyId: 'post-purchase', 'customer.tier': 'gold', locale: 'en' }),
        invitation: {
          surveyId: 'post-purchase',
          channel: 'email',
          customer: { id: '42', email: 'ana@example.com', name: 'Ana', locale: 'es', timezone: 'Europe/Madrid', tier: 'gold' },
          order: { id: 'A-1', total: '59.90' },
          sendAt: '2026-12-01T10:00:00Z',
          locale: 'en',
          idempotencyKey: 'order-A-1',
        },
      },
    ]);
  });

  it('leaves empty cells out, defaults the channel to link, and skips empty rows', () => {
    const m = csvToInvitations([['\uFEFFsurveyId', 'Customer.ID', 'customer.Email', 'channel'], ['quick', '7', '', ''], ['', '', '', ''], [' ', '', '', '']]);
    expect(m.fileProblems).toEqual([]);
    expect(m.columns[0]).toBe('surveyId');
    expect(m.rows.map((r) => r.invitation)).toEqual([{ surveyId: 'quick', channel: 'link', customer: { id: '7' } }]);
  });

  it('says what is wrong with each bad row, by column, and sends none of it', () => {
    const m = csvToInvitations(
      [
        HEAD,
        row({ surveyId: 'post-purchase', 'customer.id': '1' }),
        row({ surveyId: 'bad id!', channel: 'fax', 'customer.id': '' }),
        row({ surveyId: 'post-purchase', channel: 'email', 'customer.id': '3', 'customer.email': 'not-an-email' }),
        row({ surveyId: 'post-purchase', channel: 'email', 'customer.id': '4' }),
        row({ surveyId: 'post-purchase', channel: 'slack', 'customer.id': '5' }),
        row({ surveyId: 'post-purchase', channel: 'slack', 'customer.id': '6', 'customer.slackUserId': 'bob' }),
        row({ surveyId: 'post-purchase', 'customer.id': '7', 'customer.timezone': 'Mars/Base', sendAt: 'tomorrow' }),
        row({ surveyId: 'post-purchase', 'customer.id': '8', sendAt: '2026-12-01T10:00Z', idempotencyKey: 'has space' }),
        row({ surveyId: 'nope', 'customer.id': '9' }),
        row({ surveyId: 'post-purchase', channel: 'SLACK', 'customer.id': '10', 'customer.slackUserId': 'U0123ABCD' }),
      ],
      { surveys: new Set(['post-purchase']), isTimeZone: (tz) => tz === 'Europe/Madrid' },
    );
    expect(problemKeys(m)).toEqual([
      [],
      ['surveyId:surveyId', 'channel:channel', 'customer.id:required'],
      ['customer.email:email'],
      ['customer.email:emailNeeded'],
      ['customer.slackUserId:slackNeeded'],
      ['customer.slackUserId:slackUserId'],
      ['customer.timezone:timezone', 'sendAt:sendAt'],
      ['sendAt:sendAt', 'idempotencyKey:idempotencyKey'],
      ['surveyId:unknownSurvey'],
      [],
    ]);
    expect(m.rows.filter((r) => r.invitation).map((r) => r.row)).toEqual([2, 11]);
    // A bad row still shows what it holds.
    expect(m.rows[1]!.cells).toEqual({ surveyId: 'bad id!', channel: 'fax' });
    expect(m.rows[9]!.invitation?.channel).toBe('slack');
  });

  it('refuses a file whose header it cannot read', () => {
    const keys = (table: string[][]) => csvToInvitations(table).fileProblems.map((p) => p.key.replace('csv.problem.', '') + (p.params?.column ? `:${p.params.column}` : ''));
    expect(keys([['surveyId', 'customer.id', 'custmer.email'], ['s', '1', 'x']])).toEqual(['unknownColumn:custmer.email']);
    expect(keys([['surveyId', 'customer.id', 'customer.ID'], ['s', '1', '1']])).toEqual(['repeatedColumn:customer.ID']);
    expect(keys([['surveyId', 'order.id'], ['s', '1']])).toEqual(['missingColumn:customer.id']);
    expect(keys([['surveyId', '', 'customer.id'], ['s', '', '1']])).toEqual(['emptyColumn']);
    expect(keys([['surveyId', 'customer.id']])).toEqual(['noRows']);
    expect(keys([])).toEqual(['noHeader']);
  });

  it('flags cells beyond the header', () => {
    const m = csvToInvitations([['surveyId', 'customer.id'], ['s', '1', 'stray']]);
    expect(problemKeys(m)).toEqual([['undefined:extraCells']]);
  });

  it('reads the sample file it offers as three good invitations, through the real CSV parser', () => {
    const parsed = Papa.parse<string[]>(sampleCsv('quick'), { skipEmptyLines: 'greedy' });
    expect(parsed.errors).toEqual([]);
    const m = csvToInvitations(parsed.data, { surveys: new Set(['quick']) });
    expect(m.fileProblems).toEqual([]);
    expect(m.rows.map((r) => [r.invitation?.channel, r.problems])).toEqual([
      ['link', []],
      ['email', []],
      ['slack', []],
    ]);
    expect(m.rows[0]!.invitation!.customer).toMatchObject({ name: 'Ana García', tier: 'gold' });
  });

  it('keeps quoted commas, quotes and line breaks in a cell (RFC 4180)', () => {
    const csv = 'surveyId,customer.id,customer.name,order.note\r\nquick,1,"Smith, ""Jo""","two\nlines"\r\n';
    const m = csvToInvitations(Papa.parse<string[]>(csv, { skipEmptyLines: 'greedy' }).data);
    expect(m.rows[0]!.invitation).toMatchObject({ customer: { name: 'Smith, "Jo"' }, order: { note: 'two\nlines' } });
  });
});

describe('batches and the server’s answers', () => {
  it('splits rows into chunks of at most 1,000', () => {
    expect(chunks(Array.from({ length: 2500 }, (_, i) => i)).map((c) => c.length)).toEqual([1000, 1000, 500]);
    expect(chunks([])).toEqual([]);
  });

  it('finds the item a 400 names', () => {
    expect(batchItemOf('invitations[3].customer.email: Invalid email')).toBe(3);
    expect(batchItemOf('invitations: at most 1000')).toBeUndefined();
  });

  it('asks Intl which time zones exist', () => {
    expect(intlTimeZone('Europe/Madrid')).toBe(true);
    expect(intlTimeZone('Mars/Base')).toBe(false);
  });
});
