import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { anchorsOf, checkDocs, githubSlug } from '../../scripts/checkDocs.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The docs are split over many pages that link into each other: a moved or renamed section must
 * not leave a link behind that leads nowhere. */
describe('links in the docs', () => {
  it('every relative link and anchor in README.md, docs/ and bench/README.md resolves', () => {
    expect(checkDocs(ROOT)).toEqual([]);
  });
});

describe('checkDocs', () => {
  const root = mkdtempSync(join(tmpdir(), 'satisfy-docs-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const write = (path: string, text: string): void => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };

  write(
    'README.md',
    [
      '# Demo',
      '[ok](docs/guide.md#the-handoffoff-switch) [ok](docs/guide.md#setup-1) [ok](#demo) [ok](https://example.com/nowhere.md)',
      '![here](docs/images/widget.png)',
      '![missing](docs/images/other.png)',
      '[missing page](docs/nothing.md)',
      '[missing anchor](docs/guide.md#no-such-heading)',
      '`[in code](docs/nothing.md)`',
      '```md',
      '[in a fence](docs/nothing.md)',
      '```',
      '[outside](../elsewhere.md)',
    ].join('\n'),
  );
  write('docs/images/widget.png', 'png');
  write('docs/guide.md', '# Guide\n\n## The `HANDOFF=off` switch\n\n## Setup\n\n## Setup\n\n[back](../README.md#demo) [wrong](../README.md#guide)\n');
  write('bench/README.md', '# Bench\n\n[ok](../docs/guide.md)\n');

  it('reports each broken link with its page, line and reason, and nothing else', () => {
    expect(checkDocs(root)).toEqual([
      { file: 'README.md', line: 4, target: 'docs/images/other.png', reason: 'no file docs/images/other.png' },
      { file: 'README.md', line: 5, target: 'docs/nothing.md', reason: 'no file docs/nothing.md' },
      {
        file: 'README.md',
        line: 6,
        target: 'docs/guide.md#no-such-heading',
        reason: 'no heading with anchor #no-such-heading in docs/guide.md',
      },
      { file: 'README.md', line: 11, target: '../elsewhere.md', reason: 'points outside the repository' },
      { file: 'docs/guide.md', line: 9, target: '../README.md#guide', reason: 'no heading with anchor #guide in README.md' },
    ]);
  });

  it.each([
    ['`HANDOFF=off`', 'handoffoff'],
    ["How a customer's locale is chosen", 'how-a-customers-locale-is-chosen'],
    ['`GET /api/responses`', 'get-apiresponses'],
    ['Files in `dialogs/` and edits in the page', 'files-in-dialogs-and-edits-in-the-page'],
    ['Questions: common fields', 'questions-common-fields'],
    ['What customers can type', 'what-customers-can-type'],
    ['`settings`', 'settings'],
  ])('anchors the heading %s as GitHub does: #%s', (heading, slug) => {
    expect([...anchorsOf(`## ${heading}`)]).toEqual([slug]);
  });

  it('slugs text as github-slugger does', () => {
    expect(githubSlug('Customers\' data: DELETE /api/customers/:customerId')).toBe('customers-data-delete-apicustomerscustomerid');
    expect(githubSlug('Ünïcode 中文 and snake_case')).toBe('ünïcode-中文-and-snake_case');
  });
});
