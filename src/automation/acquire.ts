// Spectra of the current flowcell content: absorbance (lamp off = dark, lamp on = sample)
// and PL (LED off = dark, LED on = sample). Light sources end switched off.
import type { Spectrum } from '../domain/spectrum.js';
import type { Rig } from '../instruments/interfaces.js';

export interface AcquiredSpectra {
  absorbanceDark: Spectrum;
  absorbanceSample: Spectrum;
  plDark: Spectrum;
  plSample: Spectrum;
}

export async function acquireAbsorbancePair(rig: Rig): Promise<{ dark: Spectrum; light: Spectrum }> {
  await rig.broadbandLamp.setOn(false);
  const dark = await rig.absorbanceSpectrometer.acquire();
  await rig.broadbandLamp.setOn(true);
  const light = await rig.absorbanceSpectrometer.acquire();
  await rig.broadbandLamp.setOn(false);
  return { dark, light };
}

export async function acquireSpectra(rig: Rig): Promise<AcquiredSpectra> {
  const absorbance = await acquireAbsorbancePair(rig);
  await rig.uvLed.setOn(false);
  const plDark = await rig.plSpectrometer.acquire();
  await rig.uvLed.setOn(true);
  const plSample = await rig.plSpectrometer.acquire();
  await rig.uvLed.setOn(false);
  return { absorbanceDark: absorbance.dark, absorbanceSample: absorbance.light, plDark, plSample };
}
