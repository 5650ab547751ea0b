// A spectrometer reading as the device gives it: counts per pixel with the wavelength axis.
export interface Spectrum {
  wavelengthsNm: Float64Array;
  counts: Float64Array;
  integrationTimeMs: number;
  /** Detector ceiling; pixels at or above it are saturated. */
  saturationCounts: number;
}

/** The three readings a feature needs: dark (source off), reference (solvent) and sample. */
export interface SpectrumSet {
  dark: Spectrum;
  reference?: Spectrum;
  sample: Spectrum;
}
