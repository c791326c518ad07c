import { decodeGitText } from '../shared/text.js';
import { catFile } from './cat-file.js';
import { runGit } from './exec.js';
import { readObjects } from './objects.js';

/**
 * All notes of one notes ref (e.g. `refs/notes/ai`), by annotated commit id, read with one git
 * process and the folder's cat-file session whatever their number. A ref that does not exist has
 * no notes.
 */
export async function readNotes(cwd: string, ref: string): Promise<Map<string, string>> {
  const notes = new Map<string, string>();
  if ((await catFile(cwd, `${ref}^{commit}`)) === undefined) return notes;
  const { stdout } = await runGit(cwd, ['notes', `--ref=${ref}`, 'list']);
  const pairs = stdout
    .toString('utf8')
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => line.split(' ') as [string, string]);
  const blobs = await readObjects(cwd, [...new Set(pairs.map(([blob]) => blob))]);
  for (const [blob, commit] of pairs) {
    const content = blobs.get(blob);
    if (content) notes.set(commit, decodeGitText(content));
  }
  return notes;
}
