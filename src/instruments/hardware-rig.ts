// Builds the rig from real instruments as a lab configuration describes them, device by role:
// Chemyx pumps (serial or serial-over-TCP), the Watlow F4T (Modbus TCP), Ocean HDX
// spectrometers (OBP over TCP) and the light sources, with the wall clock. close() releases
// every port.
import type { RigGeometry } from '../chemistry/rig-geometry.js';
import { ChemyxPump } from './chemyx/chemyx-pump.js';
import { RealtimeClock } from './clock.js';
import { deviceDirectory } from './device-directory.js';
import { InstrumentError, type Clock, type LightSource, type Rig, type RigDevice } from './interfaces.js';
import type { HardwareLabConfig, LightConfig, PumpConfig, SpectrometerConfig } from './lab-config.js';
import { AsciiCommandLight } from './lights/ascii-command-light.js';
import { ControlLineLight } from './lights/control-line-light.js';
import { SpectrometerLampLight } from './lights/spectrometer-lamp-light.js';
import { OceanHdx } from './ocean/hdx-spectrometer.js';
import { ObpClient } from './ocean/obp-client.js';
import { defaultLabel, isRecipeLine, REACTOR_HEATER } from './roles.js';
import { AsciiSession, TERMINATORS } from './transport/ascii-session.js';
import type { ByteStream, ControlLines } from './transport/byte-stream.js';
import { openSerialStream, type SerialStreamOptions } from './transport/serial-stream.js';
import { openTcpStream, type TcpStreamOptions } from './transport/tcp-stream.js';
import { WatlowF4t } from './watlow/f4t-controller.js';
import { openModbusTcp, type HoldingRegisters, type ModbusTcpOptions } from './watlow/modbus-tcp.js';

/** How links are opened; tests swap in fakes. */
export interface HardwareConnectors {
  serial(options: SerialStreamOptions): Promise<ByteStream & ControlLines>;
  tcp(options: TcpStreamOptions): Promise<ByteStream>;
  modbus(options: ModbusTcpOptions): Promise<HoldingRegisters>;
}

export const SYSTEM_CONNECTORS: HardwareConnectors = {
  serial: (options) => openSerialStream(options),
  tcp: openTcpStream,
  modbus: openModbusTcp,
};

export interface HardwareRigOptions {
  /** The geometry the run engine will use; its syringe bores must match the configured ones. */
  geometry?: RigGeometry;
  connectors?: Partial<HardwareConnectors>;
  clock?: Clock;
}

const DEFAULT_BAUD = 9600;
const CHEMYX_PROMPT = '>';

const pumpDevice = (role: string) => `chemyx ${role}`;

/** Opens every configured instrument; if one fails, whatever was opened is closed again before the error is thrown. */
export async function openHardwareRig(config: HardwareLabConfig, options: HardwareRigOptions = {}): Promise<Rig> {
  const connectors = { ...SYSTEM_CONNECTORS, ...options.connectors };
  if (options.geometry) checkBores(config, options.geometry);
  const links = new LinkPool(connectors);
  const devices: RigDevice[] = [];
  try {
    for (const [role, pumpConfig] of Object.entries(config.pumps)) {
      const pump = new ChemyxPump(await links.pumpSession(pumpConfig, pumpDevice(role)), {
        id: role,
        channel: pumpConfig.channel,
        fittedDiameterMm: pumpConfig.diameterMm,
      });
      await pump.initialise();
      devices.push({ capability: 'pump', role, label: pumpConfig.label ?? defaultLabel('pump', role), device: pump });
    }

    const heaterConfig = config.heater;
    if (heaterConfig) {
      const registers = await connectors.modbus({ host: heaterConfig.host, port: heaterConfig.port, unitId: heaterConfig.unitId, timeoutMs: heaterConfig.timeoutMs, device: 'watlow f4t' });
      links.own(() => registers.close());
      const heater = await WatlowF4t.open(registers, { loop: heaterConfig.loop, wordOrder: heaterConfig.wordOrder, temperatureUnits: heaterConfig.temperatureUnits });
      devices.push({ capability: 'heater', role: REACTOR_HEATER, label: heaterConfig.label ?? defaultLabel('heater', REACTOR_HEATER), device: heater });
    }

    // Spectrometers before lights: a lamp may be switched by a spectrometer's output.
    const obpByRole = new Map<string, ObpClient>();
    const spectrometerDevices: RigDevice[] = [];
    for (const [role, spectrometerConfig] of Object.entries(config.spectrometers)) {
      const { obp, spectrometer } = await openSpectrometer(links, spectrometerConfig, role);
      obpByRole.set(role, obp);
      spectrometerDevices.push({ capability: 'spectrometer', role, label: spectrometerConfig.label ?? defaultLabel('spectrometer', role), device: spectrometer });
    }
    for (const [role, lightConfig] of Object.entries(config.lights)) {
      const light = await openLightSource(links, lightConfig, `light ${role}`, (spectrometerRole) => {
        const obp = obpByRole.get(spectrometerRole);
        // The schema refuses this; kept so a hand-built config fails with a name, not a TypeError.
        if (!obp) throw new InstrumentError(`light ${role}`, `no spectrometer '${spectrometerRole}' to switch it`);
        return obp;
      });
      devices.push({ capability: 'light', role, label: lightConfig.label ?? defaultLabel('light', role), device: light });
    }
    devices.push(...spectrometerDevices);

    let closed = false;
    return {
      kind: 'hardware',
      ...deviceDirectory(devices),
      clock: options.clock ?? new RealtimeClock(),
      safety: config.safety,
      async close() {
        if (closed) return;
        closed = true;
        await links.closeAll();
      },
    };
  } catch (error) {
    await links.closeAll().catch(() => undefined);
    throw error;
  }
}

