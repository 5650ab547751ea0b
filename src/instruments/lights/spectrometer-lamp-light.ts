// A light switched by a spectrometer's lamp-enable output (OBP "set lamp enable", 0x00110410),
// e.g. the DH-2000-BAL shutter wired to the HDX's accessory connector. Not read back.
import type { LightSource } from '../interfaces.js';
import type { ObpClient } from '../ocean/obp-client.js';
import { OBP_MESSAGE_TYPES } from '../ocean/obp-message-types.js';

export class SpectrometerLampLight implements LightSource {
  private on = false;
  readonly readsBack = false;

  constructor(private readonly obp: ObpClient) {}

  async setOn(on: boolean): Promise<void> {
    await this.obp.command(OBP_MESSAGE_TYPES.setLampEnable, Buffer.from([on ? 1 : 0]));
    this.on = on;
  }

  async isOn(): Promise<boolean> {
    return this.on;
  }
}
