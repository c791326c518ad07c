import type { Random } from '../random.js';
import { VERBS, WORDS, freshName, pascal, snake, uniqueSymbol } from './names.js';
import type { GeneratedFile, LanguageOutput, PlannedEdge, Unit } from './types.js';

/** The import name of a Python unit: `fraud_scoring`; the shared library is `acme_common`. */
export const pythonPackage = (unit: Unit): string => (unit.kind === 'py-lib' ? 'acme_common' : snake(unit.name));

const SUBPACKAGES = ['models', 'schemas', 'utils', 'db', 'clients', 'adapters', 'services', 'features', 'pipelines', 'jobs', 'workers', 'api'];
const STDLIB: readonly (readonly [string, string])[] = [
  ['import logging', 'logging.getLogger(__name__)'], ['import json', 'json.dumps(payload)'], ['import os', "os.environ.get('APP_ENV')"],
  ['from typing import Any', 'Any'], ['from dataclasses import dataclass', 'dataclass'], ['from datetime import datetime', 'datetime.now()'],
  ['import asyncio', 'asyncio.sleep(0)'], ['from collections import defaultdict', 'defaultdict(list)'],
];
const THIRD_PARTY: readonly (readonly [string, string])[] = [
  ['import requests', 'requests.Session()'], ['from pydantic import BaseModel', 'BaseModel'], ['import numpy as np', 'np.zeros(3)'],
  ['import pandas as pd', 'pd.DataFrame(payload)'], ['from sqlalchemy import select', 'select'], ['from fastapi import APIRouter', 'APIRouter()'], ['import boto3', "boto3.client('s3')"],
];

interface PyModule {
  readonly path: string;
  /** Dotted module name: `fraud_scoring.models.order`. */
  readonly dotted: string;
  readonly classes: string[];
  readonly functions: string[];
  readonly lines: string[];
}

/**
 * Python services and the shared library, in a `src/` layout with `pyproject.toml`: absolute
 * (`from pkg.models.order import Order`) and relative (`from ..utils import retry`) imports.
 */
export function generatePython(rng: Random, units: readonly Unit[]): LanguageOutput {
  const output: LanguageOutput = { files: [], edges: [], externalImports: 0 };
  let shared: PyModule[] = [];
  for (const unit of units) {
    const modules = generateUnit(rng, unit, unit.kind === 'py-lib' ? [] : shared, output);
    if (unit.kind === 'py-lib') shared = modules;
  }
  return output;
}

