import { describe, expect, it } from 'vitest';
import { isUserError } from '../shared/errors.js';
import { parseConfig } from './config.js';

const BASE = `people:
  erin: { level: senior }
  gus: { emails: [gus@example.com] }
teams:
  payments: { members: [erin] }
zones:
  payments: { paths: [src/payments/**], criticality: critical }
`;

const errorOf = (text: string): string => {
  try {
    parseConfig(text);
  } catch (error) {
    if (isUserError(error)) return error.message;
    throw error;
  }
  throw new Error('expected a configuration error');
};

describe('policy errors name the file, line, column and field', () => {
  const cases: { name: string; yaml: string; message: string }[] = [
    {
      name: 'a count that is not a positive integer',
      yaml: `${BASE}rules:\n  - why: a\n    block: true\n  - why: b\n    warn: true\n  - why: c\n    require: { count: 0 }\n`,
      message: 'blastwall.yml:14:23: rules[2].require.count: expected a positive integer',
    },
    { name: 'a count that is text', yaml: `${BASE}rules:\n  - why: c\n    require: { count: two }\n`, message: 'blastwall.yml:10:23: rules[0].require.count: expected a positive integer' },
    { name: 'an unknown key in a rule', yaml: `${BASE}rules:\n  - why: c\n    blok: true\n`, message: 'blastwall.yml:10:5: rules[0]: unknown key "blok"' },
    { name: 'an unknown condition', yaml: `${BASE}rules:\n  - why: c\n    when: { aii: true }\n    block: true\n`, message: 'blastwall.yml:10:13: rules[0].when: unknown key "aii"' },
    { name: 'a rule without an effect', yaml: `${BASE}rules:\n  - why: c\n    when: { ai: true }\n`, message: 'blastwall.yml:9:5: rules[0]: a rule needs one effect: allow: true, warn: true, require: {...} or block: true' },
    { name: 'a rule with two effects', yaml: `${BASE}rules:\n  - why: c\n    warn: true\n    block: true\n`, message: 'blastwall.yml:9:5: rules[0]: a rule has one effect, not warn and block' },
    { name: 'a rule without why', yaml: `${BASE}rules:\n  - block: true\n`, message: 'blastwall.yml:9:5: rules[0].why: expected a sentence that tells the author why this rule exists' },
    { name: 'block: false', yaml: `${BASE}rules:\n  - why: c\n    block: false\n`, message: 'blastwall.yml:10:12: rules[0].block: expected true' },
    { name: 'an ai condition of the wrong shape', yaml: `${BASE}rules:\n  - why: c\n    when: { ai: yes }\n    block: true\n`, message: 'blastwall.yml:10:17: rules[0].when.ai: expected true, false, or { tools, confidence, share }' },
    { name: 'a share above 1', yaml: `${BASE}rules:\n  - why: c\n    when: { ai: { share: 1.5 } }\n    block: true\n`, message: 'blastwall.yml:10:26: rules[0].when.ai.share: expected a share between 0 and 1' },
    { name: 'an unknown AI tool', yaml: `${BASE}rules:\n  - why: c\n    when: { ai: { tools: [claud-code] } }\n    block: true\n`, message: 'blastwall.yml:10:27: rules[0].when.ai.tools[0]: unknown AI tool "claud-code": use a catalog id such as "claude-code", or declare it under provenance.tools' },
    { name: 'an unknown zone', yaml: `${BASE}rules:\n  - why: c\n    when: { zones: [payment] }\n    block: true\n`, message: 'blastwall.yml:10:21: rules[0].when.zones[0]: unknown zone "payment": declare it under "zones"' },
    { name: 'an unknown zone in reaches', yaml: `${BASE}rules:\n  - why: c\n    when: { reaches: [payments, auth] }\n    block: true\n`, message: 'blastwall.yml:10:33: rules[0].when.reaches[1]: unknown zone "auth": declare it under "zones"' },
    { name: 'an unknown team in require.from', yaml: `${BASE}rules:\n  - why: c\n    require: { from: ["@payment"] }\n`, message: 'blastwall.yml:10:23: rules[0].require.from[0]: unknown person or team "@payment": declare it under "people" or "teams"' },
    { name: 'an unknown seniority', yaml: `${BASE}rules:\n  - why: c\n    require: { seniority: lead }\n`, message: 'blastwall.yml:10:27: rules[0].require.seniority: unknown level "lead": expected one of junior, mid, senior, staff, principal' },
    { name: 'an unknown author', yaml: `${BASE}rules:\n  - why: c\n    when: { authors: [zed] }\n    warn: true\n`, message: 'blastwall.yml:10:23: rules[0].when.authors[0]: unknown person or team "zed": declare it under "people" or "teams"' },
    { name: 'a person level not in the list', yaml: 'people:\n  erin: { level: boss }\n', message: 'blastwall.yml:2:18: people.erin.level: unknown level "boss": expected one of junior, mid, senior, staff, principal' },
    { name: 'a custom seniority list is used', yaml: 'seniority: [ic, lead]\npeople:\n  erin: { level: senior }\n', message: 'blastwall.yml:3:18: people.erin.level: unknown level "senior": expected one of ic, lead' },
    { name: 'a bad email', yaml: 'people:\n  erin: { emails: [erin] }\n', message: 'blastwall.yml:2:20: people.erin.emails[0]: expected an email address' },
    { name: 'a bad login', yaml: 'people:\n  "erin smith": {}\n', message: 'blastwall.yml:2:3: people.erin smith: expected a GitHub login as the key ("octocat")' },
    { name: 'an unknown team member', yaml: 'teams:\n  a: { members: [ghost] }\n', message: 'blastwall.yml:2:18: teams.a.members[0]: unknown person or team "ghost": declare it under "people" or "teams"' },
    { name: 'a team cycle', yaml: 'people:\n  x: {}\nteams:\n  a: { members: [x, b] }\n  b: { members: [c] }\n  c: { members: ["@a"] }\n', message: 'blastwall.yml:6:18: teams.c.members[0]: team cycle: a -> b -> c -> a' },
    { name: 'a team that contains itself', yaml: 'teams:\n  a: { members: [a] }\n', message: 'blastwall.yml:2:18: teams.a.members[0]: team cycle: a -> a' },
    { name: 'a team with no members', yaml: 'teams:\n  a: { members: [] }\n', message: 'blastwall.yml:2:17: teams.a.members: list at least one member' },
    { name: 'a bad time zone', yaml: `${BASE}rules:\n  - why: c\n    when: { time: { timezone: Mars/Base, weekly: [{ days: [fri] }] } }\n    block: true\n`, message: 'blastwall.yml:10:31: rules[0].when.time.timezone: expected an IANA time zone such as "Europe/Berlin" or "UTC"' },
    { name: 'a bad day', yaml: `${BASE}rules:\n  - why: c\n    when: { time: { weekly: [{ days: [friday] }] } }\n    block: true\n`, message: 'blastwall.yml:10:39: rules[0].when.time.weekly[0].days[0]: expected a day: mon, tue, wed, thu, fri, sat or sun' },
    { name: 'a bad time of day', yaml: `${BASE}rules:\n  - why: c\n    when: { time: { weekly: [{ days: [fri], from: "5pm" }] } }\n    block: true\n`, message: 'blastwall.yml:10:51: rules[0].when.time.weekly[0].from: expected a time of day "HH:MM" (00:00 to 24:00)' },
    { name: 'a window with nothing in it', yaml: `${BASE}rules:\n  - why: c\n    when: { time: { timezone: UTC } }\n    block: true\n`, message: 'blastwall.yml:10:19: rules[0].when.time: a time window needs "dates", "weekly" or both' },
    { name: 'a date that is not in the calendar', yaml: `${BASE}rules:\n  - why: c\n    when: { time: { dates: [{ from: "2026-02-30", to: "2026-03-02" }] } }\n    block: true\n`, message: 'blastwall.yml:10:37: rules[0].when.time.dates[0].from: "2026-02-30" is not a date in the calendar' },
    { name: 'a date range backwards', yaml: `${BASE}rules:\n  - why: c\n    when: { time: { dates: [{ from: "2026-03-02", to: "2026-03-01" }] } }\n    block: true\n`, message: 'blastwall.yml:10:29: rules[0].when.time.dates[0]: the range ends (2026-03-01) before it starts (2026-03-02)' },
    { name: 'a weekly window backwards', yaml: `${BASE}rules:\n  - why: c\n    when: { time: { weekly: [{ days: [fri], from: "18:00", to: "09:00" }] } }\n    block: true\n`, message: 'blastwall.yml:10:30: rules[0].when.time.weekly[0]: the window ends (09:00) before or when it starts (18:00)' },
    { name: 'an unknown break-glass actor', yaml: 'breakGlass: { by: [nobody] }\n', message: 'blastwall.yml:1:20: breakGlass.by[0]: unknown person or team "nobody": declare it under "people" or "teams"' },
    { name: 'a radius threshold of zero', yaml: `${BASE}rules:\n  - why: c\n    when: { radius: { services: 0 } }\n    block: true\n`, message: 'blastwall.yml:10:33: rules[0].when.radius.services: expected a positive integer' },
    { name: 'a bad issue pattern', yaml: 'history: { issuePattern: "(" }\n', message: 'blastwall.yml:1:26: history.issuePattern: expected a regular expression (JavaScript syntax)' },
    { name: 'a zero SZZ file limit', yaml: 'history: { szzMaxFiles: 0 }\n', message: 'blastwall.yml:1:25: history.szzMaxFiles: expected a positive integer' },
    { name: 'a seniority list of one', yaml: 'seniority: [only]\n', message: 'blastwall.yml:1:12: seniority: list at least two levels, lowest first' },
  ];
  it.each(cases)('$name', ({ yaml, message }) => {
    expect(errorOf(yaml)).toBe(message);
  });
});
