// Watlow F4T Modbus map for control loop n (PDU addresses; loop n adds (n-1)*160). Source:
// EspecNorthAmerica/ChamberConnectLibrary watlowf4t.py and the F4T manual (protocols doc §2.3).
export const F4T_LOOP_STRIDE = 160;

export const F4T_REGISTERS = {
  /** u16 RW: user control mode, 10 auto / 54 manual / 62 off. */
  userControlMode: 2730,
  /** float RW: set-point range low, high. */
  setpointRangeLow: 2774,
  setpointRangeHigh: 2776,
  /** float RW: closed-loop set point written by the host. */
  closedLoopSetpoint: 2782,
  /** u16 R: control mode in force (10/54/62). */
  activeControlMode: 2814,
  /** float R: process value of the loop input. */
  processValue: 2820,
} as const;

/** u16 RW, controller-wide: display units, 15 C / 30 F. */
export const F4T_DISPLAY_UNITS_REGISTER = 1328;

export const F4T_MODE_CODES = { auto: 10, manual: 54, off: 62 } as const;
export const F4T_UNIT_CODES = { C: 15, F: 30 } as const;

export function loopRegister(register: number, loop: number): number {
  return register + (loop - 1) * F4T_LOOP_STRIDE;
}
