// The ask/tell Bayesian-optimisation planner over any box-bounded space with linear constraints.
import { z } from 'zod';
import { createRandom, randomFromState, type Random } from '../domain/random.js';
import { encodedDimension, hasDiscreteParameters, pointToRecord, snapUnit, toPhysical, violations, type NumericParameter, type ParameterSpace, type PointRecord } from '../domain/space.js';
import type { Prediction, Surrogate, SurrogateTrainer } from '../models/surrogate.js';
import { parseObservation, type Observation, type ObservationInput, type ObservationRecord } from './observations.js';
import { optimizeAcquisition, type OptimizerOptions } from './optimizer.js';
import {
  PLANNER_STATE_FORMAT,
  plannerOptionsSchema,
  plannerStateSchema,
  type PlannerOptions,
  type PlannerOptionsInput,
  type PlannerState,
  type WarmStartState,
} from './plannerState.js';
import { policies, resolvePolicyOptions } from './policies/registry.js';
import type { AnyPolicyDescriptor } from './policies/types.js';
import { FeasibleRegionError, unitRegion, type UnitRegion } from './region.js';
import { sampleDesign } from './samplers/index.js';
import { selectMaximinSubset } from './samplers/spaceFilling.js';
import { sobolPoints } from './samplers/sobol.js';
import { defaultTrainerFactory, type TrainerFactory } from './trainers.js';
import { localSurrogate, localTrainingIndices, toFrame, type LocalFrame } from './local-surrogate.js';
import { resolveSurrogateSpec, resolveTrustRegion } from './search-defaults.js';
import { trustRegionBox, trustRegionState, type TrustRegionSettings } from './trust-region.js';

export type ConditionReason = 'initial-design' | 'policy';

/** A proposed experiment. `point` is in physical units (a categorical parameter by value name), `unit` the same point in [0, 1]^D. */
export interface Condition<P extends PointRecord = PointRecord> {
  id: string;
  point: P;
  unit: number[];
  /** Surrogate prediction in the objective's units (policy points only). */
  predictedMean?: number;
  predictedStd?: number;
  /** Acquisition value (maximised orientation; EI in objective units for 'ei'). */
  acquisition?: number;
  reason: ConditionReason;
}

/**
 * The ask/tell planner. P is how points look: plain numbers for a space of numeric parameters
 * (what createPlanner gives for one), numbers and value names when a parameter is categorical.
 */
export interface Planner<P extends PointRecord = PointRecord> {
  ask(count?: number): Promise<Condition<P>[]>;
  /** Results; `{ id, value }` alone tells the result of a pending proposal. An id that is not pending is an error. */
  tell(observations: ObservationInput | readonly ObservationInput[]): void;
  /** Drops pending proposals that will not be run (their ids are never reused); returns them. */
  abandon(ids: readonly string[]): Condition<P>[];
  best(): Observation<P> | undefined;
  observations(): Observation<P>[];
  pending(): Condition<P>[];
  /** The surrogate fitted on all successful observations; refitted only after the data changed. */
  model(): Promise<Surrogate>;
  toJSON(): PlannerState;
  readonly options: Readonly<Omit<PlannerOptions, 'prior'>>;
}

export interface PlannerEnvironment {
  /** Turns the surrogate spec into a trainer (default: the models layer). */
  trainerFactory?: TrainerFactory;
}

/** Successful observations needed before a policy can use a surrogate. */
const MIN_OBSERVATIONS_FOR_MODEL = 2;
/** Observations a trust region's local model trains on at least (if there are that many): 2 (d + 1). */
const localModelMinObservations = (dimension: number) => 2 * (dimension + 1);
/** Best observations whose neighbourhoods seed the acquisition search. */
const DEFAULT_ANCHORS = 3;

/** Options of a planner over numeric parameters only, whose points are plain numbers. */
export type NumericPlannerOptionsInput = PlannerOptionsInput & { space: { parameters: NumericParameter[] } };

export function createPlanner(options: NumericPlannerOptionsInput, environment?: PlannerEnvironment): Planner<Record<string, number>>;
export function createPlanner(options: PlannerOptionsInput, environment?: PlannerEnvironment): Planner;
export function createPlanner(options: PlannerOptionsInput, environment: PlannerEnvironment = {}): Planner {
  const parsed = parseOrThrow(plannerOptionsSchema, options, 'planner options');
  const { prior, ...rest } = parsed;
  const planner = new AskTellPlanner(rest, createRandom(parsed.seed), environment);
  if (prior && prior.length > 0) planner.tell(prior as ObservationInput[]);
  return planner;
}

