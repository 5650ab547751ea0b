// The safe-state report for people: one line per device, what it reads back, what was done.
import type { DeviceSafeState, SafeStateReport } from '../automation/safe-state.js';

export function formatSafeState(rigKind: string, report: SafeStateReport): string {
  const made = report.devices.filter((d) => d.capability !== 'spectrometer');
  const lines = [`${rigKind} rig: ${made.length - report.failures.length} of ${made.length} devices confirmed safe`];
  const width = Math.max(...report.devices.map((d) => name(d).length), 0);
  const stateWidth = Math.max(...report.devices.map((d) => d.state.length), 0);
  for (const device of report.devices) {
    const verdict = device.capability === 'spectrometer' ? '-' : device.safe ? 'safe' : 'NOT SAFE';
    const done = device.actions.length > 0 ? `  [${device.actions.join(', ')}]` : '';
    lines.push(`  ${name(device).padEnd(width)}  ${verdict.padEnd(8)}  ${device.state.padEnd(stateWidth)}${done}`.trimEnd());
    for (const problem of device.problems) lines.push(`  ${''.padEnd(width)}  ${''.padEnd(8)}  ! ${problem}`);
  }
  lines.push(report.failures.length === 0 ? 'rig in the safe state' : `SAFE STATE NOT CONFIRMED for ${report.failures.length} device(s): check them by hand`);
  return `${lines.join('\n')}\n`;
}

function name(device: DeviceSafeState): string {
  return `${device.capability} ${device.role} (${device.label})`;
}