function generateUnit(rng: Random, unit: Unit, shared: readonly PyModule[], output: LanguageOutput): PyModule[] {
  const pkg = pythonPackage(unit);
  const root = `${unit.dir}/src/${pkg}`;
  const taken = new Set<string>();
  const subs = SUBPACKAGES.filter(() => rng.chance(0.45)).slice(0, 7);
  if (subs.length === 0) subs.push('models');
  for (const sub of [...subs]) if (unit.files > 60 && rng.chance(0.3)) subs.push(`${sub}/${freshName(rng, taken, '_')}`);
  const packages = ['', ...subs];
  const tests = unit.files >= 20 ? Math.round(unit.files * 0.08) : 0;
  const moduleCount = Math.max(1, unit.files - packages.length - tests - (tests > 0 ? 1 : 0));

  // `__init__.py` of every package folder; the subpackage ones re-export a module or two below.
  const inits = packages.map((sub) => ({ sub, path: `${root}${sub === '' ? '' : `/${sub}`}/__init__.py`, lines: [`"""${sub === '' ? pkg : sub.replace(/\//g, '.')} package."""`] }));
  inits[0]!.lines.push('', '__version__ = "0.1.0"');

  const modules: PyModule[] = [];
  const names = new Set<string>();
  const symbols = new Set<string>();
  const placed = Array.from({ length: moduleCount }, () => rng.pick(packages)).sort((a, b) => rank(a) - rank(b));
  for (const sub of placed) {
    const folder = `${root}${sub === '' ? '' : `/${sub}`}`;
    const base = freshName(rng, names, '_');
    const dotted = `${pkg}${sub === '' ? '' : `.${sub.replace(/\//g, '.')}`}.${base}`;
    const classes = rng.chance(0.6) ? [uniqueSymbol(pascal(base), symbols)] : [];
    const functions = Array.from({ length: rng.int(1, 3) }, () => uniqueSymbol(`${rng.pick(VERBS)}_${base}`, symbols));
    modules.push({ path: `${folder}/${base}.py`, dotted, classes, functions, lines: [] });
  }

  modules.forEach((module, at) => {
    const head: string[] = [];
    const uses: string[] = [];
    for (let n = rng.int(1, 10); n > 0; n--) {
      const roll = rng.next();
      if (roll < 0.55 && at > 0) importInternal(rng, module, modules[Math.floor(at * rng.next() ** 1.5)]!, head, uses, output.edges);
      else if (roll < 0.72 && shared.length > 0) importShared(rng, module, rng.pick(shared), head, uses, output.edges);
      else {
        const [line, use] = rng.pick(rng.chance(0.5) ? STDLIB : THIRD_PARTY);
        if (!head.includes(line)) {
          head.push(line);
          uses.push(use);
          output.externalImports++;
        }
      }
    }
    module.lines.push(...renderModule(rng, module, head, uses));
  });

  for (const init of inits.slice(1)) {
    const inside = modules.filter((module) => module.path.startsWith(`${init.path.slice(0, -'__init__.py'.length)}`) && module.path.split('/').length === init.path.split('/').length);
    for (const module of inside.slice(0, rng.int(0, 2))) {
      const symbol = module.classes[0] ?? module.functions[0]!;
      const base = module.dotted.slice(module.dotted.lastIndexOf('.') + 1);
      init.lines.push(`from .${base} import ${symbol}`);
      output.edges.push({ from: init.path, to: module.path, specifier: `.${base}`, how: 'python-relative', form: 'import' });
    }
  }

  const testModules: GeneratedFile[] = [];
  const testNames = new Set<string>();
  for (let i = 0; i < tests; i++) {
    const target = rng.pick(modules);
    const name = `test_${freshName(rng, testNames, '_')}`;
    const fn = target.functions[0]!;
    const path = `${unit.dir}/tests/${name}.py`;
    output.edges.push({ from: path, to: target.path, specifier: target.dotted, how: 'python-absolute', form: 'import' });
    testModules.push({ path, lang: 'py', text: `import pytest\n\nfrom ${target.dotted} import ${fn}\n\n\ndef ${name}() -> None:\n    assert ${fn}({"id": "${rng.pick(WORDS)}"}) is not None\n\n\n@pytest.mark.parametrize("value", [1, 2, 3])\ndef ${name}_values(value: int) -> None:\n    assert ${fn}({"value": value})\n` });
  }
  if (tests > 0) testModules.push({ path: `${unit.dir}/tests/conftest.py`, lang: 'py', text: 'import pytest\n\n\n@pytest.fixture\ndef payload() -> dict:\n    return {"id": "fixture"}\n' });

  output.files.push(...inits.map((init) => ({ path: init.path, lang: 'py' as const, text: init.lines.join('\n') + '\n' })));
  output.files.push(...modules.map((module) => ({ path: module.path, lang: 'py' as const, text: module.lines.join('\n') + '\n' })));
  output.files.push(...testModules);
  return modules;
}

/** Low-level subpackages first, so that imports mostly point down. */
function rank(sub: string): number {
  const at = SUBPACKAGES.indexOf(sub.split('/')[0]!);
  return sub === '' ? 99 : at < 0 ? 50 : at;
}

function importInternal(rng: Random, module: PyModule, target: PyModule, head: string[], uses: string[], edges: PlannedEdge[]): void {
  if (target === module || edges.some((edge) => edge.from === module.path && edge.to === target.path)) return;
  const symbol = target.classes[0] ?? target.functions[0]!;
  const from = module.dotted.split('.').slice(0, -1);
  const to = target.dotted.split('.');
  const roll = rng.next();
  let line: string;
  let specifier: string;
  let how: PlannedEdge['how'] = 'python-absolute';
  if (roll < 0.4) {
    let common = 0;
    while (common < from.length && common < to.length - 1 && from[common] === to[common]) common++;
    const level = from.length - common + 1;
    specifier = `${'.'.repeat(level)}${to.slice(common).join('.')}`;
    line = `from ${specifier} import ${symbol}`;
    how = 'python-relative';
    uses.push(`${symbol}(payload)`);
  } else if (roll < 0.5) {
    specifier = target.dotted;
    line = `import ${specifier}`;
    uses.push(`${specifier}.${target.functions[0]!}(payload)`);
  } else if (roll < 0.65) {
    specifier = to.slice(0, -1).join('.');
    const base = to[to.length - 1]!;
    line = `from ${specifier} import ${base}`;
    uses.push(`${base}.${target.functions[0]!}(payload)`);
  } else {
    specifier = target.dotted;
    line = `from ${specifier} import ${symbol}`;
    uses.push(`${symbol}(payload)`);
  }
  // Two modules may export the same name; the later import would shadow the first, which is legal Python.
  head.push(line);
  edges.push({ from: module.path, to: target.path, specifier, how, form: 'import' });
}

function importShared(rng: Random, module: PyModule, target: PyModule, head: string[], uses: string[], edges: PlannedEdge[]): void {
  if (edges.some((edge) => edge.from === module.path && edge.to === target.path)) return;
  const symbol = target.functions[0]!;
  const alias = rng.chance(0.2) ? `${symbol}_shared` : undefined;
  head.push(`from ${target.dotted} import ${symbol}${alias === undefined ? '' : ` as ${alias}`}`);
  uses.push(`${alias ?? symbol}(payload)`);
  edges.push({ from: module.path, to: target.path, specifier: target.dotted, how: 'python-absolute', form: 'import' });
}

function renderModule(rng: Random, module: PyModule, head: string[], uses: readonly string[]): string[] {
  const future = ['from __future__ import annotations', ''];
  // isort's sections: standard library, third party, first party.
  const std = head.filter((line) => STDLIB.some(([known]) => known === line)).sort();
  const third = head.filter((line) => THIRD_PARTY.some(([known]) => known === line)).sort();
  const local = head.filter((line) => !std.includes(line) && !third.includes(line));
  const lines = [`"""${module.dotted.split('.').pop()!.replace(/_/g, ' ')} for ${module.dotted.split('.')[0]}."""`, '', ...future];
  for (const section of [std, third, local]) if (section.length > 0) lines.push(...section, '');
  lines.pop();
  for (const name of module.classes) {
    lines.push('', '', `class ${name}:`, `    """A ${name} record."""`, '', '    def __init__(self, id: str, **fields: object) -> None:', '        self.id = id', '        self.fields = fields');
  }
  const pending = [...uses];
  for (const name of module.functions) {
    lines.push('', '', `def ${name}(payload: dict) -> dict:`, `    """${name.replace(/_/g, ' ')}."""`);
    for (let n = rng.int(1, 4); n > 0; n--) {
      const use = pending.shift();
      const variable = `${rng.pick(WORDS)}_${rng.int(1, 99)}`;
      if (use !== undefined) lines.push(`    ${variable} = ${use}`);
      else lines.push(`    ${variable} = payload.get("${rng.pick(WORDS)}", ${rng.int(0, 100)})`);
      lines.push(`    if ${variable} is None:`, `        raise ValueError("${variable} missing")`);
    }
    lines.push('    return dict(payload)');
  }
  return lines;
}