/** P: the caller's knowledge of the points (Record<string, number> for a numeric space). */
export function restorePlanner<P extends PointRecord = PointRecord>(json: unknown, environment: PlannerEnvironment = {}): Planner<P> {
  const state = parseOrThrow(plannerStateSchema, json, 'planner state');
  const d = encodedDimension(state.options.space);
  const wrongLength = [...state.design, ...state.observations.map((o) => o.unit), ...state.pending.map((p) => p.unit)].find((u) => u.length !== d);
  if (wrongLength) throw new Error(`planner state: a stored point has ${wrongLength.length} coordinates, the space has ${d}`);
  return new AskTellPlanner(state.options, randomFromState(state.randomState), environment, state) as unknown as Planner<P>;
}

function parseOrThrow<T extends z.ZodType>(schema: T, value: unknown, what: string): z.output<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new Error(`invalid ${what}:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

class AskTellPlanner implements Planner {
  readonly options: Omit<PlannerOptions, 'prior'>;
  private readonly space: ParameterSpace;
  private readonly region: UnitRegion;
  private readonly sign: number;
  private readonly trainer: SurrogateTrainer | undefined;
  private readonly policy: AnyPolicyDescriptor;
  private readonly policyOptions: unknown;
  /** Integer or categorical parameters: proposals are rounded to points that exist. */
  private readonly discrete: boolean;
  private random: Random;
  private design: number[][];
  private designIssued: number;
  private informed: boolean;
  private asked: boolean;
  /** Observations before the first policy point (the design, or the data told before the first ask): the trust region's baseline. */
  private baseline: number;
  private records: ObservationRecord[];
  private pendingConditions: Condition[];
  private abandonedIds: string[];
  private nextId: number;
  private dataVersion: number;
  /** The last global model, by data version. */
  private readonly fitted = new FitCache();
  /** The last local model of the trust region (trustRegion.localModel), by data version and box. */
  private readonly localFitted = new FitCache();
  /** What the model used by the last policy ask started from and ended with (see model()). */
  private warmStart: WarmStartState | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: Omit<PlannerOptions, 'prior'>, random: Random, environment: PlannerEnvironment, state?: PlannerState) {
    this.options = options;
    this.space = options.space;
    this.region = unitRegion(this.space);
    // The options schema has checked the policy, its options and the surrogate it needs.
    this.policy = policies.get(options.policy);
    this.policyOptions = resolvePolicyOptions(options.policy, options.policyOptions);
    this.discrete = hasDiscreteParameters(this.space);
    this.sign = options.objective.direction === 'maximize' ? 1 : -1;
    // Build the trainer now so that a bad surrogate spec fails at creation, not at the first fit.
    const trainerFactory = environment.trainerFactory ?? defaultTrainerFactory;
    this.trainer = options.surrogate ? trainerFactory(resolveSurrogateSpec(options.surrogate, this.policy)) : undefined;
    this.random = random;
    if (state) {
      this.design = state.design;
      this.designIssued = state.designIssued;
      this.informed = state.informed;
      this.asked = state.asked;
      this.baseline = state.baseline ?? options.initialDesign.count;
      this.records = state.observations.map((o) => ({ ...o, point: { ...o.point }, unit: [...o.unit] }));
      this.pendingConditions = state.pending.map((p) => ({ ...p, point: { ...p.point }, unit: [...p.unit] }));
      this.abandonedIds = [...(state.abandoned ?? [])];
      this.nextId = state.nextId;
      this.dataVersion = state.dataVersion;
      this.warmStart = state.warmStart === undefined ? undefined : structuredClone(state.warmStart);
    } else {
      const { sampler, count } = options.initialDesign;
      this.design = sampleDesign(sampler, this.region, count, this.random).map((p) => this.settleOrRedraw(p));
      this.random.state(); // drop a cached spare normal: state at rest is fully described by state()
      this.designIssued = 0;
      this.informed = false;
      this.asked = false;
      this.baseline = options.initialDesign.count;
      this.records = [];
      this.pendingConditions = [];
      this.abandonedIds = [];
      this.nextId = 1;
      this.dataVersion = 0;
    }
  }

  ask(count = 1): Promise<Condition[]> {
    if (!Number.isInteger(count) || count < 0) return Promise.reject(new Error(`ask(count): count must be a non-negative integer, got ${count}`));
    // Asks run one after another so each sees the pending points of the one before.
    const next = this.queue.then(() => this.askNow(count));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async askNow(count: number): Promise<Condition[]> {
    if (!this.asked) {
      this.asked = true;
      this.informed = this.records.length > 0;
      if (this.informed) this.baseline = this.records.length;
    }
    // A failed proposal (e.g. an empty region or a failed fit) must not use up design points or ids.
    const before = { designIssued: this.designIssued, nextId: this.nextId, warmStart: this.warmStart };
    try {
      return await this.proposeConditions(count);
    } catch (error) {
      Object.assign(this, before);
      throw error;
    }
  }

  private async proposeConditions(count: number): Promise<Condition[]> {
    const conditions: Condition[] = [];
    const designLeft = this.informed ? 0 : Math.min(
      this.design.length - this.designIssued,
      this.options.initialDesign.count - this.records.length - this.pendingConditions.length,
    );
    const fromDesign = Math.max(0, Math.min(count, designLeft));
    for (let k = 0; k < fromDesign; k++) conditions.push(this.condition(this.design[this.designIssued++], 'initial-design'));

    const remaining = count - fromDesign;
    if (remaining > 0) conditions.push(...(await this.proposeByPolicy(remaining, conditions)));
    this.random.state(); // see the constructor: serialising between asks must not change what comes next
    this.pendingConditions.push(...conditions.map(copyCondition));
    return conditions.map(copyCondition);
  }

  private async proposeByPolicy(count: number, alreadyChosen: readonly Condition[]): Promise<Condition[]> {
    const settings = this.options.optimizer ?? {};
    const minDistance = settings.minDistance ?? 0.01 * Math.sqrt(this.region.dimension);
    const inFlight = [...this.pendingConditions.map((p) => p.unit), ...alreadyChosen.map((c) => c.unit)];
    const known = [...this.records.map((r) => r.unit), ...inFlight];

    const policy = this.policy;
    if (!policy.usesModel) {
      const proposed = policy.propose({ region: this.region, count: this.discrete ? 4 * count + 8 : count, random: this.random, known, minDistance, options: this.policyOptions });
      return this.distinct(proposed, count, known, minDistance).map((u) => this.condition(u, 'policy'));
    }
    const successful = this.records.filter((r) => !r.failed);
    if (successful.length < MIN_OBSERVATIONS_FOR_MODEL) {
      // Too little data for a surrogate (e.g. every design run failed): keep filling the space.
      const pool = this.settleAll(sobolPoints(this.region, Math.max(256, 32 * count), this.random)).filter((p) => known.every((k) => distance(p, k) >= minDistance));
      return selectMaximinSubset(pool, count, this.random, { existing: known }).map((u) => this.condition(u, 'initial-design'));
    }

    const ranked = [...successful].sort((a, b) => this.sign * ((b.value as number) - (a.value as number)));
    const { trustRegion: givenTrustRegion, ...searchSettings } = settings;
    const trustRegion = resolveTrustRegion(givenTrustRegion, this.options.surrogate?.kind, policy);
    const regionLength = trustRegion ? this.trustRegionLength(trustRegion, minDistance) : undefined;
    const frame = regionLength === undefined ? undefined : { centre: ranked[0].unit, length: regionLength };
    const local = frame !== undefined && trustRegion?.localModel === true;
    const surrogate = local ? await this.localModel(frame) : await this.model();
    if (!local) this.recordWarmStart(surrogate);
    const oriented = (prediction: Prediction) => orient(prediction, this.sign);
    const context = {
      best: Math.max(...successful.map((r) => this.sign * (r.value as number))),
      options: this.policyOptions,
    };
    const ranking = policy.ranking ?? { logScale: false, score: policy.score };
    // A discrete space is scored at the rounded points, the ones that would be run.
    const score = this.discrete ? this.discreteScore((points) => ranking.score(oriented(surrogate.predict(points)), context)) : (points: readonly Float64Array[]) => ranking.score(oriented(surrogate.predict(points)), context);
    const anchors = ranked.slice(0, settings.anchors ?? DEFAULT_ANCHORS).map((r) => r.unit);
    const optimizerOptions: OptimizerOptions = {
      ...searchSettings,
      box: frame ? trustRegionBox(frame.centre, frame.length) : undefined,
      anchors,
      exclude: known,
      penalize: inFlight,
      minDistance,
      logScale: ranking.logScale,
    };
    const chosen = optimizeAcquisition(this.region, score, this.discrete ? 4 * count + 8 : count, this.random, optimizerOptions);
    const units = this.discrete ? this.distinct(chosen.map((c) => c.unit), count, known, minDistance) : chosen.map((c) => c.unit);
    const prediction = surrogate.predict(units);
    const acquisition = policy.score(oriented(prediction), context);
    return units.map((u, i) => ({
      ...this.condition(u, 'policy'),
      predictedMean: prediction.mean[i],
      predictedStd: prediction.std[i],
      acquisition: acquisition[i],
    }));
  }

  /** Side of the trust region's box around the best observation, replayed from the history; none before `activeFrom`. */
  private trustRegionLength(settings: TrustRegionSettings, minDistance: number): number | undefined {
    if (this.records.length < settings.activeFrom) return undefined;
    const values = this.records.map((r) => (r.failed ? null : this.sign * (r.value as number)));
    const state = trustRegionState(values, Math.max(this.baseline, settings.activeFrom), this.region.dimension, settings);
    // Never narrower than 4 exclusion distances per coordinate, so the box holds points away from the ones run.
    return Math.max(state.length, (4 * minDistance) / Math.sqrt(this.region.dimension));
  }

  /**
   * The surrogate fitted in the trust region's own coordinates to the observations around it
   * (local-surrogate.ts). Same fit stream as model(), no warm start: a GP's length scales from
   * the whole space do not carry over to the box.
   */
  private localModel(frame: LocalFrame): Promise<Surrogate> {
    const trainer = this.trainer;
    if (!trainer) return Promise.reject(new Error('no surrogate spec was given, e.g. surrogate: { kind: \'enn\' }'));
    const key = `${this.dataVersion}:${frame.length}:${Array.from(frame.centre).join(',')}`;
    return this.localFitted.get(key, () => {
      const successful = this.records.filter((r) => !r.failed);
      const chosen = localTrainingIndices(frame, successful.map((r) => r.unit), localModelMinObservations(this.region.dimension)).map((i) => successful[i]);
      const fitRandom = createRandom(fitSeed(this.options.seed, this.dataVersion));
      return trainer.fit(chosen.map((r) => toFrame(frame, r.unit)), chosen.map((r) => r.value as number), fitRandom).then((inner) => localSurrogate(inner, frame));
    });
  }

  /** The unit point of what would be run (discrete coordinates rounded), or undefined if that breaks a constraint. */
  private settle(unit: ArrayLike<number>): number[] | undefined {
    if (!this.discrete) return Array.from(unit);
    const snapped = snapUnit(this.space, unit);
    return violations(this.space, toPhysical(this.space, snapped)).length === 0 ? snapped : undefined;
  }

  private settleAll(units: readonly ArrayLike<number>[]): Float64Array[] {
    return units.flatMap((u) => {
      const settled = this.settle(u);
      return settled ? [Float64Array.from(settled)] : [];
    });
  }

  /** A design point that exists: rounded, or (if rounding breaks a constraint) a random feasible one. */
  private settleOrRedraw(unit: ArrayLike<number>): number[] {
    const settled = this.settle(unit);
    if (settled) return settled;
    for (let attempt = 0; attempt < 1000; attempt++) {
      const redrawn = this.settle(sampleDesign('random', this.region, 1, this.random)[0]);
      if (redrawn) return redrawn;
    }
    throw new FeasibleRegionError(`no point with whole-number and categorical values satisfies the constraints (${this.region.constraints.map((c) => c.name).join(', ')})`);
  }

  private discreteScore(scoreSettled: (points: readonly Float64Array[]) => Float64Array): (points: readonly Float64Array[]) => Float64Array {
    return (points) => {
      const settled = points.map((p) => this.settle(p));
      const runnable = settled.flatMap((u) => (u ? [Float64Array.from(u)] : []));
      const scores = runnable.length > 0 ? scoreSettled(runnable) : new Float64Array(0);
      const values = new Float64Array(points.length).fill(Number.NEGATIVE_INFINITY);
      let k = 0;
      settled.forEach((u, i) => {
        if (u) values[i] = scores[k++];
      });
      return values;
    };
  }

  /** The first `count` candidates that, rounded, exist and keep apart from each other and from `known`. */
  private distinct(candidates: readonly ArrayLike<number>[], count: number, known: readonly ArrayLike<number>[], minDistance: number): number[][] {
    const taken: ArrayLike<number>[] = [...known];
    const chosen: number[][] = [];
    const consider = (units: readonly ArrayLike<number>[]) => {
      for (const candidate of units) {
        if (chosen.length === count) return;
        const settled = this.settle(candidate);
        if (!settled || taken.some((t) => distance(settled, t) < minDistance)) continue;
        chosen.push(settled);
        taken.push(settled);
      }
    };
    consider(candidates);
    // Rounding can merge candidates: fill up with random points that are still new.
    for (let round = 0; round < 20 && chosen.length < count; round++) consider(sampleDesign('random', this.region, 32 * count, this.random));
    if (chosen.length < count) throw new FeasibleRegionError(`only ${chosen.length} of ${count} new points could be found: the discrete space is (nearly) used up`);
    return chosen;
  }

  private condition(unit: ArrayLike<number>, reason: Condition['reason']): Condition {
    const physical = toPhysical(this.space, unit);
    const broken = violations(this.space, physical);
    if (broken.length > 0) throw new Error(`internal: proposed an infeasible point (${broken.map((b) => b.constraint).join(', ')})`);
    return { id: this.freshId('c'), point: pointToRecord(this.space, physical), unit: Array.from(unit), reason };
  }

  /** The next counter-based id not already used by an observation, a pending or an abandoned condition. */
  private freshId(prefix: string): string {
    const used = new Set([...this.records.map((r) => r.id), ...this.pendingConditions.map((p) => p.id), ...this.abandonedIds]);
    let id: string;
    do id = `${prefix}${this.nextId++}`; while (used.has(id));
    return id;
  }

  tell(input: ObservationInput | readonly ObservationInput[]): void {
    const list = (Array.isArray(input) ? input : [input]) as readonly unknown[];
    const known = new Set(this.records.map((r) => r.id));
    const pending = new Map(this.pendingConditions.map((p) => [p.id, p]));
    const abandoned = new Set(this.abandonedIds);
    const seen = new Set<string>();
    // Validate everything before changing any state, so a bad batch leaves the planner as it was.
    const parsed = list.map((item, index) => {
      const label = `observation ${index}`;
      const id = idOf(item);
      if (id !== undefined) {
        if (known.has(id)) throw new Error(`${label}: id '${id}' was already told`);
        if (abandoned.has(id)) throw new Error(`${label}: proposal '${id}' was abandoned; tell its result without the id if it was run after all`);
        if (!pending.has(id)) throw new Error(`${label}: no pending proposal '${id}' (pending: ${[...pending.keys()].join(', ') || 'none'}); results of conditions you chose yourself are told without an id`);
        if (seen.has(id)) throw new Error(`${label}: id '${id}' appears twice in this tell`);
        seen.add(id);
      }
      // A result told by the id of a pending proposal needs no point: it is the proposal's.
      const withPoint = id !== undefined && isRecord(item) && item.point === undefined ? { ...item, point: pending.get(id)?.point } : item;
      return parseObservation(this.space, withPoint, label);
    });
    for (const record of parsed) {
      const id = record.id ?? this.freshId('o');
      this.pendingConditions = this.pendingConditions.filter((p) => p.id !== id);
      this.records.push({ ...record, id });
      if (!record.failed) this.dataVersion++;
    }
  }

  abandon(ids: readonly string[]): Condition[] {
    const pending = new Set(this.pendingConditions.map((p) => p.id));
    const unknown = ids.filter((id) => !pending.has(id));
    if (unknown.length > 0) throw new Error(`no pending proposal ${unknown.map((id) => `'${id}'`).join(', ')} (pending: ${[...pending].join(', ') || 'none'})`);
    const dropped = this.pendingConditions.filter((p) => ids.includes(p.id));
    this.pendingConditions = this.pendingConditions.filter((p) => !ids.includes(p.id));
    this.abandonedIds.push(...dropped.map((p) => p.id));
    return dropped.map(copyCondition);
  }

  best(): Observation | undefined {
    let best: ObservationRecord | undefined;
    for (const r of this.records) {
      if (r.failed) continue;
      if (!best || this.sign * (r.value as number) > this.sign * (best.value as number)) best = r;
    }
    return best ? publicObservation(best) : undefined;
  }

  observations(): Observation[] {
    return this.records.map(publicObservation);
  }

  pending(): Condition[] {
    return this.pendingConditions.map(copyCondition);
  }

  model(): Promise<Surrogate> {
    const successful = this.records.filter((r) => !r.failed);
    if (successful.length < MIN_OBSERVATIONS_FOR_MODEL) {
      return Promise.reject(new Error(`the surrogate needs at least ${MIN_OBSERVATIONS_FOR_MODEL} successful observations, have ${successful.length}`));
    }
    const trainer = this.trainer;
    if (!trainer) return Promise.reject(new Error('no surrogate spec was given, e.g. surrogate: { kind: \'enn\' }'));
    // The fit draws from its own stream, derived from the seed and the data version, and
    // starts from the model the last ask used (warmStartFor), so calling model() (or not)
    // never changes what the planner asks next.
    return this.fitted.get(String(this.dataVersion), () => {
      const fitRandom = createRandom(fitSeed(this.options.seed, this.dataVersion));
      const context = { warmStart: this.warmStartFor(this.dataVersion) };
      return trainer.fit(successful.map((r) => r.unit), successful.map((r) => r.value as number), fitRandom, context);
    });
  }

  /**
   * The warm start of a fit at data version `version`: what the last ask's model ended with,
   * or, for that same version again, what it started from. Only asks move this along, and it
   * is part of the saved state, so a restored planner refits exactly the models the original
   * fits, whoever else calls model() in between.
   */
  private warmStartFor(version: number): unknown {
    const chain = this.warmStart;
    if (chain === undefined) return undefined;
    return chain.dataVersion === version ? chain.used : chain.fitted;
  }

  private recordWarmStart(surrogate: Surrogate): void {
    if (this.warmStart?.dataVersion === this.dataVersion) return;
    const fitted = surrogate.warmStart?.();
    if (fitted === undefined) return;
    const used = this.warmStartFor(this.dataVersion) as WarmStartState['used'];
    // A warm start is plain JSON by contract (Surrogate.warmStart); restorePlanner checks it is.
    this.warmStart = { dataVersion: this.dataVersion, ...(used === undefined ? {} : { used: structuredClone(used) }), fitted: structuredClone(fitted) as WarmStartState['fitted'] };
  }

  toJSON(): PlannerState {
    return {
      format: PLANNER_STATE_FORMAT,
      version: 1,
      options: structuredClone(this.options),
      randomState: this.random.state(),
      design: this.design.map((p) => [...p]),
      designIssued: this.designIssued,
      informed: this.informed,
      asked: this.asked,
      baseline: this.baseline,
      observations: this.records.map((r) => ({ id: r.id, point: { ...r.point }, unit: [...r.unit], value: r.value, failed: r.failed })),
      pending: this.pendingConditions.map(copyCondition),
      ...(this.abandonedIds.length > 0 ? { abandoned: [...this.abandonedIds] } : {}),
      nextId: this.nextId,
      dataVersion: this.dataVersion,
      ...(this.warmStart === undefined ? {} : { warmStart: structuredClone(this.warmStart) }),
    };
  }
}

/** The last fit under its key; a failed fit is forgotten, so the next call fits again. */
class FitCache {
  private entry: { key: string; surrogate: Promise<Surrogate> } | undefined;

  get(key: string, fit: () => Promise<Surrogate>): Promise<Surrogate> {
    if (this.entry?.key === key) return this.entry.surrogate;
    const entry = { key, surrogate: fit() };
    this.entry = entry;
    entry.surrogate.catch(() => {
      if (this.entry === entry) this.entry = undefined;
    });
    return entry.surrogate;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function idOf(value: unknown): string | undefined {
  return isRecord(value) && typeof value.id === 'string' && value.id !== '' ? value.id : undefined;
}

function orient(prediction: Prediction, sign: number): Prediction {
  if (sign === 1) return prediction;
  return {
    mean: prediction.mean.map((v) => -v),
    std: prediction.std,
    members: prediction.members?.map((m) => m.map((v) => -v)),
  };
}

function fitSeed(seed: number, dataVersion: number): number {
  return (seed ^ Math.imul(dataVersion + 1, 0x9e3779b1)) | 0;
}

function distance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] - b[i]) ** 2;
  return Math.sqrt(sum);
}

function copyCondition(c: Condition): Condition {
  return { ...c, point: { ...c.point }, unit: [...c.unit] };
}

function publicObservation(r: ObservationRecord): Observation {
  return { id: r.id, point: { ...r.point }, value: r.value, failed: r.failed };
}
