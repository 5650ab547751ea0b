// Which rig to talk to. The virtual lab is the default; real devices are configured per lab
// (kind 'hardware': where each instrument is plugged in, see docs/instruments.md). Both describe
// their devices by role: pumps by the reagent line they feed, spectrometers and lights by the
// measurement they serve, the heater is the reactor's. Any device may be left out or added.
import { z } from 'zod';
import { roleSchema } from './roles.js';
import { virtualDevicesSchema, virtualFaultsSchema } from './sim/virtual-layout.js';

/** Limits no job may cross on this rig; the run engine's defaults apply to what is left out. */
export const safetyConfigSchema = z.strictObject({
  /** Hard over-temperature limit of the reactor, in C (default 180). */
  maxTemperatureC: z.number().min(30).max(500).optional(),
});

export const virtualLabConfigSchema = z.strictObject({
  kind: z.literal('virtual'),
  seed: z.number().int().default(1),
  clock: z.enum(['simulated', 'realtime']).default('simulated'),
  /** Real-time mode only: 10 runs ten times faster than the wall clock. */
  speedFactor: z.number().positive().max(10_000).default(1),
  /** The devices the virtual rig has; the paper's rig by default (see sim/virtual-layout.ts). */
  devices: virtualDevicesSchema.optional(),
  safety: safetyConfigSchema.optional(),
  /** Faults the lab starts with (fault injection, see sim/virtual-layout.ts). */
  faults: virtualFaultsSchema.optional(),
  /** A file every device command is appended to (one line each: rig time, device, command). */
  commandLog: z.string().min(1).optional(),
});

const tcpPort = z.number().int().min(1).max(65535);
/** A name for people (dashboards, reports); the role's default otherwise. */
const label = z.string().min(1).max(80).optional();
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
    label,
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
  label,
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
    label,
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
    label,
    serial: z.string().min(1),
    baudRate: z.number().int().positive().default(9600),
    line: z.enum(['rts', 'dtr']),
    activeLow: z.boolean().default(false),
  }),
  z
    .strictObject({
      kind: z.literal('ascii'),
      label,
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
    label,
    /** Role of the spectrometer whose lamp-enable output switches this light. */
    spectrometer: roleSchema,
  }),
]);

/** Devices keyed by role; a bad key is named with the rule it breaks. */
function byRole<T extends z.ZodType>(device: T) {
  return z.record(z.string(), device).superRefine((devices, ctx) => {
    for (const role of Object.keys(devices)) {
      const checked = roleSchema.safeParse(role);
      if (!checked.success) ctx.addIssue({ code: 'custom', path: [role], message: checked.error.issues[0].message });
    }
  });
}

