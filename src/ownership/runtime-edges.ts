import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import type { Problem } from './problem.js';
import { formatPath, positionAt } from '../shared/yaml-location.js';

/**
 * Service-to-service calls observed at run time, in the `DependencyLink` form that Zipkin's
 * `GET /api/v2/dependencies` returns: `parent` is the caller (client, producer), `child` the
 * callee (server, consumer), `callCount` the traced calls between them. Jaeger's
 * `GET /api/dependencies` returns the same items wrapped as `{ "data": [...] }`, with an extra
 * `source` field that is ignored. A change to `child` reaches `parent`.
 */
export interface DependencyLink {
  readonly parent: string;
  readonly child: string;
  readonly callCount: number;
  readonly errorCount?: number;
}

export interface DependencyLinksReading {
  readonly links: readonly DependencyLink[];
  readonly problems: readonly Problem[];
}

const count = z.number({ error: 'expected a count' }).int('expected a whole number').nonnegative('expected a count of 0 or more');
const serviceName = (role: string): z.ZodString => z.string({ error: `expected the ${role} service name` }).min(1, `expected the ${role} service name`);

const linkSchema = z.object({
  parent: serviceName('caller'),
  child: serviceName('callee'),
  callCount: count,
  errorCount: count.optional(),
});

export function parseDependencyLinks(text: string, path: string): DependencyLinksReading {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { links: [], problems: [jsonProblem(error as Error, text, path)] };
  }
  const wrapped = typeof value === 'object' && value !== null && !Array.isArray(value) && 'data' in value;
  const items: unknown = wrapped ? ((value as { data: unknown }).data ?? []) : value;
  const prefix: PropertyKey[] = wrapped ? ['data'] : [];
  if (!Array.isArray(items)) {
    return { links: [], problems: [{ file: path, line: 1, message: 'expected an array of dependency links, or { "data": [...] } as Jaeger returns them' }] };
  }

  const links: DependencyLink[] = [];
  const problems: Problem[] = [];
  const locate = lineLocator(text);
  items.forEach((item, index) => {
    const result = linkSchema.safeParse(item);
    if (result.success) {
      const { parent, child, callCount, errorCount } = result.data;
      links.push(errorCount === undefined ? { parent, child, callCount } : { parent, child, callCount, errorCount });
      return;
    }
    const issue = result.error.issues[0]!;
    const where = [...prefix, index, ...issue.path];
    const line = locate(where);
    problems.push({ file: path, ...(line === undefined ? {} : { line }), message: `${formatPath(where)}: ${issue.message}; the link is ignored` });
  });
  return { links, problems };
}

/** Lines are only needed for problems, so the text is parsed a second time (with positions) only then. */
function lineLocator(text: string): (path: readonly PropertyKey[]) => number | undefined {
  let located: ((path: readonly PropertyKey[]) => number | undefined) | undefined;
  return (path) => {
    if (!located) {
      const lineCounter = new LineCounter();
      const document = parseDocument(text, { lineCounter });
      located = (p) => positionAt(document.contents, p, lineCounter)?.line;
    }
    return located(path);
  };
}

/** V8 names a position in some messages and quotes the whole input in others; keep the position, drop the quote. */
function jsonProblem(error: Error, text: string, path: string): Problem {
  const message = error.message.replace(/, ".*" is not valid JSON$/s, '').replace(/ in JSON at position \d+.*$/s, '');
  const position = /at position (\d+)/.exec(error.message);
  const line = position ? text.slice(0, Number(position[1])).split('\n').length : undefined;
  return { file: path, ...(line === undefined ? {} : { line }), message: `not valid JSON: ${message}` };
}
