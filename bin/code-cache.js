import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';

/**
 * Loads a CommonJS bundle through V8's code cache. Compiling the CLI's code is a good part of a
 * warm run (about 70 ms of the 0.6 s of a warm `radius` on a large repository): V8 can store what
 * it compiled and take it back on the next start, but Node 20 offers that for scripts only (its
 * own compile cache for modules came in Node 22). So the bundle is compiled as a script.
 *
 * The cache is made after the first run of each command, so that it holds the functions that
 * command ran (V8 compiles functions when first called), and kept in one file per command:
 * `<command>-<bundle hash>-<node version>-<arch>.v8` in `BLASTWALL_CODE_CACHE` (a folder; `off`
 * for none), else in `.code-cache/` beside the bundle. A cache that V8 rejects (other flags, a
 * changed V8) is made again; one that cannot be written (a read-only install) is left out. The
 * cache only saves time: any failure to read or write it is ignored.
 */
export function loadBundle(file, command) {
  // The bundle's last line names its content (scripts/bundle.mjs); V8 itself checks only the length.
  // It also says that the text is ASCII: then it is read as Latin-1, a plain copy into a one-byte
  // string. A bundle built before that is read again as UTF-8.
  const latin1 = readFileSync(file, 'latin1');
  const [, hash, ascii] = /\/\/ bundle ([0-9a-f]+)( ascii)?\n$/.exec(latin1.slice(-64)) ?? [];
  const source = ascii === undefined ? readFileSync(file, 'utf8') : latin1;
  const setting = process.env.BLASTWALL_CODE_CACHE;
  const folder = setting === 'off' || hash === undefined ? undefined : setting || join(dirname(file), '.code-cache');
  const name = `${/^[a-z][a-z-]*$/.test(command ?? '') ? command : 'help'}-${hash}-${process.version}-${process.arch}.v8`;
  const cached = folder === undefined ? undefined : readOptional(join(folder, name));
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: file,
    ...(cached && { cachedData: cached }),
  });
  // An import() in a script taken from the code cache has no loader in Node 20: the bundle imports
  // its ES module packages (the parser, the grammars) through this module's (src/shared/import-package.ts).
  globalThis[Symbol.for('blastwall.importPackage')] = (specifier) => import(specifier);
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file));
  const stale = folder !== undefined && (cached === undefined || script.cachedDataRejected === true);
  return {
    exports: module.exports,
    /** Stores what V8 compiled during the run, when there was no usable cache: called after a normal run. */
    save() {
      if (stale) writeCache(folder, name, `-${hash}-`, script.createCachedData());
    },
  };
}

function readOptional(path) {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}

/** Writes atomically (another process may read it at any time) and drops the caches of other bundles. */
function writeCache(folder, name, current, data) {
  try {
    mkdirSync(folder, { recursive: true });
    const temporary = join(folder, `${name}.${process.pid}.tmp`);
    writeFileSync(temporary, data);
    renameSync(temporary, join(folder, name));
    for (const other of readdirSync(folder)) if (other.endsWith('.v8') && !other.includes(current)) rmSync(join(folder, other), { force: true });
  } catch {
    // Read-only or full: the next run compiles as this one did.
  }
}
