import { catFile } from './cat-file.js';

/**
 * Reads many objects through the folder's one `git cat-file --batch` (see cat-file.ts) instead of
 * one process per object. Returns the contents by object id; ids git does not know are left out.
 */
export async function readObjects(cwd: string, ids: readonly string[]): Promise<Map<string, Buffer>> {
  const contents = new Map<string, Buffer>();
  const objects = await Promise.all(ids.map((id) => catFile(cwd, id)));
  ids.forEach((id, i) => {
    const object = objects[i];
    if (object) contents.set(id, object.content);
  });
  return contents;
}

/** The content of `path` at `revision`, or undefined when the file is not there. */
export async function readFileAt(cwd: string, revision: string, path: string): Promise<Buffer | undefined> {
  return (await catFile(cwd, `${revision}:${path}`))?.content;
}