export const hardwareLabConfigSchema = z
  .strictObject({
    kind: z.literal('hardware'),
    /** By role: the reagent line each pump feeds (cui, csOleate, ..., pfo), or another role for an extra pump. */
    pumps: byRole(pumpConfigSchema),
    /** The reactor's temperature controller. */
    heater: heaterConfigSchema.optional(),
    /** By role: pl, absorbance. */
    spectrometers: byRole(spectrometerConfigSchema).default({}),
    /** By role: pl-excitation (the UV LED), absorbance-source (the lamp). */
    lights: byRole(lightConfigSchema).default({}),
    safety: safetyConfigSchema.optional(),
  })
  .superRefine((config, ctx) => {
    // Pumps on one port must be channels of one dual-channel unit, at one baud rate.
    const byEndpoint = new Map<string, string[]>();
    for (const [role, pump] of Object.entries(config.pumps)) {
      const key = pump.serial !== undefined ? `serial ${pump.serial}` : `tcp ${pump.host}:${pump.port}`;
      byEndpoint.set(key, [...(byEndpoint.get(key) ?? []), role]);
    }
    // Any other sharing of a data link would mix two protocols on one byte stream.
    const dataUsers = new Map<string, string>();
    const claim = (endpoint: string, user: string, path: (string | number)[]) => {
      const holder = dataUsers.get(endpoint);
      if (holder && holder !== user) ctx.addIssue({ code: 'custom', path, message: `${endpoint} is already used by ${holder}` });
      else dataUsers.set(endpoint, user);
    };
    for (const [endpoint, roles] of byEndpoint) claim(endpoint, `pumps ${roles.join(', ')}`, ['pumps', roles[0]]);
    for (const [role, spectrometer] of Object.entries(config.spectrometers)) {
      claim(`tcp ${spectrometer.host}:${spectrometer.port}`, `spectrometers.${role}`, ['spectrometers', role, 'port']);
    }
    for (const [role, light] of Object.entries(config.lights)) {
      if (light.kind === 'spectrometer-lamp' && !(light.spectrometer in config.spectrometers)) {
        ctx.addIssue({ code: 'custom', path: ['lights', role, 'spectrometer'], message: `no spectrometer '${light.spectrometer}' under spectrometers` });
      }
      if (light.kind !== 'ascii') continue;
      claim(light.serial !== undefined ? `serial ${light.serial}` : `tcp ${light.host}:${light.port}`, `lights.${role}`, ['lights', role]);
    }
    for (const [endpoint, roles] of byEndpoint) {
      if (roles.length === 1) continue;
      const pumps = roles.map((role) => config.pumps[role]);
      const channels = pumps.map((pump) => pump.channel);
      if (roles.length > 2 || channels.some((channel) => channel === undefined) || new Set(channels).size !== roles.length) {
        ctx.addIssue({ code: 'custom', path: ['pumps', roles[1], 'channel'], message: `pumps ${roles.join(', ')} share ${endpoint}; they must be channels 1 and 2 of one unit` });
      }
      if (new Set(pumps.map((pump) => pump.baudRate ?? null)).size > 1) {
        ctx.addIssue({ code: 'custom', path: ['pumps', roles[1], 'baudRate'], message: `pumps ${roles.join(', ')} share ${endpoint} at different baud rates` });
      }
    }
  });

/**
 * Files written before devices were described by role name the spectrometers and lights by
 * fixed keys; they are read as the roles those keys always meant. A file giving both a fixed
 * key and its role is refused.
 */
export const LEGACY_DEVICE_KEYS = {
  plSpectrometer: ['spectrometers', 'pl'],
  absorbanceSpectrometer: ['spectrometers', 'absorbance'],
  uvLed: ['lights', 'pl-excitation'],
  broadbandLamp: ['lights', 'absorbance-source'],
} as const;

function readLegacyKeys(input: unknown, ctx: z.RefinementCtx): unknown {
  if (typeof input !== 'object' || input === null || (input as { kind?: unknown }).kind !== 'hardware') return input;
  const config: Record<string, unknown> = { ...(input as Record<string, unknown>) };
  for (const [key, [section, role]] of Object.entries(LEGACY_DEVICE_KEYS)) {
    if (!(key in config)) continue;
    const existing = config[section];
    const devices: Record<string, unknown> = typeof existing === 'object' && existing !== null ? { ...(existing as Record<string, unknown>) } : {};
    if (role in devices) {
      ctx.addIssue({ code: 'custom', path: [key], message: `${key} is the old name of ${section}.${role}; give one of them` });
      continue;
    }
    devices[role] = config[key];
    config[section] = devices;
    delete config[key];
  }
  return config;
}

const labConfigUnion = z.discriminatedUnion('kind', [virtualLabConfigSchema, hardwareLabConfigSchema]);
export const labConfigSchema = z.preprocess(readLegacyKeys, labConfigUnion);
export type LabConfig = z.infer<typeof labConfigUnion>;
export type LabConfigInput = z.input<typeof labConfigUnion>;
export type HardwareLabConfig = z.infer<typeof hardwareLabConfigSchema>;
export type PumpConfig = z.infer<typeof pumpConfigSchema>;
export type LightConfig = z.infer<typeof lightConfigSchema>;
export type SpectrometerConfig = z.infer<typeof spectrometerConfigSchema>;
export type HeaterConfig = z.infer<typeof heaterConfigSchema>;

export const DEFAULT_LAB_CONFIG: LabConfig = labConfigSchema.parse({ kind: 'virtual' });
