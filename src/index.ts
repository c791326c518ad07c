// The library surface of blastwall: every command is also a function that returns data.
export { UserError, isUserError } from './shared/errors.js';
export type { ProgressEvent, OnProgress } from './shared/progress.js';

export { openRepository, parseRange, resolveRange, type Repository, type Range } from './git/repository.js';
export { readLog, type Commit, type FileChange, type Person } from './git/log.js';
export { parseTrailers, type Trailer } from './git/trailers.js';
export { readNotes } from './git/notes.js';
export { parseBlame, type BlameEntry, type BlameDetection } from './git/blame.js';
export { changedFiles, diffStat, type ChangedFile } from './git/diff.js';
export { readRangePatch, type FilePatch } from './git/patch.js';

export { createCatalog, findTool, type Catalog } from './provenance/catalog.js';
export { markerSchema, catalogSchema, type Marker, type Confidence, type Tool } from './provenance/markers.js';
export type { Evidence, EvidenceKind } from './provenance/evidence.js';
export { detectCommit } from './provenance/detect.js';
export { attribute, type Attribution, type ToolAttribution } from './provenance/attribution.js';
export { readHistory, type History, type AttributedCommit, type HistoryOptions } from './provenance/history.js';
export { summarize, type HistorySummary } from './provenance/summary.js';
export { blameRange, type BlameResult, type BlameOptions } from './provenance/blame.js';
export { hookScript } from './provenance/hook-script.js';

export { buildGraph, type BuildOptions } from './graph/build.js';
export type { ModuleGraph, FileNode, ResolvedImport, Edge } from './graph/graph.js';
export { computeRadius, type Radius, type RadiusInput } from './radius/compute.js';
export { analyzeRadius, type RadiusOptions, type RadiusReport } from './radius/analyze.js';

export { parseConfig, configSchema, defaultConfig, type Config } from './policy/config.js';
export { checkChange, type CheckOptions, type CheckReport } from './policy/check.js';
export { gatherFacts, resolveChange, type GatherOptions } from './policy/gather.js';
export { evaluate, type GateInput } from './policy/evaluate.js';
export type { ChangeFacts, FactCommit, FactFile, FactRadius } from './policy/facts.js';
export type { Decision, Verdict, SignOff, Override, Requirement, MatchedRule } from './policy/decision.js';
