// What needs the operator's attention, from the campaign's status and the run's outcome (pure):
// a fault, a pause for stocks or a planner failure, an abort, a run that stopped with an error,
// a device that stopped answering. Shown in the header's alert region (role="alert"), which is
// cleared or rewritten whenever the state changes, so it never tells a past problem as present.

export interface AlertInput {
  status: string;
  statusReason?: string | null;
  /** Why the last run in this server stopped with an error (until it runs again). */
  runError: string | null;
  /** Devices the latest rig reading could not reach. */
  lostLinks?: readonly string[];
}

export interface CampaignAlert {
  /** 'error': the rig or the run needs a person; 'warning': it waits for one. */
  level: 'error' | 'warning';
  title: string;
  text: string;
}

export function campaignAlert(input: AlertInput): CampaignAlert | null {
  const reason = input.statusReason ?? '';
  if (input.runError) {
    return { level: 'error', title: 'Run stopped with an error', text: `${input.runError}. The rig was put in its safe state; Resume runs the campaign again.` };
  }
  if (input.status === 'paused') {
    if (reason.startsWith('fault:')) return { level: 'error', title: 'Fault', text: `${reason.slice('fault:'.length).trim()}. The rig is in its safe state; check it, then Resume.` };
    if (reason.startsWith('stock low')) {
      const what = reason.replace(/^stock low:\s*/, '').replace(/,?\s*then resume with --refilled\s*$/, '');
      return { level: 'warning', title: 'Paused for stocks', text: `${what}. Refill the syringes, then press "Resume, refilled".` };
    }
    if (reason.startsWith('planner failed')) return { level: 'error', title: 'Planner failed', text: `${reason.replace(/^planner failed:\s*/, '')}. The campaign is paused; Resume asks the planner again.` };
  }
  if (input.status === 'aborted' && reason !== 'aborted by operator') return { level: 'warning', title: 'Aborted', text: reason || 'the campaign was aborted' };
  if ((input.status === 'running' || input.status === 'new') && input.lostLinks && input.lostLinks.length > 0) {
    return { level: 'error', title: 'Lost link', text: `no answer from ${input.lostLinks.join(', ')}` };
  }
  return null;
}
