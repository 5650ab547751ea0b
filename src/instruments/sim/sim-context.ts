// What every simulated device shares: the rig simulation, the clock that drives it, and the
// link state. Each call first brings the physics up to the clock's time, then fails like a
// dead serial/TCP link would if the fault is on.
import type { RigSimulation } from '../../virtual-lab/rig-simulation.js';
import { InstrumentError, type Clock } from '../interfaces.js';

/** The paper's devices by their simulator names; an auxiliary pump goes by its role. */
export type SimDeviceName =
  | 'cui' | 'csOleate' | 'oaOdeCs' | 'oaOdeCui' | 'oamOde' | 'odeCui' | 'odeCs' | 'pfo'
  | 'heater' | 'uvLed' | 'broadbandLamp' | 'plSpectrometer' | 'absorbanceSpectrometer'
  | (string & {});

export class SimContext {
  readonly lostLinks = new Set<SimDeviceName>();
  closed = false;

  /** `record` receives one line per device command: rig time, device, command (the lab file's commandLog). */
  constructor(readonly simulation: RigSimulation, readonly clock: Clock, private readonly record?: (line: string) => void) {}

  /** Physics up to now. */
  sync(): void {
    this.simulation.advanceTo(this.clock.nowS());
  }

  /** Physics up to now, then the link check for `device`; `command` is what the call does, for the command log. */
  call(device: SimDeviceName, command: string): void {
    const refused = this.closed ? 'rig connection closed' : this.lostLinks.has(device) ? 'no reply (link lost)' : undefined;
    this.record?.(`${this.clock.nowS().toFixed(3)} ${device} ${command}${refused ? ` -> ${refused}` : ''}\n`);
    if (refused) throw new InstrumentError(device, refused);
    this.sync();
  }
}

/** Turns a range error of the physics into the device error a real controller would give. */
export function asInstrumentError(device: string, action: () => void): void {
  try {
    action();
  } catch (error) {
    if (error instanceof RangeError) throw new InstrumentError(device, error.message);
    throw error;
  }
}
