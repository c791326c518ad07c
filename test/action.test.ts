import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAction, type ActionEnv } from '../src/action/main.js';
import { openStore } from '../src/ledger/open.js';
import { COMMENT_MARKER } from '../src/action/github.js';
import { isolateGitConfig, createRepo, type TestRepo } from './helpers/repo.js';
import { startFakeGitHub, type FakeGitHub, type FakeReview } from './helpers/fake-github.js';

isolateGitConfig();

const TOKEN = 'ghs_test_token';
const POLICY = `people:
  dana: { emails: [dana@example.com], level: mid }
  erin: { level: senior }
teams:
  payments: { members: [erin] }
zones:
  payments: { paths: [src/payments/**], criticality: critical }
rules:
  - name: ai-payments-review
    why: AI-assisted changes to payments need a senior from payments.
    when: { ai: true, zones: [payments] }
    require: { from: ["@payments"], seniority: senior }
`;

describe('blastwall action (GitHub Action glue, against a local fake GitHub)', () => {
  let repo: TestRepo;
  let gh: FakeGitHub;
  let folder: string;
  let base: string;
  let head: string;

  beforeAll(async () => {
    gh = await startFakeGitHub({ token: TOKEN });
    folder = mkdtempSync(join(tmpdir(), 'blastwall-action-'));
    repo = createRepo();
    base = repo.commit({ message: 'init', author: 'Dana <dana@example.com>', files: { 'blastwall.yml': POLICY, 'src/payments/charge.ts': 'export const charge = 1;\n' } });
    repo.git(['checkout', '-q', '-b', 'feature']);
    head = repo.commit({
      message: 'Charge fees\n\nCo-Authored-By: Claude <noreply@anthropic.com>\n',
      author: 'Dana <dana@example.com>',
      files: { 'src/payments/charge.ts': 'export const charge = 2;\nexport const fee = 1;\n' },
    });
  });
  afterAll(async () => {
    await gh.close();
    repo.remove();
    rmSync(folder, { recursive: true, force: true });
  });

  const payload = (event: 'pull_request' | 'pull_request_review') => ({
    action: event === 'pull_request' ? 'synchronize' : 'submitted',
    number: 7,
    pull_request: {
      number: 7,
      draft: false,
      user: { login: 'dana' },
      labels: [{ name: 'feature' }],
      head: { sha: head, ref: 'feature' },
      base: { sha: base, ref: 'main' },
    },
    repository: { name: 'shop', owner: { login: 'acme' } },
  });

  const runWith = async (event: 'pull_request' | 'pull_request_review') => {
    const path = join(folder, `${event}.json`);
    writeFileSync(path, JSON.stringify(payload(event)));
    const summary = join(folder, 'summary.md');
    writeFileSync(summary, '');
    const env: ActionEnv = {
      GITHUB_EVENT_NAME: event,
      GITHUB_EVENT_PATH: path,
      GITHUB_TOKEN: TOKEN,
      GITHUB_API_URL: gh.url,
      GITHUB_WORKSPACE: repo.dir,
      GITHUB_ACTOR: 'dana',
      GITHUB_STEP_SUMMARY: summary,
    };
    let stdout = '';
    let stderr = '';
    const code = await runAction(env, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), stderrIsTTY: false, cwd: repo.dir });
    return { code, stdout, stderr, summary: readFileSync(summary, 'utf8') };
  };

  const review = (login: string, state: FakeReview['state'], id: number, commit = head): FakeReview => ({
    id,
    user: { login, type: 'User' },
    state,
    commit_id: commit,
    submitted_at: `2026-11-30T0${id}:00:00Z`,
    body: '',
  });

  it('on a push: needs-signoff, published as action_required with annotations, one comment', async () => {
    const result = await runWith('pull_request');
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('');
    expect(result.stdout.split('\n')[0]).toBe('blastwall check pr:7: NEEDS SIGN-OFF');
    expect(gh.state.checkRuns.map((run) => [run.name, run.head_sha, run.status, run.conclusion, run.output.title])).toEqual([
      ['blastwall', head, 'completed', 'action_required', 'needs-signoff: ai-payments-review needs 1 more of 1 sign-off from payments (senior or above)'],
    ]);
    expect(gh.state.checkRuns[0]!.annotations).toEqual([
      {
        path: 'src/payments/charge.ts',
        start_line: 1,
        end_line: 2,
        annotation_level: 'warning',
        title: 'blastwall: payments (critical)',
        message: 'needs-signoff: ai-payments-review needs 1 more of 1 sign-off from payments (senior or above)',
      },
    ]);
    const comments = gh.state.comments.get('acme/shop#7')!;
    expect(comments.length).toBe(1);
    expect(comments[0]!.body.startsWith(COMMENT_MARKER)).toBe(true);
    expect(comments[0]!.body).toContain('| Sign-off (ai-payments-review) | 1 more of 1 sign-off from payments (senior or above): @erin |');
    expect(result.summary).toContain('### 🟡 blastwall: needs sign-off');
  });

  it('on a review: the author and a stale approval do not count, erin on the head does; the same comment is edited', async () => {
    gh.state.reviews.set('acme/shop#7', [review('dana', 'APPROVED', 1), review('erin', 'APPROVED', 2, base)]);
    const stale = await runWith('pull_request_review');
    expect(stale.code).toBe(1);
    gh.state.reviews.set('acme/shop#7', [review('dana', 'APPROVED', 1), review('erin', 'APPROVED', 3)]);
    const passed = await runWith('pull_request_review');
    expect(passed.code).toBe(0);
    expect(passed.stdout.split('\n').slice(0, 2)).toEqual(['blastwall check pr:7: PASS', 'pass: every required sign-off is given']);
    const runs = gh.state.checkRuns;
    expect(runs[runs.length - 1]!.conclusion).toBe('success');
    const comments = gh.state.comments.get('acme/shop#7')!;
    expect(comments.length).toBe(1);
    expect(comments[0]!.body).toContain('### ✅ blastwall: pass');
    expect(comments[0]!.body).toContain('- dana: dana is an author of the change');
    const store = await openStore({ root: repo.dir });
    const audit = await store.readAudit();
    await store.close();
    expect(audit.map((entry) => [entry.kind, entry.change, entry.actor, entry.data.verdict])).toEqual([
      ['decision', 'pr:7', 'dana', 'needs-signoff'],
      ['decision', 'pr:7', 'dana', 'needs-signoff'],
      ['decision', 'pr:7', 'dana', 'pass'],
    ]);
  });

  it('a missing permission is a clear error naming it', async () => {
    gh.fail('createCheckRun', 403, 'Resource not accessible by integration');
    gh.fail('updateCheckRun', 403, 'Resource not accessible by integration');
    await expect(runWith('pull_request')).rejects.toMatchObject({ name: 'UserError', hint: expect.stringContaining('checks: write') });
  });
});
