// Sizing shared by the live charts: a view fits a given pixel width (axes included); without
// one it fills its HTML container.

export interface LiveChartSize {
  /** Total width including axes and legends; default: the container's width. */
  widthPx?: number;
  heightPx?: number;
}

interface Sizing {
  width: number | 'container';
  autosize?: { type: 'fit-x'; contains: 'padding' };
}

export function fitWidth(size: LiveChartSize): Sizing {
  return size.widthPx === undefined
    ? { width: 'container' }
    : { width: Math.max(120, Math.floor(size.widthPx)), autosize: { type: 'fit-x', contains: 'padding' } };
}

/** Width of one panel of a faceted chart (faceted views cannot fit), given the total and per-panel overhead. */
export function facetPanelWidth(size: LiveChartSize, columns: number, overheadPx: number, fallbackPx: number): number {
  if (size.widthPx === undefined) return fallbackPx;
  return Math.max(80, Math.floor(size.widthPx / columns - overheadPx));
}
