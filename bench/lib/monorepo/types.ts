/** The data the monorepo generator passes between its parts: units of the repository, files, planned edges. */

export type UnitLang = 'ts' | 'py' | 'go';
/** What a unit is for; decides its folders, file kinds and external dependencies. */
export type UnitKind = 'core' | 'lib' | 'ui' | 'legacy' | 'api' | 'web' | 'py-service' | 'py-lib' | 'go-service' | 'go-lib';

/** A workspace package, a service or a language library: one folder under `packages/` or `services/`. */
export interface Unit {
  readonly name: string;
  /** `packages/<name>` or `services/<name>`. */
  readonly dir: string;
  readonly lang: UnitLang;
  readonly kind: UnitKind;
  /** `payments`, `checkout`, ...; undefined for shared platform code. */
  readonly domain: string | undefined;
  /** A GitHub team such as `@acme/payments`. */
  readonly team: string;
  /** Position in the dependency order: a unit depends only on units with a smaller index. */
  readonly index: number;
  /** How likely other units are to depend on this one. */
  readonly popularity: number;
  /** Source files to generate, barrels and tests included. */
  files: number;
  /** Workspace dependencies (same language), chosen by popularity. */
  deps: Unit[];
  /** External packages this unit declares, by name. */
  external: string[];
}

export type FileLang = 'ts' | 'tsx' | 'js' | 'cjs' | 'py' | 'go' | 'other';

export interface GeneratedFile {
  readonly path: string;
  readonly text: string;
  readonly lang: FileLang;
}

/** How a specifier is written; `relative` is what every tool should agree on. */
export type EdgeHow = 'relative' | 'workspace' | 'subpath' | 'alias' | 'python-absolute' | 'python-relative' | 'go';
/** The statement that holds it. */
export type EdgeForm = 'import' | 'import-type' | 'export-star' | 'export-named' | 'dynamic' | 'require';

/**
 * An import the generator wrote and the file it must resolve to: the ground truth that tools
 * are compared against. Go imports resolve to the package's folder.
 */
export interface PlannedEdge {
  readonly from: string;
  readonly to: string;
  readonly specifier: string;
  readonly how: EdgeHow;
  readonly form: EdgeForm;
}

/** What a language generator returns for its units. */
export interface LanguageOutput {
  readonly files: GeneratedFile[];
  readonly edges: PlannedEdge[];
  /** Imports of packages outside the repository, which stay unresolved. */
  externalImports: number;
}
