import type { WEEKDAYS} from './schema.js';
import { type TimeWindow } from './schema.js';

/** A moment as a wall clock in a time zone shows it: `2026-12-24 16:30`, weekday `thu`. */
export interface LocalTime {
  readonly stamp: string;
  readonly weekday: (typeof WEEKDAYS)[number];
  readonly clock: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

export function localTime(instant: Date, timeZone: string): LocalTime {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', weekday: 'short' });
    formatters.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(instant).map((part) => [part.type, part.value]));
  const clock = `${parts.hour}:${parts.minute}`;
  return {
    stamp: `${parts.year}-${parts.month}-${parts.day} ${clock}`,
    weekday: parts.weekday!.toLowerCase().slice(0, 3) as LocalTime['weekday'],
    clock,
  };
}

/**
 * The part of a window that holds at an instant, in words (`2026-12-20..2027-01-03 Europe/Berlin`),
 * or undefined when the instant is outside it. Date ranges include both days; weekly windows
 * include their start and exclude their end, so `16:00-24:00` and `00:00-08:00` tile a night.
 */
export function windowAt(window: TimeWindow, instant: Date): string | undefined {
  const local = localTime(instant, window.timezone);
  for (const range of window.dates) {
    const from = range.from.length === 10 ? `${range.from} 00:00` : range.from.replace('T', ' ');
    const to = range.to.length === 10 ? `${range.to} 24:00` : range.to.replace('T', ' ');
    if (local.stamp >= from && local.stamp < to) return `${range.from}..${range.to} ${window.timezone} (now ${local.stamp})`;
  }
  for (const slot of window.weekly) {
    if (slot.days.includes(local.weekday) && local.clock >= slot.from && local.clock < slot.to) {
      return `${slot.days.join(',')} ${slot.from}-${slot.to} ${window.timezone} (now ${local.weekday} ${local.clock})`;
    }
  }
  return undefined;
}
