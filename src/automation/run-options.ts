// Knobs of one experiment, with the defaults the rig runs with.
import { z } from 'zod';

export const runOptionsSchema = z.object({
  /** |PV - SP| within this band counts as settled. */
  temperatureToleranceC: z.number().positive().default(0.5),
  /** PV must stay in the band this long before precursors flow. */
  temperatureStableS: z.number().nonnegative().default(30),
  temperatureTimeoutS: z.number().positive().default(1800),
  /** During a run PV leaving SP by more than this is a fault. */
  temperatureAlarmC: z.number().positive().default(5),
  /** Over-temperature alarm, checked at every PV reading while the heater is on (also while settling): PV above SP + this (or above the rig's maximum). */
  overTemperatureMarginC: z.number().positive().default(10),
  pollIntervalS: z.number().positive().default(5),
  /** Syringe volume programmed beyond the planned use, so a pump never stops by itself mid-measurement. */
  volumeMarginS: z.number().nonnegative().default(120),
  /** Time the spectra acquisition takes after equilibration (counted in the reagent budget). */
  measurementS: z.number().nonnegative().default(20),
  absorbanceIntegrationTimeMs: z.number().positive().optional(),
  plIntegrationTimeMs: z.number().positive().optional(),
  /** Keep pumps running after the measurement (the next condition follows at once). */
  leaveFlowing: z.boolean().default(false),
});
export type RunOptions = z.infer<typeof runOptionsSchema>;
export type RunOptionsInput = z.input<typeof runOptionsSchema>;
