import { afterAll, describe, expect, it } from 'vitest';
import { createRepo } from '../../test/helpers/repo.js';
import { parseTrailers } from './trailers.js';

// Each message is committed to a real repository and git's own reading of its trailers
// (`%(trailers:only,unfold)`) is the expected answer.
const messages: Record<string, string> = {
  'plain trailer block': 'Fix login\n\nBody text.\n\nCo-authored-by: Claude <noreply@anthropic.com>\nSigned-off-by: Ada <ada@example.com>\n',
  'title only': 'Fix: the login\n',
  'title that looks like a trailer': 'Fixes: #12\n',
  'no blank line before trailers': 'Subject\nCo-authored-by: X <x@y>\n',
  'body paragraph that is not trailers': 'Subject\n\nThis change: makes things better\nand more.\n',
  'mixed block without git-generated trailer': 'Subject\n\nSome words here\nReviewed-by: Bob <bob@example.com>\n',
  'mixed block with Signed-off-by (25% rule)': 'Subject\n\nSome words\nmore words\nReviewed-by: Bob <b@x>\nSigned-off-by: Ada <a@x>\n',
  'mixed block under 25%': 'Subject\n\nw1\nw2\nw3\nw4\nw5\nw6\nw7\nSigned-off-by: Ada <a@x>\n',
  'continuation lines': 'Subject\n\nBody.\n\nNote: first part\n  second part\nCo-authored-by: A <a@x>\n',
  'space before colon': 'Subject\n\nBody.\n\nAcked-by : Ada <a@x>\n',
  'footer then trailers': 'Subject\n\n🤖 Generated with [Claude Code](https://claude.com/claude-code)\n\nCo-Authored-By: Claude <noreply@anthropic.com>\n',
  'trailing blank lines': 'Subject\n\nBody\n\nAssisted-by: cursor\n\n\n',
  'cherry-pick line': 'Subject\n\nBody\n\n(cherry picked from commit 0123456789abcdef0123456789abcdef01234567)\nSigned-off-by: Ada <a@x>\n',
  'url value': 'Subject\n\nClaude-Session: https://claude.ai/code/session_abc\n',
  'dashes inside body': 'Subject\n\n---\nnot a patch\n\nCo-authored-by: A <a@x>\n',
};

describe('parseTrailers', () => {
  const repo = createRepo();
  afterAll(() => repo.remove());

  for (const [name, message] of Object.entries(messages)) {
    it(`agrees with git: ${name}`, () => {
      const sha = repo.commit({ message });
      const expected = repo
        .git(['log', '-1', '--format=%(trailers:only,unfold,separator=%x00)', sha])
        .replace(/\n$/, '')
        .split('\0')
        .filter((line) => line !== '')
        .map((line) => {
          const colon = line.indexOf(':');
          return { key: line.slice(0, colon).trim(), value: line.slice(colon + 1).trim() };
        });
      const stored = repo.git(['log', '-1', '--format=%B', sha]);
      expect(parseTrailers(stored)).toEqual(expected);
    });
  }

  it('finds exactly the trailers of a typical Claude Code commit', () => {
    expect(parseTrailers(messages['footer then trailers']!)).toEqual([{ key: 'Co-Authored-By', value: 'Claude <noreply@anthropic.com>' }]);
  });

  it('finds none in a body paragraph that merely contains colons', () => {
    expect(parseTrailers(messages['body paragraph that is not trailers']!)).toEqual([]);
  });
});
