// Opens the rig a lab configuration names. The virtual lab is the only backend wired here
// so far; real-device drivers plug in behind the same Rig interface.
import type { RigGeometry } from '../chemistry/rig-geometry.js';
import type { Rig } from './interfaces.js';
import type { LabConfig } from './lab-config.js';
import { createVirtualLab } from './sim/create-virtual-lab.js';

export async function openRig(config: LabConfig, geometry?: RigGeometry): Promise<Rig> {
  switch (config.kind) {
    case 'virtual':
      return createVirtualLab({ seed: config.seed, clock: config.clock, speedFactor: config.speedFactor, geometry });
  }
}
