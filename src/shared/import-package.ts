/**
 * `import()` of an ES module package (the parser, the grammars), from code that may run in the
 * CLI's bundle. bin/code-cache.js compiles that bundle as a script with V8's code cache, and in
 * Node 20 an `import()` inside a script that came from the cache has no loader to go to: so the
 * CLI lends an import function of its own, which this uses when it is there.
 */
export function importPackage<T>(specifier: string): Promise<T> {
  const lent = (globalThis as { [LENT]?: (specifier: string) => Promise<unknown> })[LENT];
  return (lent ? lent(specifier) : import(specifier)) as Promise<T>;
}

/** The name under which bin/code-cache.js lends its import function. */
const LENT = Symbol.for('blastwall.importPackage');
