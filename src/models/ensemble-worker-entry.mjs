// Entry point of an ensemble worker thread: registers the TypeScript loader in this thread
// (loaders registered on the main thread do not reach workers), then loads the worker.
import { register } from 'tsx/esm/api';

register();
await import('./ensemble-worker.ts');
