import type { Random } from './random.js';

/** What a generated file holds: text kept as lines so edits stay cheap, or opaque bytes. */
export type Lang = 'ts' | 'py' | 'go' | 'md' | 'yaml';
export type Content = { kind: 'text'; lang: Lang; lines: string[] } | { kind: 'binary'; bytes: Buffer };

const WORDS = [
  'account', 'address', 'audit', 'balance', 'batch', 'cache', 'cart', 'channel', 'charge', 'client',
  'config', 'coupon', 'currency', 'customer', 'digest', 'draft', 'event', 'export', 'feed', 'filter',
  'flag', 'gateway', 'handler', 'index', 'invoice', 'item', 'job', 'ledger', 'limit', 'loader',
  'lock', 'message', 'metric', 'order', 'owner', 'page', 'payload', 'payment', 'plan', 'policy',
  'price', 'profile', 'queue', 'quota', 'rate', 'receipt', 'record', 'refund', 'region', 'report',
  'request', 'retry', 'route', 'rule', 'schema', 'scope', 'search', 'session', 'shipment', 'signal',
  'snapshot', 'state', 'stock', 'store', 'stream', 'summary', 'tax', 'tenant', 'token', 'topic',
  'trace', 'user', 'vendor', 'webhook', 'window', 'worker',
];
const PACKAGES = ['api-client', 'auth', 'billing', 'checkout', 'payments', 'search', 'notifications', 'ui-kit', 'analytics', 'shared', 'feature-flags', 'inventory', 'orders'];
const SERVICES = ['ledger', 'fraud', 'recommendations', 'ingest', 'reporting', 'scheduler', 'mailer', 'pricing'];
const GO_PACKAGES = ['store', 'httpx', 'queue', 'authz', 'telemetry'];
const COMMANDS = ['migrate', 'worker', 'gateway', 'backfill'];
const DOC_SECTIONS = ['guides', 'runbooks', 'adr', 'api', 'onboarding'];
const TS_DIRS = ['', 'lib', 'api', 'components', 'components/forms', 'hooks', 'utils', 'models'];
const PY_DIRS = ['', 'handlers', 'models', 'jobs', 'adapters'];

const cap = (word: string): string => word[0]!.toUpperCase() + word.slice(1);
const camel = (rng: Random): string => rng.pick(WORDS) + cap(rng.pick(WORDS));
const snake = (rng: Random): string => `${rng.pick(WORDS)}_${rng.pick(WORDS)}`;

/** Picks a fresh path in a plausible monorepo layout; `taken` rejects paths already in use. */
export function newPath(rng: Random, taken: (path: string) => boolean, lang?: Lang | 'binary'): string {
  const kind = lang ?? rng.weighted<Lang | 'binary'>([['ts', 45], ['py', 20], ['go', 15], ['md', 12], ['yaml', 5], ['binary', 3]]);
  for (let attempt = 0; ; attempt++) {
    const suffix = attempt < 5 ? '' : `-${attempt}`;
    const path = candidate(rng, kind, suffix);
    if (!taken(path)) return path;
  }
}

/** A fresh path next to `base` with the same extension, so a commit's new files stay in its area. */
export function pathNear(rng: Random, base: string, taken: (path: string) => boolean): string {
  const slash = base.lastIndexOf('/');
  const dir = base.slice(0, slash + 1);
  const file = base.slice(slash + 1);
  // Tests stay tests: keep `test_` and `.test.ts` along with the extension.
  const prefix = file.startsWith('test_') ? 'test_' : '';
  const ext = /(\.test)?\.[^.]+$/.exec(file)?.[0] ?? '';
  const sep = ext === '.py' || ext === '.go' ? '_' : '-';
  for (let attempt = 0; ; attempt++) {
    const name = attempt < 5 ? `${rng.pick(WORDS)}${sep}${rng.pick(WORDS)}` : `${rng.pick(WORDS)}${sep}${attempt}`;
    const path = `${dir}${prefix}${name}${ext}`;
    if (!taken(path)) return path;
  }
}

