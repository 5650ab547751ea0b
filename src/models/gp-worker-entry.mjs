// Entry of a GP worker thread: registers the TypeScript loader in this thread (a loader
// registered on the main thread does not reach workers), then hands piscina the fit function.
import { register } from 'tsx/esm/api';

register();
const { runGpFitTask } = await import('./gp-worker.ts');
export default runGpFitTask;
