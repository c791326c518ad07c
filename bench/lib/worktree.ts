import type { Content } from './content.js';
import type { Random } from './random.js';

export interface Entry {
  content: Content;
  /** The fast-import mark of the blob that holds `content`. */
  mark: number;
}

/** A set of paths with O(1) random picks: an array plus each item's index, removal by swap. */
class PathSet {
  readonly items: string[] = [];
  private readonly index = new Map<string, number>();

  add(path: string): void {
    if (this.index.has(path)) return;
    this.index.set(path, this.items.length);
    this.items.push(path);
  }

  delete(path: string): void {
    const at = this.index.get(path);
    if (at === undefined) return;
    const last = this.items.pop()!;
    this.index.delete(path);
    if (last !== path) {
      this.items[at] = last;
      this.index.set(last, at);
    }
  }
}

/** `packages/billing`, `docs/guides`: files that a commit tends to change together. */
export function areaOf(path: string): string {
  const parts = path.split('/');
  return parts.length > 2 ? `${parts[0]}/${parts[1]}` : (parts[0] ?? '');
}

/** The files at the tip of the history being generated, with their current contents. */
export class WorkTree {
  private readonly entries = new Map<string, Entry>();
  private readonly all = new PathSet();
  private readonly areas = new Map<string, PathSet>();

  get size(): number {
    return this.entries.size;
  }

  has(path: string): boolean {
    return this.entries.has(path);
  }

  get(path: string): Entry {
    const entry = this.entries.get(path);
    if (!entry) throw new Error(`no such file: ${path}`);
    return entry;
  }

  set(path: string, entry: Entry): void {
    this.entries.set(path, entry);
    this.all.add(path);
    const area = areaOf(path);
    let set = this.areas.get(area);
    if (!set) this.areas.set(area, (set = new PathSet()));
    set.add(path);
  }

  delete(path: string): void {
    this.entries.delete(path);
    this.all.delete(path);
    this.areas.get(areaOf(path))?.delete(path);
  }

  /**
   * An existing path outside `exclude`, in `area` when given. Real histories are skewed: a few
   * old core files change all the time, and new files change often while they are young.
   */
  pick(rng: Random, exclude: ReadonlySet<string>, area?: string): string | undefined {
    const items = (area === undefined ? undefined : this.areas.get(area)?.items) ?? this.all.items;
    if (items.length === 0) return undefined;
    for (let attempt = 0; attempt < 12; attempt++) {
      const roll = rng.next();
      const r = rng.next();
      const at = roll < 0.5 ? Math.floor(items.length * r ** 3) : roll < 0.75 ? items.length - 1 - Math.floor(Math.min(items.length, 50) * r) : Math.floor(items.length * r);
      const path = items[at];
      if (path !== undefined && !exclude.has(path)) return path;
    }
    return undefined;
  }
}