function candidate(rng: Random, kind: Lang | 'binary', suffix: string): string {
  const word = rng.pick(WORDS) + suffix;
  const join = (...parts: string[]): string => parts.filter((part) => part !== '').join('/');
  switch (kind) {
    case 'ts': {
      const pkg = rng.pick(PACKAGES);
      if (rng.chance(0.15)) return join('packages', pkg, 'test', `${word}.test.ts`);
      return join('packages', pkg, 'src', rng.pick(TS_DIRS), `${rng.chance(0.5) ? `${word}-${rng.pick(WORDS)}` : word}.ts`);
    }
    case 'py': {
      const svc = rng.pick(SERVICES);
      if (rng.chance(0.15)) return join('services', svc, 'tests', `test_${word}.py`);
      return join('services', svc, svc, rng.pick(PY_DIRS), `${word}.py`);
    }
    case 'go':
      return rng.chance(0.3) ? join('cmd', rng.pick(COMMANDS), `${word}.go`) : join('internal', rng.pick(GO_PACKAGES), `${word}.go`);
    case 'md':
      return rng.chance(0.2) ? join('packages', rng.pick(PACKAGES), 'docs', `${word}.md`) : join('docs', rng.pick(DOC_SECTIONS), `${word}.md`);
    case 'yaml':
      return rng.chance(0.3) ? join('.github', 'workflows', `${word}.yml`) : join('deploy', rng.pick(['staging', 'production']), `${rng.pick(SERVICES)}-${word}.yaml`);
    case 'binary':
      return rng.chance(0.5) ? join('assets', 'images', `${word}.png`) : join('packages', rng.pick(PACKAGES), 'assets', `${word}.woff2`);
  }
}

export function langOf(path: string): Lang | 'binary' {
  const ext = path.slice(path.lastIndexOf('.') + 1);
  if (ext === 'ts' || ext === 'py' || ext === 'go' || ext === 'md') return ext;
  if (ext === 'yml' || ext === 'yaml') return 'yaml';
  return 'binary';
}

export function newContent(rng: Random, lang: Lang | 'binary'): Content {
  if (lang === 'binary') return { kind: 'binary', bytes: binaryBytes(rng) };
  // Squaring skews towards small files, as in real trees, while a few reach 400 lines.
  const target = 20 + Math.floor(380 * rng.next() ** 2);
  const lines = header(rng, lang);
  while (lines.length < target) lines.push(...block(rng, lang));
  return { kind: 'text', lang, lines };
}

/** Edits 1-3 hunks in place; `small` keeps a rename similar enough for `git -M` to pair it. */
export function edit(rng: Random, content: Content, small = false): void {
  if (content.kind === 'binary') {
    content.bytes = binaryBytes(rng);
    return;
  }
  const lines = content.lines;
  const hunks = small ? 1 : rng.int(1, 3);
  for (let h = 0; h < hunks; h++) {
    const at = rng.int(0, lines.length);
    // Long files tend to shrink and short ones to grow, so sizes stay within 20-400-ish lines.
    const maxDelete = small ? 1 : lines.length > 300 ? 12 : lines.length < 25 ? 0 : 4;
    const removed = Math.min(rng.int(0, maxDelete), lines.length - at);
    const inserted = !small && rng.chance(0.1) ? block(rng, content.lang) : Array.from({ length: small ? rng.int(1, 2) : rng.int(removed === 0 ? 1 : 0, 5) }, () => line(rng, content.lang));
    lines.splice(at, removed, ...inserted);
  }
}

export function serialize(content: Content): Buffer {
  return content.kind === 'binary' ? content.bytes : Buffer.from(content.lines.join('\n') + '\n');
}

function binaryBytes(rng: Random): Buffer {
  const bytes = Buffer.alloc(rng.int(256, 4096));
  for (let i = 0; i < bytes.length; i++) bytes[i] = rng.chance(0.2) ? 0 : rng.int(1, 255);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(bytes);
  return bytes;
}

