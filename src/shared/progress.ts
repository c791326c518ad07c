/**
 * Slow work reports progress as events; it never prints. The CLI renders them as a bar on a TTY,
 * the server ignores or logs them.
 */
export interface ProgressEvent {
  /** What is being counted, e.g. `commits` or `files`. */
  readonly unit: string;
  readonly done: number;
  /** Unknown while streaming a range whose size was not counted first. */
  readonly total: number | undefined;
}

export type OnProgress = (event: ProgressEvent) => void;
