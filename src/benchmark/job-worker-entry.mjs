// Entry of a benchmark worker thread: registers the TypeScript loader in this thread (a loader
// registered on the main thread does not reach workers), then hands piscina the job function.
import { register } from 'tsx/esm/api';

register();
const { runJobTask } = await import('./job-worker.ts');
export default runJobTask;
