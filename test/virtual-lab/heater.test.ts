import { describe, expect, it } from 'vitest';
import { InstrumentError } from '../../src/instruments/interfaces.js';
import { createVirtualLab } from '../../src/instruments/sim/index.js';
import { DEFAULT_HEATER_PARAMETERS, HeaterModel } from '../../src/virtual-lab/heater-model.js';

/** Runs the plate to `setpointC` and reports when it stayed within 0.5 C for 30 s, and its extremes. */
function stepTo(heater: HeaterModel, setpointC: number, durationS = 1800) {
  heater.setSetpoint(setpointC);
  const startS = heater.nowS;
  let max = -Infinity;
  let min = Infinity;
  let inBandSinceS: number | null = null;
  let settledAfterS: number | null = null;
  for (let t = startS + 1; t <= startS + durationS; t++) {
    heater.advanceTo(t);
    const temperature = heater.temperatureC;
    max = Math.max(max, temperature);
    min = Math.min(min, temperature);
    if (Math.abs(temperature - setpointC) <= 0.5) {
      inBandSinceS ??= t;
      if (settledAfterS === null && t - inBandSinceS >= 30) settledAfterS = t - startS;
    } else {
      inBandSinceS = null;
    }
  }
  return { max, min, settledAfterS, final: heater.temperatureC };
}

describe('heater model', () => {
  it('settles at the setpoint from cold without winding up', () => {
    const heater = new HeaterModel();
    heater.setMode('auto');
    const run = stepTo(heater, 135);
    expect(run.settledAfterS).not.toBeNull();
    expect(run.settledAfterS!).toBeLessThan(900);
    // Five minutes at full output: without anti-windup the integral would overshoot by several degrees.
    expect(run.max - 135).toBeLessThan(1);
    expect(run.final).toBeCloseTo(135, 2);
  });

  it('follows setpoint steps up and down with modest overshoot', () => {
    const heater = new HeaterModel();
    heater.setMode('auto');
    stepTo(heater, 135);
    const up = stepTo(heater, 150, 900);
    expect(up.settledAfterS!).toBeLessThan(300);
    expect(up.max - 150).toBeLessThan(1.5);
    const down = stepTo(heater, 120, 900);
    expect(down.settledAfterS!).toBeLessThan(400);
    expect(120 - down.min).toBeLessThan(1.5);
  });

  it('cools to ambient with the plate time constant when off', () => {
    const heater = new HeaterModel();
    heater.setMode('auto');
    stepTo(heater, 140);
    heater.setMode('off');
    const startS = heater.nowS;
    const startC = heater.temperatureC;
    const { ambientC, timeConstantS, deadTimeS } = DEFAULT_HEATER_PARAMETERS;
    heater.advanceTo(startS + 300);
    // The last outputs still reach the plate through the dead time, then it decays freely.
    const expected = ambientC + (startC - ambientC) * Math.exp(-(300 - deadTimeS) / timeConstantS);
    expect(Math.abs(heater.temperatureC - expected)).toBeLessThan(2);
    heater.advanceTo(startS + 3600);
    expect(heater.temperatureC).toBeCloseTo(ambientC, 3);
  });

  it('averages the plate history over any interval', () => {
    const heater = new HeaterModel();
    heater.setMode('off');
    heater.advanceTo(100);
    expect(heater.meanTemperatureC(10, 90)).toBeCloseTo(DEFAULT_HEATER_PARAMETERS.ambientC, 10);
    heater.setMode('manual');
    heater.manualOutput = 0.4;
    heater.advanceTo(2000);
    const { ambientC, gainCAtFullOutput } = DEFAULT_HEATER_PARAMETERS;
    expect(heater.meanTemperatureC(1500, 2000)).toBeCloseTo(ambientC + 0.4 * gainCAtFullOutput, 0);
    const mean = heater.meanTemperatureC(100, 400);
    expect(mean).toBeGreaterThan(heater.meanTemperatureC(100, 101));
    expect(mean).toBeLessThan(heater.meanTemperatureC(399, 400));
  });

  it('rejects setpoints outside its range', () => {
    const heater = new HeaterModel();
    expect(() => heater.setSetpoint(300)).toThrow(RangeError);
    expect(() => heater.setSetpoint(Number.NaN)).toThrow(RangeError);
  });
});

describe('simulated temperature controller', () => {
  it('reads the plate with ~0.05 C noise and keeps setpoint and mode', async () => {
    const lab = createVirtualLab({ seed: 3 });
    await lab.heater().setMode('auto');
    await lab.heater().setSetpointC(130);
    await lab.clock.sleepS(1200);
    expect(await lab.heater().readSetpointC()).toBe(130);
    expect(await lab.heater().readMode()).toBe('auto');
    const readings: number[] = [];
    for (let i = 0; i < 400; i++) readings.push(await lab.heater().readProcessValueC());
    const mean = readings.reduce((a, b) => a + b) / readings.length;
    const sd = Math.sqrt(readings.reduce((a, b) => a + (b - mean) ** 2, 0) / (readings.length - 1));
    expect(mean).toBeCloseTo(130, 1);
    expect(sd).toBeGreaterThan(0.04);
    expect(sd).toBeLessThan(0.06);
  });

  it('reports no output once switched off, at once, while the plate cools as before', async () => {
    const lab = createVirtualLab({ seed: 3 });
    const twin = createVirtualLab({ seed: 3 });
    for (const rig of [lab, twin]) {
      await rig.heater().setMode('auto');
      await rig.heater().setSetpointC(150);
      await rig.clock.sleepS(60);
    }
    // Heating hard towards 150 C: the controller drives a large output.
    expect(lab.state().heater.outputPercent).toBeGreaterThan(50);
    await lab.heater().setMode('off');
    // No time has passed, yet the reading tells the truth about the mode.
    expect(lab.state().heater).toMatchObject({ mode: 'off', outputPercent: 0 });
    // Reading the output changes nothing of the dynamics: a lab read only at the end cools the same.
    await twin.heater().setMode('off');
    for (let i = 0; i < 30; i++) {
      await lab.clock.sleepS(2);
      expect(lab.state().heater.outputPercent).toBe(0);
    }
    await twin.clock.sleepS(60);
    expect(twin.truth.reactorTemperatureC()).toBe(lab.truth.reactorTemperatureC());
  });

  it('answers an out-of-range setpoint with an instrument error', async () => {
    const lab = createVirtualLab({ seed: 3 });
    await expect(lab.heater().setSetpointC(500)).rejects.toBeInstanceOf(InstrumentError);
  });

  it('overshoots when the overshoot fault is on, then recovers', async () => {
    const lab = createVirtualLab({ seed: 3 });
    await lab.heater().setMode('auto');
    await lab.heater().setSetpointC(130);
    await lab.clock.sleepS(900);
    lab.faults.overshootHeater(8);
    await lab.heater().setSetpointC(140);
    let max = 0;
    for (let i = 0; i < 240; i++) {
      await lab.clock.sleepS(5);
      max = Math.max(max, lab.truth.reactorTemperatureC());
    }
    expect(max).toBeGreaterThan(147);
    expect(Math.abs(lab.truth.reactorTemperatureC() - 140)).toBeLessThan(0.5);
  });
});
