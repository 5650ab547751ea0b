// Compile a chart spec the way the report does and count what was drawn: data marks by type
// (axes, legends and titles left out), plus the SVG text.
import { compile } from 'vega-lite';
import { parse, View } from 'vega';
import type { ChartSpec } from '../../src/reports/charts/common.js';

interface SceneNode {
  marktype?: string;
  role?: string;
  items?: SceneNode[];
  fill?: string;
}

export interface RenderedChart {
  svg: string;
  /** Items of data marks by mark type ('symbol', 'rect', 'line', ...). */
  marks: Record<string, number>;
  /** Fill colours of rect items. */
  rectFills: string[];
  /** Entries drawn in legends. */
  legendSymbols: number;
  /** What vega-lite warned about while compiling. */
  warnings: string[];
}

export async function renderChart(spec: ChartSpec): Promise<RenderedChart> {
  const warnings: string[] = [];
  const logger = {
    level: () => logger,
    error: (...args: unknown[]) => { throw new Error(args.join(' ')); },
    warn: (...args: unknown[]) => { warnings.push(args.join(' ')); return logger; },
    info: () => logger,
    debug: () => logger,
  };
  // Round-trip through JSON: the browser receives the spec as JSON, so it must survive it.
  const vegaSpec = compile(JSON.parse(JSON.stringify(spec)), { logger: logger as never }).spec;
  const view = new View(parse(vegaSpec), { renderer: 'none' });
  await view.runAsync();
  const marks: Record<string, number> = {};
  const rectFills: string[] = [];
  let legendSymbols = 0;
  const walk = (node: SceneNode) => {
    if (node.marktype && node.role === 'mark') {
      marks[node.marktype] = (marks[node.marktype] ?? 0) + (node.items?.length ?? 0);
      if (node.marktype === 'rect') for (const item of node.items ?? []) rectFills.push(String(item.fill));
    }
    if (node.marktype && node.role === 'legend-symbol') legendSymbols += node.items?.length ?? 0;
    for (const item of node.items ?? []) walk(item);
  };
  walk((view.scenegraph() as unknown as { root: SceneNode }).root);
  const svg = await view.toSVG();
  view.finalize();
  return { svg, marks, rectFills, legendSymbols, warnings };
}
