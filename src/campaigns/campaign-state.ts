// A campaign's state is a fold over its event log (pure).
import type { CampaignEvent, EventPayload } from './events.js';

export type ProposalStatus = 'queued' | 'running' | 'measured' | 'failed';

export interface ProposalState {
  proposalId: string;
  unit: number[];
  condition: Record<string, number>;
  reason: string;
  predictedMean?: number;
  predictedStd?: number;
  status: ProposalStatus;
  /** Times it was started; more than one after an interruption. */
  attempts: number;
  experimentId?: number;
  value?: number;
  error?: string;
}

export type CampaignStatus = 'new' | 'running' | 'paused' | 'aborted' | 'completed';

export interface CampaignState {
  status: CampaignStatus;
  statusReason?: string;
  proposals: ProposalState[];
  reference?: EventPayload<'reference-measured'>['spectrum'];
  plannerState?: unknown;
  syringeLevelsUl?: Record<string, number>;
  lastModel?: EventPayload<'model-fitted'>;
  studyResult?: EventPayload<'study-result'>;
  lastSeq: number;
}

export function foldCampaign(events: readonly CampaignEvent[]): CampaignState {
  const state: CampaignState = { status: 'new', proposals: [], lastSeq: 0 };
  const byId = new Map<string, ProposalState>();
  for (const event of events) {
    state.lastSeq = event.seq;
    switch (event.type) {
      case 'created':
        break;
      case 'reference-measured':
        state.status = 'running';
        state.reference = event.payload.spectrum;
        state.syringeLevelsUl = event.payload.syringeLevelsUl;
        break;
      case 'proposed': {
        const { plannerState, ...rest } = event.payload;
        const proposal: ProposalState = { ...rest, status: 'queued', attempts: 0 };
        byId.set(proposal.proposalId, proposal);
        state.proposals.push(proposal);
        state.plannerState = plannerState;
        break;
      }
      case 'started': {
        const proposal = requireProposal(byId, event.payload.proposalId, event.seq);
        proposal.status = 'running';
        proposal.attempts += 1;
        state.status = 'running';
        break;
      }
      case 'measured': {
        const proposal = requireProposal(byId, event.payload.proposalId, event.seq);
        proposal.status = 'measured';
        proposal.experimentId = event.payload.experimentId;
        proposal.value = event.payload.value;
        state.syringeLevelsUl = event.payload.syringeLevelsUl;
        break;
      }
      case 'failed': {
        const proposal = requireProposal(byId, event.payload.proposalId, event.seq);
        proposal.status = 'failed';
        proposal.error = event.payload.error;
        proposal.experimentId = event.payload.experimentId;
        state.syringeLevelsUl = event.payload.syringeLevelsUl;
        break;
      }
      case 'interrupted':
        requireProposal(byId, event.payload.proposalId, event.seq).status = 'queued';
        break;
      case 'model-fitted':
        state.lastModel = event.payload;
        break;
      case 'paused':
        state.status = 'paused';
        state.statusReason = event.payload.reason;
        break;
      case 'resumed':
        state.status = 'running';
        state.statusReason = undefined;
        break;
      case 'aborted':
        state.status = 'aborted';
        state.statusReason = event.payload.reason;
        break;
      case 'completed':
        state.status = 'completed';
        state.statusReason = event.payload.reason;
        break;
      case 'study-started':
        state.status = 'running';
        break;
      case 'study-result':
        state.studyResult = event.payload;
        break;
      case 'refilled':
        state.syringeLevelsUl = event.payload.syringeLevelsUl;
        break;
    }
  }
  return state;
}

function requireProposal(byId: Map<string, ProposalState>, id: string, seq: number): ProposalState {
  const proposal = byId.get(id);
  if (!proposal) throw new Error(`campaign log: event ${seq} names unknown proposal '${id}'`);
  return proposal;
}

/** Proposals that finished (measured or failed), in log order. */
export function finishedProposals(state: CampaignState): ProposalState[] {
  return state.proposals.filter((p) => p.status === 'measured' || p.status === 'failed');
}

/** A proposal left running by a process that died. */
export function interruptedProposals(state: CampaignState): ProposalState[] {
  return state.proposals.filter((p) => p.status === 'running');
}
