// Which rig to talk to. The virtual lab is the default; real devices are configured per lab
// (kind 'hardware': where each instrument is plugged in, see docs/instruments.md).
import { z } from 'zod';
import { PUMP_IDS, type PumpId } from '../chemistry/rig-geometry.js';

export const virtualLabConfigSchema = z.object({
  kind: z.literal('virtual'),
  seed: z.number().int().default(1),
  clock: z.enum(['simulated', 'realtime']).default('simulated'),
  /** Real-time mode only: 10 runs ten times faster than the wall clock. */
  speedFactor: z.number().positive().max(10_000).default(1),
});

const tcpPort = z.number().int().min(1).max(65535);
const timeoutMs = (defaultMs: number) => z.number().int().min(10).max(120_000).default(defaultMs);
const regexText = z.string().min(1).refine((text) => {
  try {
    new RegExp(text);
    return true;
  } catch {
    return false;
  }
}, 'not a valid regular expression');

/** A device reached either over a serial port (`serial` + `baudRate`) or over TCP (`host` + `port`). */
const endpointShape = {
  serial: z.string().min(1).optional(),
  baudRate: z.number().int().positive().optional(),
  host: z.string().min(1).optional(),
  port: tcpPort.optional(),
};

interface EndpointFields {
  serial?: string;
  baudRate?: number;
  host?: string;
  port?: number;
}

function checkEndpoint(value: EndpointFields, ctx: z.RefinementCtx): void {
  const hasSerial = value.serial !== undefined;
  const hasHost = value.host !== undefined;
  if (hasSerial === hasHost) ctx.addIssue({ code: 'custom', path: ['serial'], message: 'give either serial (a port path) or host and port, not both or neither' });
  if (hasHost && value.port === undefined) ctx.addIssue({ code: 'custom', path: ['port'], message: 'a TCP port is required with host' });
  if (hasSerial && value.port !== undefined) ctx.addIssue({ code: 'custom', path: ['port'], message: 'port is for a TCP host; a serial device takes baudRate' });
  if (hasHost && value.baudRate !== undefined) ctx.addIssue({ code: 'custom', path: ['baudRate'], message: 'baudRate is for a serial device' });
}

export const pumpConfigSchema = z
  .strictObject({
    ...endpointShape,
    /** Channel of a dual-channel unit; two pumps may then share one port. */
    channel: z.union([z.literal(1), z.literal(2)]).optional(),
    /** Inner diameter of the fitted syringe; the driver refuses any other. */
    diameterMm: z.number().min(0.103).max(60),
    echo: z.boolean().default(true),
    terminator: z.enum(['CR', 'LF', 'CRLF']).default('CR'),
    timeoutMs: timeoutMs(2000),
  })
  .superRefine(checkEndpoint);

export const heaterConfigSchema = z.strictObject({
  host: z.string().min(1),
  port: tcpPort.default(502),
  unitId: z.number().int().min(0).max(255).default(1),
  loop: z.number().int().min(1).max(4).default(1),
  wordOrder: z.enum(['low-high', 'high-low']).default('low-high'),
  temperatureUnits: z.enum(['C', 'F']).default('C'),
  timeoutMs: timeoutMs(1000),
});

export const spectrometerConfigSchema = z
  .strictObject({
    host: z.string().min(1),
    port: tcpPort,
    pixelCount: z.number().int().min(1).max(100_000).default(2068),
    adcBits: z.number().int().min(8).max(16).default(16),
    minIntegrationTimeMs: z.number().positive().default(6),
    maxIntegrationTimeMs: z.number().positive().default(10_000),
    timeoutMs: timeoutMs(2000),
  })
  .refine((value) => value.minIntegrationTimeMs < value.maxIntegrationTimeMs, {
    path: ['maxIntegrationTimeMs'],
    message: 'must be above minIntegrationTimeMs',
  });

export const lightConfigSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('serial-line'),
    serial: z.string().min(1),
    baudRate: z.number().int().positive().default(9600),
    line: z.enum(['rts', 'dtr']),
    activeLow: z.boolean().default(false),
  }),
  z
    .strictObject({
      kind: z.literal('ascii'),
      ...endpointShape,
      on: z.string().min(1),
      off: z.string().min(1),
      terminator: z.enum(['CR', 'LF', 'CRLF']).default('LF'),
      /** Regular expression the reply to on/off must match; omit if the device does not answer. */
      acknowledgement: regexText.optional(),
      query: z.strictObject({ command: z.string().min(1), onReply: regexText, offReply: regexText }).optional(),
      timeoutMs: timeoutMs(1000),
    })
    .superRefine(checkEndpoint),
  z.strictObject({
    kind: z.literal('spectrometer-lamp'),
    spectrometer: z.enum(['pl', 'absorbance']),
  }),
]);

