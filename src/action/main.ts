import { appendFile } from 'node:fs/promises';
import { check } from '../cli/commands/check.js';
import { EXIT } from '../cli/exit.js';
import { warn, type Io } from '../cli/io.js';
import { checkMarkdown, checkRunOutput, checkText } from '../cli/reporters/check.js';
import { mergeBase } from '../git/diff.js';
import { readEvent } from './event.js';
import { createClient, DEFAULT_CHECK_NAME, listSignOffs, publishCheckRun, upsertComment } from './github.js';

/** The variables a GitHub Actions runner sets, and the action's inputs as action.yml passes them. */
export interface ActionEnv {
  readonly GITHUB_EVENT_NAME?: string;
  readonly GITHUB_EVENT_PATH?: string;
  readonly GITHUB_TOKEN?: string;
  readonly GITHUB_API_URL?: string;
  readonly GITHUB_WORKSPACE?: string;
  readonly GITHUB_ACTOR?: string;
  readonly GITHUB_STEP_SUMMARY?: string;
  readonly INPUT_CONFIG?: string;
  readonly INPUT_CHECK_NAME?: string;
  readonly INPUT_COMMENT?: string;
}

/**
 * `blastwall action`: the pull request from the event, its reviews as sign-offs, the check, then
 * the verdict published as a check run (with annotations) and one comment kept up to date. Returns
 * the exit code of `check`: 0 pass, 1 needs-signoff or block.
 */
export async function runAction(env: ActionEnv, io: Io): Promise<number> {
  const event = await readEvent(env);
  const octokit = createClient({ token: env.GITHUB_TOKEN ?? '', ...(env.GITHUB_API_URL && { baseUrl: env.GITHUB_API_URL }), warn: (message) => warn(io, [message]) });
  const ref = { owner: event.owner, repo: event.repo, number: event.number };
  const signOffs = await listSignOffs(octokit, ref);
  const root = env.GITHUB_WORKSPACE || io.cwd;
  // The base branch may have moved on since the branch was cut: judge what the pull request adds.
  const base = (await mergeBase(root, event.baseSha, event.headSha)) ?? event.baseSha;
  const outcome = await check({
    repo: root,
    base,
    head: event.headSha,
    label: [...event.labels],
    author: event.author,
    change: `pr:${event.number}`,
    signOffs,
    ...(env.INPUT_CONFIG && { config: env.INPUT_CONFIG }),
    ...(env.GITHUB_ACTOR && { actor: env.GITHUB_ACTOR }),
  });
  warn(io, outcome.warnings);
  const output = checkRunOutput(outcome.report, outcome.zones);
  const published = await publishCheckRun(octokit, {
    owner: event.owner,
    repo: event.repo,
    headSha: event.headSha,
    name: env.INPUT_CHECK_NAME || DEFAULT_CHECK_NAME,
    conclusion: output.conclusion,
    output: { title: output.title, summary: output.summary, annotations: output.annotations },
  });
  io.stdout(checkText(outcome.report));
  io.stdout(`published check run ${published.id} (${output.conclusion}, ${output.annotations.length} annotations)\n`);
  if (env.INPUT_COMMENT !== 'false') {
    const comment = await upsertComment(octokit, { ...ref, body: checkMarkdown(outcome.report) });
    io.stdout(`${comment.created ? 'created' : 'updated'} comment ${comment.id} on #${event.number}\n`);
  }
  if (env.GITHUB_STEP_SUMMARY) await appendFile(env.GITHUB_STEP_SUMMARY, checkMarkdown(outcome.report));
  return outcome.report.decision.verdict === 'pass' ? EXIT.ok : EXIT.findings;
}
