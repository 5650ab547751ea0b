// What every platform study gets and gives.
import type { RigGeometry } from '../../chemistry/rig-geometry.js';
import type { Random } from '../../domain/random.js';
import type { RigCondition } from '../../domain/rig-space.js';
import type { Rig } from '../../instruments/interfaces.js';
import type { SqliteDatabase } from '../../store/database.js';

export const STUDY_NAMES = ['stability', 'perturbation', 'residence-time', 'flowrate', 'reaction-time', 'grid'] as const;
export type StudyName = (typeof STUDY_NAMES)[number];

/** What a study asks of the rig it opens. */
export interface StudyRigRequest {
  /** A geometry other than the default stands for a swapped reactor tube. */
  geometry?: RigGeometry;
  /**
   * Set when the study opens a fresh rig for each of its points: a virtual lab is then seeded
   * from the study's seed and this index, so every point draws its own noise.
   */
  point?: number;
}

export interface StudyContext {
  openRig(request?: StudyRigRequest): Promise<Rig>;
  random: Random;
  /** The centre condition of the study; the centre of the planner space by default. */
  baseCondition: RigCondition;
  /** Experiments of the study are stored here under the study's id, with their spectra. */
  db?: SqliteDatabase;
  studyId: string;
  now: () => Date;
  onProgress?: (done: number, total: number, label: string) => void;
  /** Abort stops the study at its next step with the rig in the safe state. */
  signal?: AbortSignal;
}

export type StudyRow = Record<string, number | string>;

export interface StudyResult {
  study: StudyName;
  studyId: string;
  /** Column order for CSV. */
  columns: string[];
  rows: StudyRow[];
  summary: Record<string, unknown>;
}
