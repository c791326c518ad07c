/**
 * Something wrong in an input file that the ownership stage read: a bad CODEOWNERS line, a
 * catalog-info.yaml without a name, a dependency link without a parent. Problems are returned,
 * never thrown, so that one bad line costs that line and not the whole analysis.
 */
export interface Problem {
  /** Repository-relative path of the file, or the config key (`services.payments`) it came from. */
  readonly file: string;
  /** 1-based line, when known. */
  readonly line?: number;
  readonly message: string;
}

/** `file:line: message`, the form compilers use, so that editors and CI annotations can jump to it. */
export const formatProblem = (problem: Problem): string =>
  `${problem.file}${problem.line === undefined ? '' : `:${problem.line}`}: ${problem.message}`;
