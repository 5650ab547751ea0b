// The reactor heating plate: an aluminium thermal mass (first order with dead time) heated
// by cartridge heaters under a Watlow-style PID (proportional band, integral and derivative
// times, heat-only output, anti-windup). Advanced lazily in fixed steps to any later time;
// the temperature history is kept so the chemistry can average what each droplet saw.

export type HeaterMode = 'auto' | 'manual' | 'off';

export interface HeaterParameters {
  ambientC: number;
  /** Steady rise above ambient at 100 % output (losses balance the heaters). */
  gainCAtFullOutput: number;
  timeConstantS: number;
  /** Heater to thermocouple transport delay. */
  deadTimeS: number;
  proportionalBandC: number;
  integralTimeS: number;
  derivativeTimeS: number;
  /** Integration and controller update step. */
  stepS: number;
  setpointMinC: number;
  setpointMaxC: number;
}

/**
 * Plate constants chosen for an aluminium plate with three cartridge heaters (tau 90 s, 4 s
 * dead time, 275 C at full output). PID values as an autotune of the F4T would leave them:
 * Watlow's factory defaults (PB 14 C, Ti 180 s, Td 0) are stable here but take ~9 min from cold;
 * a derivative time near the dead time would ring (unfiltered D on a delayed plant).
 */
export const DEFAULT_HEATER_PARAMETERS: HeaterParameters = {
  ambientC: 25,
  gainCAtFullOutput: 250,
  timeConstantS: 90,
  deadTimeS: 4,
  proportionalBandC: 16,
  integralTimeS: 100,
  derivativeTimeS: 4,
  stepS: 0.5,
  setpointMinC: 20,
  setpointMaxC: 220,
};

export class HeaterModel {
  private timeS = 0;
  private temperature: number;
  private integral = 0;
  private output = 0;
  private previousTemperature: number;
  private readonly delayed: Float64Array;
  private delayIndex = 0;
  /** Integral of temperature over time, at each step boundary. */
  private history: Float64Array;
  private steps = 0;
  private overshootC: number | null = null;
  mode: HeaterMode = 'off';
  setpointC: number;
  manualOutput = 0;

  constructor(readonly parameters: HeaterParameters = DEFAULT_HEATER_PARAMETERS, initialTemperatureC = parameters.ambientC) {
    this.temperature = initialTemperatureC;
    this.previousTemperature = initialTemperatureC;
    this.setpointC = parameters.ambientC;
    this.delayed = new Float64Array(Math.max(1, Math.round(parameters.deadTimeS / parameters.stepS)));
    this.history = new Float64Array(1024);
  }

  get nowS(): number {
    return this.timeS;
  }

  get temperatureC(): number {
    return this.temperature;
  }

  /**
   * Heater output as the controller drives it, 0..1. A controller switched off drives nothing,
   * whatever its last step computed (the plate still feels the dead time's worth of output).
   */
  get outputFraction(): number {
    return this.mode === 'off' ? 0 : this.output;
  }

  setMode(mode: HeaterMode): void {
    if (mode === this.mode) return;
    // Bumpless switch into auto: the integral starts from the output the plate had.
    if (mode === 'auto') this.integral = this.mode === 'manual' ? this.manualOutput : 0;
    if (mode === 'manual') this.manualOutput = this.output;
    this.mode = mode;
  }

  setSetpoint(temperatureC: number): void {
    const { setpointMinC, setpointMaxC } = this.parameters;
    if (!(temperatureC >= setpointMinC && temperatureC <= setpointMaxC)) {
      throw new RangeError(`setpoint ${temperatureC} C outside ${setpointMinC}-${setpointMaxC} C`);
    }
    this.setpointC = temperatureC;
  }

  /** Fault: the output sticks at 100 % until the plate is `extraC` above the setpoint. */
  armOvershoot(extraC: number): void {
    this.overshootC = extraC;
  }

  get overshootArmed(): boolean {
    return this.overshootC !== null;
  }

  advanceTo(timeS: number): void {
    const dt = this.parameters.stepS;
    while (this.timeS + dt <= timeS + 1e-9) this.step();
  }

  private controllerOutput(): number {
    const p = this.parameters;
    if (this.mode === 'off') return 0;
    if (this.mode === 'manual') return this.manualOutput;
    if (this.overshootC !== null) {
      if (this.temperature < this.setpointC + this.overshootC) return 1;
      this.overshootC = null;
      this.integral = 0;
    }
    const error = this.setpointC - this.temperature;
    const proportional = error / p.proportionalBandC;
    // Derivative on the measurement, so a setpoint step does not kick the output.
    const derivative = -(p.derivativeTimeS / p.proportionalBandC) * (this.temperature - this.previousTemperature) / p.stepS;
    const candidate = proportional + this.integral + derivative;
    // Anti-windup: stop integrating while the output is pinned and the error pushes further.
    const pinnedHigh = candidate >= 1 && error > 0;
    const pinnedLow = candidate <= 0 && error < 0;
    if (!pinnedHigh && !pinnedLow) this.integral += (error * p.stepS) / (p.proportionalBandC * p.integralTimeS);
    this.integral = Math.min(1, Math.max(0, this.integral));
    return Math.min(1, Math.max(0, proportional + this.integral + derivative));
  }

  private step(): void {
    const p = this.parameters;
    this.output = this.controllerOutput();
    const applied = this.delayed[this.delayIndex];
    this.delayed[this.delayIndex] = this.output;
    this.delayIndex = (this.delayIndex + 1) % this.delayed.length;
    const decay = Math.exp(-p.stepS / p.timeConstantS);
    const target = p.ambientC + p.gainCAtFullOutput * applied;
    this.previousTemperature = this.temperature;
    this.record(this.temperature);
    this.temperature = target + (this.temperature - target) * decay;
    this.timeS += p.stepS;
  }

  private record(temperatureC: number): void {
    if (this.steps + 2 > this.history.length) {
      const grown = new Float64Array(this.history.length * 2);
      grown.set(this.history);
      this.history = grown;
    }
    // history[k] = integral of T from 0 to k steps; the plate is held at T_k over step k.
    this.history[this.steps + 1] = this.history[this.steps] + temperatureC * this.parameters.stepS;
    this.steps++;
  }

  private integralTo(timeS: number): number {
    const dt = this.parameters.stepS;
    if (timeS <= 0) return timeS * this.temperatureAtStep(0);
    const k = Math.min(this.steps, Math.floor(timeS / dt));
    return this.history[k] + (timeS - k * dt) * this.temperatureAtStep(k);
  }

  private temperatureAtStep(k: number): number {
    if (k >= this.steps) return this.temperature;
    return (this.history[k + 1] - this.history[k]) / this.parameters.stepS;
  }

  /** Mean plate temperature over [fromS, toS] (both at or before the current time). */
  meanTemperatureC(fromS: number, toS: number): number {
    if (!(toS > fromS)) return this.temperatureAtStep(Math.max(0, Math.floor(fromS / this.parameters.stepS)));
    return (this.integralTo(toS) - this.integralTo(fromS)) / (toS - fromS);
  }
}
