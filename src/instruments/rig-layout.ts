// Which devices a rig has, as plain data (no drivers), and the check of what a job needs
// against it. Pure: the run engine and the campaign runner call it before anything moves.
import { PUMP_IDS } from '../chemistry/rig-geometry.js';
import type { DeviceCapability, DeviceDescription, Rig } from './interfaces.js';
import { CHANNEL_ORDER, defaultLabel, LIGHT_ROLES, MEASUREMENT_CHANNELS, REACTOR_HEATER, SPECTROMETER_ROLES, type MeasurementChannel } from './roles.js';

export type RigLayout = readonly DeviceDescription[];

export interface DeviceRequirement {
  capability: DeviceCapability;
  role: string;
  /** Why it is needed, for the message when it is missing. */
  why: string;
}

const describe = (capability: DeviceCapability, role: string): DeviceDescription => ({ capability, role, label: defaultLabel(capability, role) });

/** The rig of the paper: eight pumps, the reactor heater, the LED and the lamp, two spectrometers. */
export const PAPER_RIG_LAYOUT: RigLayout = [
  ...PUMP_IDS.map((id) => describe('pump', id)),
  describe('heater', REACTOR_HEATER),
  ...LIGHT_ROLES.map((role) => describe('light', role)),
  ...SPECTROMETER_ROLES.map((role) => describe('spectrometer', role)),
];

export function layoutOf(rig: Pick<Rig, 'devices'>): RigLayout {
  return rig.devices.map(({ capability, role, label }) => ({ capability, role, label }));
}

export function hasDevice(layout: RigLayout, capability: DeviceCapability, role: string): boolean {
  return layout.some((d) => d.capability === capability && d.role === role);
}

/** The requirements the layout does not meet, in the order given. */
export function missingDevices(layout: RigLayout, requirements: readonly DeviceRequirement[]): DeviceRequirement[] {
  return requirements.filter((r) => !hasDevice(layout, r.capability, r.role));
}

/** The spectrometer and the light of a measurement channel. */
export function channelRequirements(channel: MeasurementChannel, why: string): DeviceRequirement[] {
  const { spectrometer, light } = MEASUREMENT_CHANNELS[channel];
  return [
    { capability: 'spectrometer', role: spectrometer, why },
    { capability: 'light', role: light, why },
  ];
}

/** Channels whose spectrometer and light are both present, in acquisition order. */
export function channelsOf(layout: RigLayout): MeasurementChannel[] {
  return CHANNEL_ORDER.filter((channel) => missingDevices(layout, channelRequirements(channel, '')).length === 0);
}

/** A job refused because the rig lacks devices it needs; nothing was moved. */
export class RigLayoutError extends Error {
  constructor(readonly job: string, readonly missing: readonly DeviceRequirement[]) {
    super(`${job} needs devices this rig does not have: ${missing.map((m) => `${m.capability} '${m.role}' (${m.why})`).join('; ')}`);
    this.name = 'RigLayoutError';
  }
}

/** Throws RigLayoutError naming every missing device. */
export function requireDevices(layout: RigLayout, requirements: readonly DeviceRequirement[], job: string): void {
  const missing = missingDevices(layout, requirements);
  if (missing.length > 0) throw new RigLayoutError(job, missing);
}
