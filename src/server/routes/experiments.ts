// One experiment and its spectra.
import { experimentIdParams, experimentSchema, experimentSpectraSchema } from '../api-schemas.js';
import { experimentSpectra, requireExperiment } from '../experiment-views.js';
import type { ServerContext } from './context.js';

export function registerExperimentRoutes(context: ServerContext): void {
  const { db, routes } = context;

  routes.add({
    method: 'GET', url: '/api/experiments/:id', operationId: 'getExperiment', tag: 'experiments',
    summary: 'One stored experiment: condition, recipe with pump flows, features, timestamps',
    params: experimentIdParams,
    responses: { 200: { description: 'The experiment', schema: experimentSchema } },
    handler: ({ params }) => requireExperiment(db, params.id),
  });

  routes.add({
    method: 'GET', url: '/api/experiments/:id/spectra', operationId: 'getExperimentSpectra', tag: 'experiments',
    summary: 'Raw spectra by role, plus absorbance and corrected PL recomputed from them',
    description: 'Roles: absorbance-dark, absorbance-reference (the solvent blank), absorbance-sample, pl-dark, pl-sample. '
      + 'A failed experiment has no spectra: raw is empty and processed null. A rig without a channel stores none of its roles; '
      + 'its processed arrays are then empty and its features null.',
    params: experimentIdParams,
    responses: { 200: { description: 'Spectra as arrays', schema: experimentSpectraSchema } },
    handler: ({ params }) => experimentSpectra(db, params.id),
  });
}
