// The pieces of the report: sections with figures (Vega-Lite specs), captions and tables.
import type { ChartSpec } from './charts/common.js';

export type Cell = string | number;

export interface ReportTable {
  caption: string;
  columns: string[];
  rows: Cell[][];
}

export interface ReportFigure {
  /** Unique within the report; the HTML figure's id. */
  id: string;
  spec: ChartSpec;
  /** Short text alternative for the SVG. */
  alt: string;
}

export interface ReportSection {
  id: string;
  /** e.g. 'Fig. 6: digital twin quality'. */
  title: string;
  /** Which campaigns the section is about. */
  campaigns: string[];
  /** What the paper found. */
  paper: string;
  /** What our data show, with the numbers. */
  ours: string;
  figures: ReportFigure[];
  tables: ReportTable[];
  /** Warnings and caveats. */
  notes: string[];
}
