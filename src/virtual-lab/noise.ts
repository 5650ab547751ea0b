// The noise budget of the virtual rig (tuned to Fig. 3 of the paper; docs/virtual-lab.md
// shows how each source adds up to the reported standard deviations).
import { z } from 'zod';

export const noiseOptionsSchema = z.object({
  /** Delivered/programmed flow of a pump, drawn at every start (syringe seating, plunger calibration). */
  pumpGainSd: z.number().nonnegative(),
  /** Droplet-to-droplet flow fluctuation of each pump within one reading (stepper ripple). */
  pumpRippleSd: z.number().nonnegative(),
  /** Optical path through the droplet per absorbance reading (droplet shape, PFO film). */
  absorbancePathSd: z.number().nonnegative(),
  /**
   * Effective absorbance path drawn at every pump start: droplet length and PFO film thickness
   * settle differently each time the segmentation restarts. The 90 deg PL cell, optically thick
   * at 300 nm, does not see it.
   */
  absorbancePathPerStartSd: z.number().nonnegative(),
  /** PL collection per reading (droplet position and curvature in the 90 deg cell). */
  plCollectionSd: z.number().nonnegative(),
  lampDriftRms: z.number().nonnegative(),
  ledDriftRms: z.number().nonnegative(),
  driftMinPeriodS: z.number().positive(),
  driftMaxPeriodS: z.number().positive(),
  heaterPvNoiseSdC: z.number().nonnegative(),
  /** Shot and read noise of the detectors (off: readings are the expected counts). */
  detectorNoise: z.boolean(),
}).refine((n) => n.driftMaxPeriodS >= n.driftMinPeriodS, { message: 'driftMaxPeriodS must be >= driftMinPeriodS' });

export type NoiseOptions = z.infer<typeof noiseOptionsSchema>;

export const DEFAULT_NOISE: NoiseOptions = {
  pumpGainSd: 0.008,
  pumpRippleSd: 0.007,
  absorbancePathSd: 0.004,
  absorbancePathPerStartSd: 0.016,
  plCollectionSd: 0.005,
  lampDriftRms: 0.005,
  ledDriftRms: 0.007,
  driftMinPeriodS: 900,
  driftMaxPeriodS: 14_400,
  heaterPvNoiseSdC: 0.05,
  detectorNoise: true,
};

/** Every source off: readings equal the model's expectation (for truth checks). */
export const NO_NOISE: NoiseOptions = {
  ...DEFAULT_NOISE,
  pumpGainSd: 0,
  pumpRippleSd: 0,
  absorbancePathSd: 0,
  absorbancePathPerStartSd: 0,
  plCollectionSd: 0,
  lampDriftRms: 0,
  ledDriftRms: 0,
  heaterPvNoiseSdC: 0,
  detectorNoise: false,
};

export function resolveNoise(overrides: Partial<NoiseOptions> = {}): NoiseOptions {
  const merged = { ...DEFAULT_NOISE, ...overrides };
  const parsed = noiseOptionsSchema.safeParse(merged);
  if (!parsed.success) throw new Error(`invalid noise options: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}
