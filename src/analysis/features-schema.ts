// The stored form of a measurement's features. Features are kept and read back (store, API,
// exports), so the shape is a zod schema; missing values are null, never NaN, so JSON keeps them.
import { z } from 'zod';

const maybeNumber = z.number().nullable();

export const spectralFeaturesSchema = z.object({
  /** Absorbance at 300 nm (window mean), a yield proxy. */
  abs300: maybeNumber,
  /** Height of the main PL band, in plUnit. */
  plIntensity: maybeNumber,
  /** Main-band area, plUnit x nm. */
  plArea: maybeNumber,
  plPeakNm: maybeNumber,
  plFwhmNm: maybeNumber,
  /** Secondary-band areas, plUnit x nm. */
  band380Area: maybeNumber,
  band600Area: maybeNumber,
  plUnit: z.enum(['countsPerS', 'counts']),
  saturated: z.object({ absorbance: z.boolean(), pl: z.boolean() }),
  warnings: z.array(z.string()),
  spectra: z.object({
    absorbance: z.object({
      wavelengthsNm: z.array(z.number()),
      /** null where a pixel was excluded (saturated, no light, opaque). */
      absorbance: z.array(maybeNumber),
    }),
    pl: z.object({
      wavelengthsNm: z.array(z.number()),
      signal: z.array(z.number()),
      smoothed: z.array(z.number()),
    }),
  }),
});

export type SpectralFeatures = z.infer<typeof spectralFeaturesSchema>;

/** Parses stored or received features, with a readable error naming the bad fields. */
export function parseSpectralFeatures(input: unknown): SpectralFeatures {
  const result = spectralFeaturesSchema.safeParse(input);
  if (!result.success) throw new Error(`invalid spectral features:\n${z.prettifyError(result.error)}`);
  return result.data;
}