function header(rng: Random, lang: Lang): string[] {
  const count = rng.int(1, 4);
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    if (lang === 'ts') lines.push(`import { ${camel(rng)} } from '../${rng.pick(WORDS)}/${rng.pick(WORDS)}.js';`);
    if (lang === 'py') lines.push(rng.chance(0.5) ? `import ${rng.pick(WORDS)}` : `from ..${rng.pick(WORDS)} import ${snake(rng)}`);
    if (lang === 'go') lines.push(i === 0 ? `package ${rng.pick(GO_PACKAGES)}` : `import "acme.dev/internal/${rng.pick(GO_PACKAGES)}"`);
    if (lang === 'md') lines.push(i === 0 ? `# ${cap(rng.pick(WORDS))} ${rng.pick(WORDS)}s` : sentence(rng));
    if (lang === 'yaml') lines.push(`${rng.pick(WORDS)}: ${rng.pick(WORDS)}-${rng.int(1, 99)}`);
  }
  lines.push('');
  return lines;
}

/** A function, class, section or mapping: the unit a developer adds at once. */
function block(rng: Random, lang: Lang): string[] {
  const body = Array.from({ length: rng.int(2, 8) }, () => line(rng, lang));
  switch (lang) {
    case 'ts':
      return [`export function ${camel(rng)}(${rng.pick(WORDS)}: ${cap(rng.pick(WORDS))}): number {`, ...body, `  return ${rng.pick(WORDS)}.length;`, '}', ''];
    case 'py':
      return [`def ${snake(rng)}(${rng.pick(WORDS)}, ${rng.pick(WORDS)}=None):`, ...body, `    return ${rng.pick(WORDS)}`, ''];
    case 'go':
      return [`func ${cap(camel(rng))}(${rng.pick(WORDS)} int) (int, error) {`, ...body, '\treturn 0, nil', '}', ''];
    case 'md':
      return [`## ${cap(rng.pick(WORDS))} ${rng.pick(WORDS)}`, '', ...body, ''];
    case 'yaml':
      return [`${rng.pick(WORDS)}:`, ...body];
  }
}

function line(rng: Random, lang: Lang): string {
  const n = rng.int(0, 9999);
  switch (lang) {
    case 'ts':
      return rng.pick([
        `  const ${camel(rng)} = await ${camel(rng)}(${rng.pick(WORDS)}, ${n});`,
        `  if (${rng.pick(WORDS)}.${rng.pick(WORDS)} > ${n}) throw new Error('${rng.pick(WORDS)} ${rng.pick(WORDS)} too large');`,
        `  ${rng.pick(WORDS)}.${camel(rng)}(${rng.pick(WORDS)}Id);`,
        `  // ${sentence(rng)}`,
        `  const ${rng.pick(WORDS)}${n} = ${rng.pick(WORDS)}s.filter((x) => x.${rng.pick(WORDS)} !== ${n});`,
      ]);
    case 'py':
      return rng.pick([
        `    ${snake(rng)} = ${rng.pick(WORDS)}.${snake(rng)}(${rng.pick(WORDS)}, limit=${n})`,
        `    if ${rng.pick(WORDS)} is None or ${rng.pick(WORDS)}.${rng.pick(WORDS)} > ${n}:`,
        `    logger.info("${rng.pick(WORDS)} ${rng.pick(WORDS)} %s", ${rng.pick(WORDS)}_id)`,
        `    # ${sentence(rng)}`,
      ]);
    case 'go':
      return rng.pick([
        `\t${camel(rng)}, err := ${rng.pick(WORDS)}.${cap(camel(rng))}(ctx, ${n})`,
        `\tif err != nil {\n\t\treturn 0, fmt.Errorf("${rng.pick(WORDS)} ${rng.pick(WORDS)}: %w", err)\n\t}`,
        `\t// ${sentence(rng)}`,
      ]);
    case 'md':
      return rng.chance(0.3) ? `- ${sentence(rng)}` : sentence(rng);
    case 'yaml':
      return `  ${rng.pick(WORDS)}_${rng.pick(WORDS)}: ${rng.chance(0.5) ? n : rng.pick(WORDS)}`;
  }
}

function sentence(rng: Random): string {
  return `${cap(rng.pick(WORDS))} ${rng.pick(['keeps', 'sends', 'checks', 'owns', 'retries', 'caches', 'skips'])} the ${rng.pick(WORDS)} ${rng.pick(WORDS)} ${rng.pick(['before', 'after', 'unless', 'when'])} the ${rng.pick(WORDS)} ${rng.pick(['expires', 'changes', 'fails', 'is empty', 'is locked'])}.`;
}
