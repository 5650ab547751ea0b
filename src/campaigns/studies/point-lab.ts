// The lab a study point runs on. A study that opens a fresh rig per point (the flowrate study
// swaps the reactor tube for each) must not re-use the study's seed: every point would then
// draw the same pump gains, path and detector noise. Each point gets a seed derived from the
// study's seed and its index; real instruments are what they are.
import type { RigGeometry } from '../../chemistry/rig-geometry.js';
import { deriveSeed } from '../../domain/random.js';
import type { Rig } from '../../instruments/interfaces.js';
import type { LabConfig } from '../../instruments/lab-config.js';
import type { StudyContext } from './types.js';

export function studyPointLab(config: LabConfig, point: number): LabConfig {
  return config.kind === 'virtual' ? { ...config, seed: deriveSeed(config.seed, point) } : config;
}

/** StudyContext.openRig over a rig factory: the study's lab, or a point's own lab when the study asks for one. */
export function studyRigOpener(config: LabConfig, open: (config: LabConfig, geometry?: RigGeometry) => Promise<Rig>): StudyContext['openRig'] {
  return (request = {}) => open(request.point === undefined ? config : studyPointLab(config, request.point), request.geometry);
}
