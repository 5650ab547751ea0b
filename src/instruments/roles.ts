// The roles devices play on this rig. A pump's role is the reagent line it feeds (the recipe's
// pump ids); the other roles name what the run engine uses a device for. A rig may have devices
// in other roles (e.g. a wash pump): they are kept stopped and made safe, never used.
import { z } from 'zod';
import { PUMP_IDS, type PumpId } from '../chemistry/rig-geometry.js';
import type { DeviceCapability } from './interfaces.js';

/** The temperature controller of the reactor. */
export const REACTOR_HEATER = 'reactor';

export const SPECTROMETER_ROLES = ['pl', 'absorbance'] as const;
export type SpectrometerRole = (typeof SPECTROMETER_ROLES)[number];

export const LIGHT_ROLES = ['pl-excitation', 'absorbance-source'] as const;
export type LightRole = (typeof LIGHT_ROLES)[number];

/** A measurement channel is a spectrometer and the light it needs: the sample light of each reading. */
export const MEASUREMENT_CHANNELS = {
  absorbance: { spectrometer: 'absorbance', light: 'absorbance-source' },
  pl: { spectrometer: 'pl', light: 'pl-excitation' },
} as const satisfies Record<string, { spectrometer: SpectrometerRole; light: LightRole }>;
export type MeasurementChannel = keyof typeof MEASUREMENT_CHANNELS;
/** Acquisition order: absorbance first, as the rig has always measured. */
export const CHANNEL_ORDER: readonly MeasurementChannel[] = ['absorbance', 'pl'];

export function isRecipeLine(role: string): role is PumpId {
  return (PUMP_IDS as readonly string[]).includes(role);
}

/** Role names in configuration files: letters, digits and dashes, starting with a letter. */
export const roleSchema = z.string().regex(/^[A-Za-z][A-Za-z0-9-]{0,39}$/, 'a role is a letter followed by up to 39 letters, digits or dashes');

const PUMP_LABELS: Record<PumpId, string> = {
  cui: 'CuI stock pump',
  csOleate: 'Cs-oleate stock pump',
  oaOdeCs: 'OA-ODE pump, Cs stream',
  oaOdeCui: 'OA-ODE pump, CuI stream',
  oamOde: 'OAm-ODE pump',
  odeCui: 'ODE pump, CuI stream',
  odeCs: 'ODE pump, Cs stream',
  pfo: 'PFO carrier pump',
};

const LABELS: Record<string, string> = {
  [`heater ${REACTOR_HEATER}`]: 'reactor temperature controller',
  'light pl-excitation': '300 nm UV LED',
  'light absorbance-source': 'deuterium-halogen lamp',
  'spectrometer pl': 'PL spectrometer',
  'spectrometer absorbance': 'absorbance spectrometer',
};

/** The label a device gets when its configuration gives none. */
export function defaultLabel(capability: DeviceCapability, role: string): string {
  if (capability === 'pump' && isRecipeLine(role)) return PUMP_LABELS[role];
  return LABELS[`${capability} ${role}`] ?? `${capability} ${role}`;
}