/** A pump on a reagent line must carry the syringe the run engine computes its flows for. */
function checkBores(config: HardwareLabConfig, geometry: RigGeometry): void {
  for (const [role, pumpConfig] of Object.entries(config.pumps)) {
    if (!isRecipeLine(role)) continue;
    const configured = pumpConfig.diameterMm;
    const planned = geometry.syringeDiameterMm[role];
    if (Math.abs(configured - planned) > 0.0005) {
      throw new InstrumentError(pumpDevice(role), `lab configuration says a ${configured} mm syringe is fitted, the rig geometry in use expects ${planned} mm`);
    }
  }
}

async function openSpectrometer(links: LinkPool, config: SpectrometerConfig, role: string) {
  const device = `hdx ${role}`;
  const obp = new ObpClient(await links.tcp(config.host, config.port, device), { device, timeoutMs: config.timeoutMs });
  const spectrometer = await OceanHdx.open(obp, {
    id: role,
    pixelCount: config.pixelCount,
    adcBits: config.adcBits,
    minIntegrationTimeMs: config.minIntegrationTimeMs,
    maxIntegrationTimeMs: config.maxIntegrationTimeMs,
    readoutMarginMs: config.timeoutMs,
  });
  return { obp, spectrometer };
}

async function openLightSource(links: LinkPool, config: LightConfig, device: string, spectrometerObp: (role: string) => ObpClient): Promise<LightSource> {
  switch (config.kind) {
    case 'serial-line':
      return ControlLineLight.open(await links.serial(config.serial, config.baudRate, device), { device, line: config.line, activeLow: config.activeLow });
    case 'ascii': {
      const stream = config.serial !== undefined ? await links.serial(config.serial, config.baudRate ?? DEFAULT_BAUD, device) : await links.tcp(config.host!, config.port!, device);
      const session = new AsciiSession(stream, {
        terminator: TERMINATORS[config.terminator],
        // Each command says how many reply lines it expects.
        framing: { kind: 'none' },
        echo: false,
        timeoutMs: config.timeoutMs,
      });
      return new AsciiCommandLight(session, {
        device,
        onCommand: config.on,
        offCommand: config.off,
        acknowledgement: config.acknowledgement !== undefined ? new RegExp(config.acknowledgement) : undefined,
        query: config.query && { command: config.query.command, onReply: new RegExp(config.query.onReply), offReply: new RegExp(config.query.offReply) },
      });
    }
    case 'spectrometer-lamp':
      return new SpectrometerLampLight(spectrometerObp(config.spectrometer));
  }
}

/** Opens each port once (two channels of a pump unit share one) and closes all of them at the end. */
class LinkPool {
  private readonly streams = new Map<string, Promise<ByteStream & Partial<ControlLines>>>();
  private readonly pumpSessions = new Map<string, AsciiSession>();
  private readonly closers: Array<() => Promise<void>> = [];

  constructor(private readonly connectors: HardwareConnectors) {}

  own(close: () => Promise<void>): void {
    this.closers.push(close);
  }

  serial(path: string, baudRate: number, device: string): Promise<ByteStream & ControlLines> {
    return this.shared(`serial ${path}`, () => this.connectors.serial({ path, baudRate, device })) as Promise<ByteStream & ControlLines>;
  }

  tcp(host: string, port: number, device: string): Promise<ByteStream> {
    return this.shared(`tcp ${host}:${port}`, () => this.connectors.tcp({ host, port, device }));
  }

  async pumpSession(config: PumpConfig, device: string): Promise<AsciiSession> {
    const key = config.serial !== undefined ? `serial ${config.serial}` : `tcp ${config.host}:${config.port}`;
    const existing = this.pumpSessions.get(key);
    if (existing) return existing;
    const stream = config.serial !== undefined ? await this.serial(config.serial, config.baudRate ?? DEFAULT_BAUD, device) : await this.tcp(config.host!, config.port!, device);
    const session = new AsciiSession(stream, {
      terminator: TERMINATORS[config.terminator],
      framing: { kind: 'prompt', prompt: CHEMYX_PROMPT },
      echo: config.echo,
      timeoutMs: config.timeoutMs,
    });
    this.pumpSessions.set(key, session);
    return session;
  }

  async closeAll(): Promise<void> {
    const failures: string[] = [];
    for (const close of this.closers.splice(0).reverse()) {
      try {
        await close();
      } catch (error) {
        failures.push((error as Error).message);
      }
    }
    this.streams.clear();
    this.pumpSessions.clear();
    if (failures.length > 0) throw new Error(`closing the rig: ${failures.join('; ')}`);
  }

  private shared(key: string, open: () => Promise<ByteStream>): Promise<ByteStream> {
    let stream = this.streams.get(key);
    if (!stream) {
      stream = open();
      this.streams.set(key, stream);
      stream.then((opened) => this.own(() => opened.close()), () => undefined);
    }
    return stream;
  }
}
