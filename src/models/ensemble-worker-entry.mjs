// Entry point of an ensemble worker thread (see worker-module.mjs).
import { loadWorkerModule } from '../worker-module.mjs';

await loadWorkerModule(import.meta.url, './ensemble-worker');
