import type { Random } from '../random.js';

/** Words for file, symbol and folder names, and helpers that turn them into each language's style. */
export const WORDS = [
  'account', 'address', 'adjustment', 'audit', 'balance', 'batch', 'cache', 'cart', 'channel', 'charge',
  'client', 'config', 'coupon', 'currency', 'customer', 'digest', 'discount', 'draft', 'entry', 'event',
  'export', 'feed', 'filter', 'flag', 'gateway', 'handler', 'history', 'invoice', 'item', 'job',
  'ledger', 'limit', 'loader', 'lock', 'message', 'metric', 'order', 'owner', 'page', 'payload',
  'payment', 'plan', 'policy', 'price', 'profile', 'queue', 'quota', 'rate', 'receipt', 'record',
  'refund', 'region', 'report', 'request', 'retry', 'route', 'rule', 'schema', 'scope', 'session',
  'settlement', 'shipment', 'signal', 'snapshot', 'state', 'stock', 'store', 'stream', 'summary', 'tax',
  'tenant', 'token', 'topic', 'trace', 'user', 'vendor', 'webhook', 'window', 'worker', 'wallet',
];
export const VERBS = ['build', 'compute', 'create', 'fetch', 'format', 'load', 'merge', 'normalize', 'parse', 'resolve', 'save', 'sync', 'to', 'update', 'validate'];
export const UI_NOUNS = ['Badge', 'Banner', 'Button', 'Card', 'Dialog', 'Drawer', 'Form', 'Header', 'List', 'Menu', 'Modal', 'Panel', 'Row', 'Summary', 'Table', 'Tabs', 'Toolbar', 'View'];

export const cap = (word: string): string => word[0]!.toUpperCase() + word.slice(1);
export const camel = (kebab: string): string => kebab.replace(/[-_]([a-z0-9])/g, (_, c: string) => c.toUpperCase());
export const pascal = (kebab: string): string => cap(camel(kebab));
export const snake = (kebab: string): string => kebab.replace(/-/g, '_');

/** A base name not yet in `taken` (which it joins), made of one or two words in `sep` style. */
export function freshName(rng: Random, taken: Set<string>, sep: '-' | '_' | '', style: 'lower' | 'pascal' = 'lower'): string {
  for (let attempt = 0; ; attempt++) {
    const words = rng.chance(0.6) ? [rng.pick(WORDS), rng.pick(WORDS)] : [rng.pick(WORDS)];
    if (style === 'pascal') words.push(rng.pick(UI_NOUNS));
    if (attempt > 8) words.push(String(attempt));
    const name = style === 'pascal' ? words.map(cap).join('') : words.join(sep);
    if (!taken.has(name)) {
      taken.add(name);
      return name;
    }
  }
}

/** A symbol name unique in `taken`: the wanted one, or the wanted one with a number. */
export function uniqueSymbol(wanted: string, taken: Set<string>): string {
  let name = wanted;
  for (let n = 2; taken.has(name); n++) name = `${wanted}${n}`;
  taken.add(name);
  return name;
}
