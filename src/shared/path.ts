/**
 * The folder of a repository path: `a/b` for `a/b/c.ts`, `` for a file at the root. A radius asks
 * several questions of each file's folder: slicing it once gives one string, hashed once, for all.
 */
export const folderOf = (path: string): string => path.slice(0, Math.max(0, path.lastIndexOf('/')));
