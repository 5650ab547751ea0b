// One self-contained HTML page: inline CSS, inline SVG figures, no scripts and no external
// resources, so it opens offline and can be mailed as one file.
import type { Cell, ReportSection, ReportTable } from './report-types.js';

export interface ReportMeta {
  title: string;
  /** Lines under the title (database, seed, campaigns). */
  lines: string[];
}

export interface RenderedSection extends ReportSection {
  /** SVG of each figure, in the order of `figures`. */
  svgs: string[];
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/**
 * Vega numbers its gradients and clip paths per process, not per chart: with several SVGs in
 * one page a reference could land on another figure's definition, and the same report made
 * twice in one process would differ. Each figure's ids are renumbered under its own prefix.
 */
export function scopeSvgIds(svg: string, prefix: string): string {
  const renamed = new Map<string, string>();
  for (const match of svg.matchAll(/\bid="([^"]+)"/g)) {
    if (!renamed.has(match[1])) renamed.set(match[1], `${prefix}-${renamed.size + 1}`);
  }
  const rename = (id: string) => renamed.get(id) ?? id;
  return svg
    .replace(/\bid="([^"]+)"/g, (_, id: string) => `id="${rename(id)}"`)
    .replace(/url\(#([^)]+)\)/g, (_, id: string) => `url(#${rename(id)})`)
    .replace(/href="#([^"]+)"/g, (_, id: string) => `href="#${rename(id)}"`);
}

const STYLE = `
body { font-family: Helvetica, Arial, sans-serif; color: #222; max-width: 1100px; margin: 2em auto; padding: 0 1em; line-height: 1.45; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; }
h2 { font-size: 1.25em; border-bottom: 1px solid #ddd; padding-bottom: 0.2em; margin-top: 2.2em; }
.meta { color: #555; margin: 0.1em 0; font-size: 0.92em; }
nav ol { columns: 2; font-size: 0.92em; }
.campaigns { color: #666; font-size: 0.88em; }
.figures { display: flex; flex-wrap: wrap; gap: 1em 2em; align-items: flex-start; }
figure { margin: 1em 0; overflow-x: auto; max-width: 100%; }
figure svg { max-width: 100%; height: auto; }
figcaption { color: #666; font-size: 0.85em; }
.caption p { margin: 0.4em 0; }
table { border-collapse: collapse; margin: 0.8em 0 1.2em; font-size: 0.9em; }
caption { text-align: left; font-weight: bold; padding-bottom: 0.3em; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: right; }
th { background: #f4f4f4; }
td.text, th.text { text-align: left; }
.notes { color: #7a4b00; font-size: 0.88em; }
`;

export function renderReportHtml(meta: ReportMeta, sections: readonly RenderedSection[]): string {
  const toc = sections.map((s) => `<li><a href="#${escapeHtml(s.id)}">${escapeHtml(s.title)}</a></li>`).join('');
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>${escapeHtml(meta.title)}</title>`,
    `<style>${STYLE}</style></head><body>`,
    `<header><h1>${escapeHtml(meta.title)}</h1>${meta.lines.map((line) => `<p class="meta">${escapeHtml(line)}</p>`).join('')}</header>`,
    sections.length > 0 ? `<nav><ol>${toc}</ol></nav>` : '<p>No figure applies to the given campaigns.</p>',
    ...sections.map(renderSection),
    '</body></html>',
    '',
  ].join('\n');
}

function renderSection(section: RenderedSection): string {
  const figures = section.figures.map((figure, k) => [
    `<figure id="${escapeHtml(figure.id)}" data-figure="${escapeHtml(figure.id)}">`,
    scopeSvgIds(section.svgs[k], figure.id),
    `<figcaption>${escapeHtml(figure.alt)}</figcaption></figure>`,
  ].join('\n'));
  const caption = [
    '<div class="caption">',
    section.paper ? `<p><strong>Paper.</strong> ${escapeHtml(section.paper)}</p>` : '',
    `<p><strong>Our data.</strong> ${escapeHtml(section.ours)}</p>`,
    '</div>',
  ].join('');
  const notes = section.notes.length > 0 ? `<ul class="notes">${section.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>` : '';
  return [
    `<section id="${escapeHtml(section.id)}">`,
    `<h2>${escapeHtml(section.title)}</h2>`,
    `<p class="campaigns">Campaign${section.campaigns.length > 1 ? 's' : ''}: ${section.campaigns.map(escapeHtml).join(', ')}</p>`,
    figures.length > 0 ? `<div class="figures">${figures.join('\n')}</div>` : '',
    caption,
    ...section.tables.map(renderTable),
    notes,
    '</section>',
  ].join('\n');
}

export function renderTable(table: ReportTable): string {
  const cell = (value: Cell, tag: 'td' | 'th') => `<${tag}${isNumeric(value) ? '' : ' class="text"'}>${escapeHtml(String(value))}</${tag}>`;
  return [
    `<table><caption>${escapeHtml(table.caption)}</caption>`,
    `<thead><tr>${table.columns.map((c) => cell(c, 'th')).join('')}</tr></thead>`,
    `<tbody>${table.rows.map((row) => `<tr>${row.map((c) => cell(c, 'td')).join('')}</tr>`).join('')}</tbody>`,
    '</table>',
  ].join('');
}

/** Numbers (and 'n/a') are right-aligned in tables, words left-aligned. */
function isNumeric(value: Cell): boolean {
  return typeof value === 'number' || /^(n\/a|[-+−]?[\d,.]+( %)?|[\d,.]+ → [\d,.]+)$/.test(value);
}
