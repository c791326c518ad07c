import { describe, expect, it } from 'vitest';
import { DEFAULT_FIX_PATTERNS } from '../history/fixes.js';
import { UserError } from '../shared/errors.js';
import { parseConfig } from './config.js';

const errorOf = (text: string): { message: string; hint: string | undefined } => {
  try {
    parseConfig(text);
  } catch (error) {
    if (error instanceof UserError) return { message: error.message, hint: error.hint };
    throw error;
  }
  throw new Error('expected a config error');
};

describe('parseConfig', () => {
  it('gives defaults for an empty file', () => {
    expect(parseConfig('')).toEqual({
      provenance: { markers: [], tools: [], notes: ['refs/notes/ai'], minConfidence: 'medium' },
      services: {},
      zones: {},
      radius: { rules: [], history: true },
      history: { fixKeywords: ['fix', 'fixes', 'fixed', 'fixing', 'bug', 'bugfix', 'hotfix', 'regression', 'crash', 'broken'], issuePattern: DEFAULT_FIX_PATTERNS.issue, szzMaxFiles: 20 },
      seniority: ['junior', 'mid', 'senior', 'staff', 'principal'],
      people: {},
      teams: {},
      rules: [],
      breakGlass: { labels: [] },
    });
  });

  it('reads user markers and tools', () => {
    const config = parseConfig(`
provenance:
  tools:
    - id: acme-bot
      name: Acme Bot
      aliases: [acme]
  markers:
    - kind: identity
      tool: acme-bot
      email: bot@acme.example
      confidence: high
    - kind: trailer
      tool: acme-bot
      key: Acme-Run
      confidence: medium
`);
    expect(config.provenance.markers).toEqual([
      { kind: 'identity', tool: 'acme-bot', email: 'bot@acme.example', confidence: 'high' },
      { kind: 'trailer', tool: 'acme-bot', key: 'Acme-Run', confidence: 'medium' },
    ]);
    expect(config.provenance.tools).toEqual([{ id: 'acme-bot', name: 'Acme Bot', aliases: ['acme'] }]);
  });

  it('names file, line, column and field of a bad value', () => {
    expect(errorOf('provenance:\n  markers:\n    - kind: identity\n      tool: Acme Bot\n      email: x@y\n      confidence: high\n')).toEqual({
      message: 'blastwall.yml:4:13: provenance.markers[0].tool: expected a tool id in lower case, e.g. "claude-code"',
      hint: 'see schema/blastwall.schema.json for the fields',
    });
  });

  it('rejects unknown keys, naming them', () => {
    expect(errorOf('provenance:\n  markrs: []\n').message).toBe('blastwall.yml:2:3: provenance: unknown key "markrs"');
    expect(errorOf('zonez: {}\n').message).toBe('blastwall.yml:1:1: unknown key "zonez"');
  });

  it('rejects a bad confidence and a bad regular expression', () => {
    expect(errorOf('provenance:\n  markers:\n    - {kind: footer, tool: x, pattern: "ok", confidence: sure}\n').message).toBe(
      'blastwall.yml:3:58: provenance.markers[0].confidence: Invalid option: expected one of "low"|"medium"|"high"',
    );
    expect(errorOf('provenance:\n  markers:\n    - {kind: footer, tool: x, pattern: "(", confidence: low}\n').message).toBe(
      'blastwall.yml:3:40: provenance.markers[0].pattern: expected a valid regular expression',
    );
  });

  it('reports YAML syntax errors with their position', () => {
    expect(errorOf('provenance:\n  markers: [\n')).toEqual({
      message: expect.stringMatching(/^blastwall\.yml:3:1: /),
      hint: 'fix the YAML syntax',
    });
  });
});
