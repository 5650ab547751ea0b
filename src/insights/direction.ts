/** Which end of the objective is best. */
export type Direction = 'maximize' | 'minimize';
