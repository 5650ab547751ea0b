// Plugins: ES modules that add policies or surrogates. A plugin exports `policies` and/or
// `surrogates` (arrays of descriptors); loading it registers them in this thread's
// registries. The CLI's --plugin, benchmark workers and servers load them the same way.
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { tsImport } from 'tsx/esm/api';
import { surrogates } from '../models/surrogates/registry.js';
import type { AnySurrogateDescriptor } from '../models/surrogates/types.js';
import { policies } from '../planning/policies/registry.js';
import type { AnyPolicyDescriptor } from '../planning/policies/types.js';

export interface PluginModule {
  policies?: readonly AnyPolicyDescriptor[];
  surrogates?: readonly AnySurrogateDescriptor[];
}

const loaded = new Map<string, Promise<void>>();

/** Absolute path of a plugin given on a command line (relative to the working directory). */
export function pluginPath(path: string): string {
  return isAbsolute(path) ? path : resolve(process.cwd(), path);
}

/** Imports each plugin once per thread and registers what it exports. */
export async function loadPlugins(paths: readonly string[] = []): Promise<void> {
  for (const path of paths.map(pluginPath)) {
    let loading = loaded.get(path);
    if (loading === undefined) {
      loading = importAndRegister(path);
      loaded.set(path, loading);
      loading.catch(() => loaded.delete(path));
    }
    await loading;
  }
}

async function importAndRegister(path: string): Promise<void> {
  let module: PluginModule;
  try {
    // TypeScript plugins load through tsx whether or not this process runs from the sources.
    const url = pathToFileURL(path).href;
    module = (/\.[mc]?ts$/.test(path) ? await tsImport(url, import.meta.url) : await import(url)) as PluginModule;
  } catch (error) {
    throw new Error(`plugin ${path}: ${(error as Error).message.split('\n')[0]}`, { cause: error });
  }
  const addedPolicies = module.policies ?? [];
  const addedSurrogates = module.surrogates ?? [];
  if (!Array.isArray(addedPolicies) || !Array.isArray(addedSurrogates)) throw new Error(`plugin ${path}: 'policies' and 'surrogates' must be arrays of descriptors`);
  if (addedPolicies.length + addedSurrogates.length === 0) throw new Error(`plugin ${path}: exports no 'policies' or 'surrogates'`);
  try {
    // A descriptor already there under the same name (the plugin imported twice by another path) is the same plugin.
    for (const surrogate of addedSurrogates) if (surrogates.find(surrogate.kind) !== surrogate) surrogates.register(surrogate);
    for (const policy of addedPolicies) if (policies.find(policy.name) !== policy) policies.register(policy);
  } catch (error) {
    throw new Error(`plugin ${path}: ${(error as Error).message}`, { cause: error });
  }
}
