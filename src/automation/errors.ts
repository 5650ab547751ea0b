// Why an experiment did not produce a result, and at which stage.

export type ExperimentStage = 'check' | 'heat' | 'flow' | 'equilibrate' | 'measure' | 'analyse';

export class ExperimentFailedError extends Error {
  constructor(
    readonly stage: ExperimentStage,
    readonly reason: string,
    readonly safeStateFailures: string[] = [],
    options?: { cause?: unknown },
  ) {
    const safe = safeStateFailures.length === 0
      ? 'rig left in safe state (pumps stopped, heater standby)'
      : `SAFE STATE INCOMPLETE: ${safeStateFailures.join('; ')}`;
    super(`experiment failed during ${stage}: ${reason}; ${safe}`, options);
    this.name = 'ExperimentFailedError';
  }
}

export class ExperimentAbortedError extends Error {
  constructor() {
    super('experiment aborted; rig left in safe state');
    this.name = 'ExperimentAbortedError';
  }
}
