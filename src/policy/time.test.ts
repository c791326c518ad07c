import { describe, expect, it } from 'vitest';
import { parseConfig } from './config.js';
import type { TimeWindow } from './schema.js';
import { localTime, windowAt } from './time.js';

const ZONES = ['UTC', 'Pacific/Kiritimati', 'Asia/Tokyo', 'Europe/Berlin', 'America/New_York', 'Pacific/Pago_Pago'];

describe('date windows', () => {
  it('give the answer of the zone clock at every hour around the range, in zones from UTC+14 to UTC-11', () => {
    const ranges = [
      { from: '2026-12-20', to: '2027-01-02' },
      { from: '2026-12-24 16:00', to: '2026-12-26 08:30' },
    ];
    for (const timezone of ZONES) {
      for (const range of ranges) {
        const window: TimeWindow = { timezone, dates: [range], weekly: [] };
        const from = range.from.replace(' ', 'T').padEnd(16, 'T00:00').slice(0, 16);
        const to = range.to.length === 10 ? `${range.to} 24:00` : range.to;
        for (let hour = -40; hour <= 24 * 15 + 40; hour++) {
          const instant = new Date(Date.parse(`${from}Z`) + hour * 3_600_000);
          const stamp = localTime(instant, timezone).stamp;
          const inside = stamp >= from.replace('T', ' ') && stamp < to;
          expect({ timezone, range, instant, inside: windowAt(window, instant) !== undefined }).toEqual({ timezone, range, instant, inside });
        }
      }
    }
  });
});

describe('time zones in blastwall.yml', () => {
  const policy = (zone: string) => `rules:\n  - name: freeze\n    why: x\n    when: { time: { timezone: ${zone}, weekly: [{ days: [fri] }] } }\n    block: true\n`;

  it('take canonical names and the aliases the formatter knows', () => {
    for (const zone of ['Europe/Berlin', 'UTC', 'US/Eastern', 'Etc/GMT+5']) expect(parseConfig(policy(zone)).rules[0]!.when.time!.timezone).toBe(zone);
  });

  it('refuse a name that is no zone', () => {
    expect(() => parseConfig(policy('Mars/Olympus'))).toThrow('blastwall.yml:4:31: rules[0].when.time.timezone: expected an IANA time zone such as "Europe/Berlin" or "UTC"');
  });
});
