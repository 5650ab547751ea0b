// Entry of a benchmark worker thread (see worker-module.mjs): hands piscina the job function.
import { loadWorkerModule } from '../worker-module.mjs';

const { runJobTask } = await loadWorkerModule(import.meta.url, './job-worker');
export default runJobTask;
