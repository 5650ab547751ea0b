// The lookups every Rig offers, built once from its device list, so each implementation
// (virtual lab, hardware) only says which devices it has.
import type { DeviceByCapability, DeviceCapability, Rig, RigDevice } from './interfaces.js';
import { REACTOR_HEATER } from './roles.js';

/** Asked for a device the rig does not have. */
export class MissingDeviceError extends Error {
  constructor(readonly capability: DeviceCapability, readonly role: string, available: readonly string[]) {
    const has = available.length > 0 ? `its ${capability} roles: ${available.join(', ')}` : `it has no ${capability}`;
    super(`this rig has no ${capability} with role '${role}' (${has})`);
    this.name = 'MissingDeviceError';
  }
}

export type DeviceDirectory = Pick<Rig, 'devices' | 'find' | 'pump' | 'heater' | 'light' | 'spectrometer'>;

/** Refuses two devices of one capability in one role: a lookup must have one answer. */
export function deviceDirectory(devices: readonly RigDevice[]): DeviceDirectory {
  const byKey = new Map<string, RigDevice>();
  for (const entry of devices) {
    const key = `${entry.capability} ${entry.role}`;
    if (byKey.has(key)) throw new Error(`two devices in one role: ${key}`);
    byKey.set(key, entry);
  }
  const list = Object.freeze([...devices]);
  const find = <C extends DeviceCapability>(capability: C, role: string): DeviceByCapability[C] | undefined =>
    byKey.get(`${capability} ${role}`)?.device as DeviceByCapability[C] | undefined;
  const get = <C extends DeviceCapability>(capability: C, role: string): DeviceByCapability[C] => {
    const device = find(capability, role);
    if (device === undefined) throw new MissingDeviceError(capability, role, list.filter((d) => d.capability === capability).map((d) => d.role));
    return device;
  };
  return {
    devices: list,
    find,
    pump: (role) => get('pump', role),
    heater: (role = REACTOR_HEATER) => get('heater', role),
    light: (role) => get('light', role),
    spectrometer: (role) => get('spectrometer', role),
  };
}

export type DeviceEntry<C extends DeviceCapability> = Extract<RigDevice, { capability: C }>;

/** Every device of one capability, in the rig's order. */
export function devicesOf<C extends DeviceCapability>(rig: Pick<Rig, 'devices'>, capability: C): DeviceEntry<C>[] {
  return rig.devices.filter((entry): entry is DeviceEntry<C> => entry.capability === capability);
}
