// Opens the rig a lab configuration names: the virtual lab, or real instruments through the
// hardware drivers. Both sit behind the same Rig interface.
import type { RigGeometry } from '../chemistry/rig-geometry.js';
import { openHardwareRig } from './hardware-rig.js';
import type { Rig } from './interfaces.js';
import type { LabConfig } from './lab-config.js';
import { createVirtualLab } from './sim/create-virtual-lab.js';

export async function openRig(config: LabConfig, geometry?: RigGeometry): Promise<Rig> {
  switch (config.kind) {
    case 'virtual':
      return createVirtualLab({
        seed: config.seed,
        clock: config.clock,
        speedFactor: config.speedFactor,
        devices: config.devices,
        geometry,
        faults: config.faults,
        safety: config.safety,
        commandLog: config.commandLog,
      });
    case 'hardware':
      return openHardwareRig(config, { geometry });
  }
}
