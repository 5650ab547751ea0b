// Entry of a GP worker thread (see worker-module.mjs): hands piscina the fit function.
import { loadWorkerModule } from '../worker-module.mjs';

const { runGpFitTask } = await loadWorkerModule(import.meta.url, './gp-worker');
export default runGpFitTask;
