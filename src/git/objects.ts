import { runGit } from './exec.js';

/**
 * Reads many objects in one `git cat-file --batch` process instead of one process per object.
 * Returns the contents by object id; ids git does not know are left out.
 */
export async function readObjects(cwd: string, ids: readonly string[]): Promise<Map<string, Buffer>> {
  const contents = new Map<string, Buffer>();
  if (ids.length === 0) return contents;
  const { stdout } = await runGit(cwd, ['cat-file', '--batch'], { input: `${ids.join('\n')}\n` });
  let offset = 0;
  for (const id of ids) {
    const headerEnd = stdout.indexOf(0x0a, offset);
    if (headerEnd === -1) break;
    const header = stdout.subarray(offset, headerEnd).toString('latin1');
    offset = headerEnd + 1;
    if (header.endsWith(' missing') || header.endsWith(' ambiguous')) continue;
    const size = Number.parseInt(header.split(' ')[2] ?? '', 10);
    contents.set(id, stdout.subarray(offset, offset + size));
    offset += size + 1;
  }
  return contents;
}

/** The content of `path` at `revision`, or undefined when the file is not there. */
export async function readFileAt(cwd: string, revision: string, path: string): Promise<Buffer | undefined> {
  const found = await readObjects(cwd, [`${revision}:${path}`]);
  return found.get(`${revision}:${path}`);
}
