import picomatch from 'picomatch';

/**
 * The globs of blastwall.yml (service, zone and radius-rule paths) are picomatch globs over
 * repository-relative paths. Dotfiles match (`.github/**` is code like any other), and a glob
 * written as a folder (`services/payments/`) means everything inside it. Unlike CODEOWNERS
 * patterns they are always anchored at the root: `*.md` is the Markdown files at the root only.
 */
export type PathMatcher = (path: string) => boolean;

const normalise = (glob: string): string => (glob.endsWith('/') ? `${glob}**` : glob);

// Globs come from one config and are matched against every changed file: compile each once.
const compiled = new Map<string, PathMatcher>();

export function compileGlob(glob: string): PathMatcher {
  let matcher = compiled.get(glob);
  if (!matcher) {
    const picomatcher = picomatch(normalise(glob), { dot: true });
    // picomatch's matcher takes a second argument (return an object instead of a boolean): one
    // argument only, so that a caller that passes more (a lookup by path and folder) gets a boolean.
    const full = (path: string): boolean => picomatcher(path);
    // A radius tests every reached file against every service and zone glob: a literal folder
    // prefix (`services/payments/`) rules out most paths with one startsWith, before the regex.
    const scan = picomatch.scan(normalise(glob));
    const prefix = scan.isGlob && scan.base !== '' ? `${scan.base}/` : '';
    // `folder/**`, the usual service and zone glob, is a prefix test and nothing more.
    const wholeFolder = prefix !== '' && globFolder(glob) === prefix;
    // Likewise a last segment `*.md` (as in `**/*.md`) rules out every path that does not end in `.md`.
    const last = normalise(glob).slice(normalise(glob).lastIndexOf('/') + 1);
    const suffix = /^\*([\w.-]+)$/.exec(last)?.[1];
    const regex = suffix === undefined ? full : (path: string) => path.endsWith(suffix) && full(path);
    matcher = prefix === '' ? regex : wholeFolder ? (path: string) => path.startsWith(prefix) : (path: string) => path.startsWith(prefix) && regex(path);
    compiled.set(glob, matcher);
  }
  return matcher;
}

/**
 * The folder a glob names whole (`services/payments/` for `services/payments/**` or
 * `services/payments/`), or undefined for any other glob: its answer for a path depends on the
 * path's folders alone.
 */
export function globFolder(glob: string): string | undefined {
  return /^[^*?[\]{}!()]+\/(\*\*)?$/.test(glob) ? glob.replace(/\*\*$/, '') : undefined;
}

/**
 * How specific a glob is: the length of its literal folder prefix (`services/payments/**` → 17,
 * `*.ts` → 0). A literal path is as specific as it gets.
 */
export function globSpecificity(glob: string): number {
  let found = specificity.get(glob);
  if (found === undefined) {
    const scan = picomatch.scan(normalise(glob));
    specificity.set(glob, (found = scan.isGlob ? scan.base.length : Number.MAX_SAFE_INTEGER));
  }
  return found;
}

const specificity = new Map<string, number>();

/** The first of `globs` that matches `path`, the most specific first, or undefined. */
export function mostSpecificMatch(globs: readonly string[], path: string): string | undefined {
  let best: string | undefined;
  for (const glob of globs) {
    if (!compileGlob(glob)(path)) continue;
    if (best === undefined || globSpecificity(glob) > globSpecificity(best)) best = glob;
  }
  return best;
}
