import { describe, expect, it } from 'vitest';
import { renderReportHtml, scopeSvgIds } from '../../src/reports/html.js';
import { externalReferences } from './fixtures.js';

const svgWithGradient = (id: string) => `<svg><defs><linearGradient id="${id}"></linearGradient></defs><rect fill="url(#${id})"/><use href="#${id}"/></svg>`;

describe('HTML report page', () => {
  it('gives every figure its own gradient and clip ids, whatever vega numbered them', () => {
    const a = scopeSvgIds(svgWithGradient('gradient_0'), 'fig-a');
    const b = scopeSvgIds(svgWithGradient('gradient_0'), 'fig-b');
    expect(a).toContain('id="fig-a-1"');
    expect(a).toContain('url(#fig-a-1)');
    expect(a).toContain('href="#fig-a-1"');
    expect(b).toContain('url(#fig-b-1)');
    // The same chart numbered differently by another run gives the same text.
    expect(scopeSvgIds(svgWithGradient('gradient_7'), 'fig-a')).toBe(a);
  });

  it('the self-containment check catches scripts, remote images, remote styles', () => {
    expect(externalReferences('<img src="https://x/a.png">')).toHaveLength(1);
    expect(externalReferences('<a href=//x>')).toHaveLength(1);
    expect(externalReferences('<script>1</script>')).toHaveLength(1);
    expect(externalReferences('<rect style="fill: url(https://x)"/>')).toHaveLength(1);
    expect(externalReferences('<a href="#fig6">')).toEqual([]);
  });

  it('escapes text, so a campaign name cannot inject markup', () => {
    const html = renderReportHtml({ title: 'report <b>', lines: ['<script src="https://x">'] }, [{
      id: 'sec', title: 'Fig. 6 & more', campaigns: ['a"b'], paper: 'p', ours: 'o <img src=//evil>', notes: ['n'],
      figures: [{ id: 'f1', alt: 'alt', spec: { mark: 'point', data: { values: [] } } }], svgs: [svgWithGradient('g')],
      tables: [{ caption: 'numbers', columns: ['input', 'value'], rows: [['<i>', 1.5], ['CuI', 'n/a']] }],
    }]);
    expect(externalReferences(html)).toEqual([]);
    expect(html).toContain('&lt;script src=&quot;https://x&quot;&gt;');
    expect(html).toContain('<td class="text">&lt;i&gt;</td><td>1.5</td>');
    expect(html).toContain('<td>n/a</td>');
    expect(html).toContain('<figure id="f1" data-figure="f1">');
  });
});