const pumpsSchema = z.strictObject(Object.fromEntries(PUMP_IDS.map((id) => [id, pumpConfigSchema])) as Record<PumpId, typeof pumpConfigSchema>);

export const hardwareLabConfigSchema = z
  .strictObject({
    kind: z.literal('hardware'),
    pumps: pumpsSchema,
    heater: heaterConfigSchema,
    plSpectrometer: spectrometerConfigSchema,
    absorbanceSpectrometer: spectrometerConfigSchema,
    uvLed: lightConfigSchema,
    broadbandLamp: lightConfigSchema,
  })
  .superRefine((config, ctx) => {
    // Pumps on one port must be channels of one dual-channel unit, at one baud rate.
    const byEndpoint = new Map<string, PumpId[]>();
    for (const id of PUMP_IDS) {
      const pump = config.pumps[id];
      const key = pump.serial !== undefined ? `serial ${pump.serial}` : `tcp ${pump.host}:${pump.port}`;
      byEndpoint.set(key, [...(byEndpoint.get(key) ?? []), id]);
    }
    // Any other sharing of a data link would mix two protocols on one byte stream.
    const dataUsers = new Map<string, string>();
    const claim = (endpoint: string, user: string, path: (string | number)[]) => {
      const holder = dataUsers.get(endpoint);
      if (holder && holder !== user) ctx.addIssue({ code: 'custom', path, message: `${endpoint} is already used by ${holder}` });
      else dataUsers.set(endpoint, user);
    };
    for (const [endpoint, ids] of byEndpoint) claim(endpoint, `pumps ${ids.join(', ')}`, ['pumps', ids[0]]);
    claim(`tcp ${config.plSpectrometer.host}:${config.plSpectrometer.port}`, 'plSpectrometer', ['plSpectrometer', 'port']);
    claim(`tcp ${config.absorbanceSpectrometer.host}:${config.absorbanceSpectrometer.port}`, 'absorbanceSpectrometer', ['absorbanceSpectrometer', 'port']);
    for (const name of ['uvLed', 'broadbandLamp'] as const) {
      const light = config[name];
      if (light.kind !== 'ascii') continue;
      claim(light.serial !== undefined ? `serial ${light.serial}` : `tcp ${light.host}:${light.port}`, name, [name]);
    }
    for (const [endpoint, ids] of byEndpoint) {
      if (ids.length === 1) continue;
      const pumps = ids.map((id) => config.pumps[id]);
      const channels = pumps.map((pump) => pump.channel);
      if (ids.length > 2 || channels.some((channel) => channel === undefined) || new Set(channels).size !== ids.length) {
        ctx.addIssue({ code: 'custom', path: ['pumps', ids[1], 'channel'], message: `pumps ${ids.join(', ')} share ${endpoint}; they must be channels 1 and 2 of one unit` });
      }
      if (new Set(pumps.map((pump) => pump.baudRate ?? null)).size > 1) {
        ctx.addIssue({ code: 'custom', path: ['pumps', ids[1], 'baudRate'], message: `pumps ${ids.join(', ')} share ${endpoint} at different baud rates` });
      }
    }
  });

export const labConfigSchema = z.discriminatedUnion('kind', [virtualLabConfigSchema, hardwareLabConfigSchema]);
export type LabConfig = z.infer<typeof labConfigSchema>;
export type LabConfigInput = z.input<typeof labConfigSchema>;
export type HardwareLabConfig = z.infer<typeof hardwareLabConfigSchema>;
export type PumpConfig = z.infer<typeof pumpConfigSchema>;
export type LightConfig = z.infer<typeof lightConfigSchema>;
export type SpectrometerConfig = z.infer<typeof spectrometerConfigSchema>;
export type HeaterConfig = z.infer<typeof heaterConfigSchema>;

export const DEFAULT_LAB_CONFIG: LabConfig = labConfigSchema.parse({ kind: 'virtual' });
