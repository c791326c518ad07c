import type { AttributedCommit } from './history.js';

export interface Tally {
  commits: number;
  aiCommits: number;
  added: number;
  aiAdded: number;
  deleted: number;
}

export interface ToolTally {
  readonly tool: string;
  readonly name: string;
  commits: number;
  added: number;
  deleted: number;
}

export interface HistorySummary {
  readonly range: string;
  /** Non-merge commits; merges add no lines of their own and are counted apart. */
  readonly total: Tally;
  readonly merges: number;
  /** Share of AI-assisted commits and added lines, 0..1 (0 when there is nothing). */
  readonly aiShare: { readonly commits: number; readonly added: number };
  /** A commit with two tools counts for each; so the rows can add up to more than the AI total. */
  readonly byTool: readonly ToolTally[];
  readonly human: { commits: number; added: number; deleted: number };
  readonly byMonth: readonly ({ readonly month: string } & Tally)[];
  /** By top-level folder of the changed files (`.` for files at the root). Commits count once per folder. */
  readonly byFolder: readonly ({ readonly folder: string } & Tally)[];
  readonly firstDate: string | undefined;
  readonly lastDate: string | undefined;
}

const emptyTally = (): Tally => ({ commits: 0, aiCommits: 0, added: 0, aiAdded: 0, deleted: 0 });

function count(tally: Tally, ai: boolean, added: number, deleted: number): void {
  tally.commits++;
  tally.added += added;
  tally.deleted += deleted;
  if (ai) {
    tally.aiCommits++;
    tally.aiAdded += added;
  }
}

const topFolder = (path: string): string => {
  const slash = path.indexOf('/');
  return slash === -1 ? '.' : path.slice(0, slash);
};

/** Aggregates attributed commits into the tables `blastwall scan` shows. Pure. */
export function summarize(range: string, commits: readonly AttributedCommit[]): HistorySummary {
  const total = emptyTally();
  const human = { commits: 0, added: 0, deleted: 0 };
  const byTool = new Map<string, ToolTally>();
  const byMonth = new Map<string, Tally>();
  const byFolder = new Map<string, Tally>();
  let merges = 0;
  let firstDate: string | undefined;
  let lastDate: string | undefined;

  for (const commit of commits) {
    const date = commit.author.date;
    if (firstDate === undefined || date < firstDate) firstDate = date;
    if (lastDate === undefined || date > lastDate) lastDate = date;
    if (commit.parents.length > 1) {
      merges++;
      continue;
    }
    const { ai, tools } = commit.attribution;
    count(total, ai, commit.added, commit.deleted);
    if (ai) {
      for (const { tool, name } of tools) {
        const row = byTool.get(tool) ?? { tool, name, commits: 0, added: 0, deleted: 0 };
        row.commits++;
        row.added += commit.added;
        row.deleted += commit.deleted;
        byTool.set(tool, row);
      }
    } else {
      human.commits++;
      human.added += commit.added;
      human.deleted += commit.deleted;
    }
    const month = date.slice(0, 7);
    const monthTally = byMonth.get(month) ?? emptyTally();
    count(monthTally, ai, commit.added, commit.deleted);
    byMonth.set(month, monthTally);

    const perFolder = new Map<string, { added: number; deleted: number }>();
    for (const file of commit.files) {
      const folder = topFolder(file.path);
      const lines = perFolder.get(folder) ?? { added: 0, deleted: 0 };
      lines.added += file.added;
      lines.deleted += file.deleted;
      perFolder.set(folder, lines);
    }
    for (const [folder, lines] of perFolder) {
      const folderTally = byFolder.get(folder) ?? emptyTally();
      count(folderTally, ai, lines.added, lines.deleted);
      byFolder.set(folder, folderTally);
    }
  }

  const share = (part: number, whole: number): number => (whole === 0 ? 0 : part / whole);
  return {
    range,
    total,
    merges,
    aiShare: { commits: share(total.aiCommits, total.commits), added: share(total.aiAdded, total.added) },
    byTool: [...byTool.values()].sort((a, b) => b.commits - a.commits || a.tool.localeCompare(b.tool)),
    human,
    byMonth: [...byMonth].map(([month, tally]) => ({ month, ...tally })).sort((a, b) => a.month.localeCompare(b.month)),
    byFolder: [...byFolder]
      .map(([folder, tally]) => ({ folder, ...tally }))
      .sort((a, b) => b.added - a.added || a.folder.localeCompare(b.folder)),
    firstDate,
    lastDate,
  };
}
