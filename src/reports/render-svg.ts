// Headless rendering of a Vega-Lite spec to an SVG string (compile to Vega, a View with no
// renderer, toSVG), so the report needs no browser and no script to be viewed.
import { compile } from 'vega-lite';
import { parse, View } from 'vega';
import type { ChartSpec } from './charts/common.js';

/** Font stack written into the SVG; no web font is fetched. */
const REPORT_FONT = 'Helvetica, Arial, sans-serif';

export async function renderSvg(spec: ChartSpec): Promise<string> {
  const vegaSpec = compile(spec, { config: { font: REPORT_FONT, background: 'white' } }).spec;
  const view = new View(parse(vegaSpec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
