// Rigs built from another rig's devices, with one device swapped (a faulty or watched driver).
import { deviceDirectory } from '../../src/instruments/device-directory.js';
import type { DeviceByCapability, DeviceCapability, Rig, RigDevice } from '../../src/instruments/interfaces.js';

export function withDevice<C extends DeviceCapability>(rig: Rig, capability: C, role: string, replace: (device: DeviceByCapability[C]) => DeviceByCapability[C]): Rig {
  let found = false;
  const devices = rig.devices.map((entry) => {
    if (entry.capability !== capability || entry.role !== role) return entry;
    found = true;
    return { ...entry, device: replace(entry.device as DeviceByCapability[C]) } as RigDevice;
  });
  if (!found) throw new Error(`no ${capability} '${role}' to replace`);
  return rigOf(rig, devices);
}

/** A rig with these devices and the clock and close of `rig`. */
export function rigOf(rig: Rig, devices: readonly RigDevice[]): Rig {
  return { kind: rig.kind, ...deviceDirectory(devices), clock: rig.clock, close: () => rig.close() };
}

/** Every call delegated to `device`, except those in `overrides`. */
export function delegate<T extends object>(device: T, overrides: Partial<T>): T {
  return new Proxy(device, {
    get(target, key) {
      if (key in overrides) return overrides[key as keyof T];
      const value = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
