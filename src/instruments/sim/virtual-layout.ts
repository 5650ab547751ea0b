// Which devices a virtual lab has. Every list defaults to the paper's rig, so a configuration
// names only what differs, e.g. `spectrometers: [pl]` with `lights: [pl-excitation]` for a
// rig without the absorbance channel. A pump in a role that is no reagent line is an auxiliary
// pump (its flow goes to waste).
import { z } from 'zod';
import { PUMP_IDS } from '../../chemistry/rig-geometry.js';
import { LIGHT_ROLES, REACTOR_HEATER, roleSchema, SPECTROMETER_ROLES } from '../roles.js';

/** Simulator names of the paper's devices other than pumps; an auxiliary pump may not take one. */
export const RESERVED_SIM_NAMES = ['heater', 'uvLed', 'broadbandLamp', 'plSpectrometer', 'absorbanceSpectrometer'] as const;

const onceEach = <S extends z.ZodType<string>>(item: S) =>
  z.array(item).refine((roles) => new Set(roles).size === roles.length, 'each role may appear once');

export const virtualDevicesSchema = z.strictObject({
  pumps: onceEach(roleSchema)
    .refine((roles) => !roles.some((role) => (RESERVED_SIM_NAMES as readonly string[]).includes(role)), `a pump role may not be one of ${RESERVED_SIM_NAMES.join(', ')}`)
    .default([...PUMP_IDS]),
  heaters: onceEach(z.literal(REACTOR_HEATER)).default([REACTOR_HEATER]),
  lights: onceEach(z.enum(LIGHT_ROLES)).default([...LIGHT_ROLES]),
  spectrometers: onceEach(z.enum(SPECTROMETER_ROLES)).default([...SPECTROMETER_ROLES]),
});
export type VirtualDevices = z.infer<typeof virtualDevicesSchema>;
export type VirtualDevicesInput = z.input<typeof virtualDevicesSchema>;

/**
 * Faults a virtual lab starts with, switched on from its lab file (fault injection end to end,
 * e.g. through the CLI). Each maps to the fault switch of the same name on `lab.faults`.
 */
export const virtualFaultsSchema = z.strictObject({
  /** On its first approach to a set point the heater output sticks at 100 % until the plate is this many C above it. */
  overshootHeater: z.number().positive().max(200).optional(),
  /** Stray light floods these detectors: every pixel at the ceiling. */
  saturateDetector: onceEach(z.enum(SPECTROMETER_ROLES)).optional(),
  /** These pumps stall at once and on every start. */
  stallPump: onceEach(z.enum(PUMP_IDS)).optional(),
  /** Calls to these devices (simulator names: a pump's role, heater, uvLed, broadbandLamp, plSpectrometer, absorbanceSpectrometer) fail as a dead link would. */
  loseLink: onceEach(z.string().min(1)).optional(),
  /** Nothing passes the line; the pressure rises until the pumps stall. */
  clogLine: z.boolean().optional(),
});
export type VirtualFaults = z.infer<typeof virtualFaultsSchema>;
