// `--objective` names a built-in objective or a module path. Workers receive this reference
// (plain data) and load the objective themselves.
import { resolve } from 'node:path';
import { builtinObjective, isBuiltinObjectiveName } from './objectives/index.js';
import type { BenchmarkObjective } from './objectives/types.js';
import { loadObjectiveModule } from './user-objective.js';

export type ObjectiveRef = { kind: 'builtin'; name: string } | { kind: 'module'; path: string };

const MODULE_PATTERN = /[/\\]|\.(?:[cm]?[jt]s|tsx?)$/;

/** A module path when the text looks like one (has a slash or a script extension), else a built-in name. */
export function parseObjectiveRef(text: string): ObjectiveRef {
  if (isBuiltinObjectiveName(text) || !MODULE_PATTERN.test(text)) return { kind: 'builtin', name: text };
  return { kind: 'module', path: resolve(text) };
}

export function loadObjective(ref: ObjectiveRef): Promise<BenchmarkObjective> {
  return ref.kind === 'builtin' ? builtinObjective(ref.name) : loadObjectiveModule(ref.path);
}
