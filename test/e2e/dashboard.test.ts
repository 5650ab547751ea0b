// The dashboard in a real browser against the real server: paste the token, start a campaign
// on the virtual lab in (sped-up) real time, watch spectra and rig state arrive over the live
// stream, pause, resume, and keep screenshots under artifacts/e2e.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliCampaignDeps } from '../../src/cli/campaign-deps.js';
import { buildServer } from '../../src/server/build-server.js';
import { launchChromium, type Browser } from './browser.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ARTIFACTS = join(ROOT, 'artifacts', 'e2e');
const OPERATOR_TOKEN = 'e2e-operator-token-7f3a';
/** Six experiments at 150x: a few seconds each, so pause lands mid-run and resume has work left. */
const SPEC = {
  name: 'e2e exploration',
  kind: 'exploration',
  initialDesign: { sampler: 'lhs', count: 3 },
  policy: 'mv',
  budget: 3,
  surrogate: { kind: 'enn', members: 4 },
  lab: { kind: 'virtual', clock: 'realtime', speedFactor: 150 },
};

/** "4 / 6" or "4 (+1 failed) / 6" -> 4. */
async function measured(page: Page): Promise<number> {
  const text = await page.getByTestId('campaign-progress').innerText();
  const match = /^(\d+)/.exec(text.trim());
  if (!match) throw new Error(`unexpected progress text '${text}'`);
  return Number(match[1]);
}

async function statusIs(page: Page, status: string, timeoutMs: number): Promise<void> {
  await page.locator(`[data-testid=campaign-status] [data-status=${status}]`).waitFor({ timeout: timeoutMs });
}

describe('dashboard in Chromium', () => {
  let browser: Browser | undefined;
  let app: FastifyInstance | undefined;
  let work = '';
  let base = '';

  beforeAll(async () => {
    browser = await launchChromium({ width: 1440, height: 1120 });
    work = mkdtempSync(join(tmpdir(), 'sdfl-e2e-'));
    // Build the current sources into a private folder: nothing stale, and src/web/dist is left alone.
    const webRoot = join(work, 'web');
    await build({ configFile: join(ROOT, 'vite.config.web.ts'), logLevel: 'error', build: { outDir: webRoot, emptyOutDir: true } });
    app = await buildServer({
      databasePath: join(work, 'e2e.sqlite'),
      host: '127.0.0.1',
      tokens: { operator: OPERATOR_TOKEN },
      deps: cliCampaignDeps(),
      logger: false,
      webRoot,
      intervals: { rigMs: 250 },
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    if (!address || typeof address === 'string') throw new Error('server has no TCP address');
    base = `http://127.0.0.1:${address.port}/`;
    mkdirSync(ARTIFACTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('starts a campaign from the page, shows spectra and rig state live, pauses and resumes it', async () => {
    const page = browser!.context.pages()[0] ?? (await browser!.context.newPage());
    const offHost: string[] = [];
    const pageErrors: string[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.protocol !== 'data:' && url.hostname !== '127.0.0.1') offHost.push(request.url());
    });
    page.on('pageerror', (error) => pageErrors.push(error.message));

    await page.goto(base);
    // The server wants a token: the list says so until one is pasted.
    await page.getByText(/needs a token/).waitFor({ timeout: 10_000 });
    await page.getByTestId('token-input').fill(OPERATOR_TOKEN);
    await page.getByTestId('token-input').press('Enter');
    await page.getByText('No campaigns in this database yet').waitFor({ timeout: 10_000 });

    await page.getByTestId('spec-input').fill(JSON.stringify(SPEC, null, 2));
    await page.getByTestId('start-campaign').click();
    await page.waitForURL(/#\/campaigns\/e2e-exploration-/, { timeout: 10_000 });
    await page.getByTestId('live-state').getByText('live').waitFor({ timeout: 10_000 });

    // Spectra of the first measured experiment: the plots get data and draw a line.
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=pl-spectrum]')?.getAttribute('data-points')) > 100, null, { timeout: 30_000 });
    expect(Number(await page.getByTestId('absorbance-spectrum').getAttribute('data-points'))).toBeGreaterThan(100);
    await expect(page.locator('[data-testid=pl-spectrum] svg path').count()).resolves.toBeGreaterThan(0);
    await expect(page.getByTestId('spectra-caption').innerText()).resolves.toMatch(/^Experiment \d+ \(iteration \d+\)/);
    // Rig state arrives over the WebSocket while the campaign runs.
    await expect(page.getByTestId('rig-temperature').innerText()).resolves.toMatch(/^\d+\.\d °C$/);
    await page.waitForFunction(() => document.querySelector('[data-testid=syringe-chart]')?.getAttribute('data-points') === '8', null, { timeout: 5_000 });

    await page.getByTestId('pause').click();
    await page.getByTestId('control-message').getByText(/pause/).waitFor({ timeout: 5_000 });
    await statusIs(page, 'paused', 30_000);
    const atPause = await measured(page);
    expect(atPause).toBeLessThan(6);
    // Resume opens once the server's run has wound down (its 'run' message follows the paused event).
    await page.locator('[data-testid=resume]:not([disabled])').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('pause').isEnabled()).toBe(false);
    // Paused means no further experiments: the count holds while the stream keeps polling.
    await page.waitForTimeout(1500);
    expect(await measured(page)).toBe(atPause);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-paused.png'), fullPage: true });

    await page.getByTestId('resume').click();
    await statusIs(page, 'running', 10_000);
    await page.waitForFunction((before) => Number.parseInt(document.querySelector('[data-testid=campaign-progress]')?.textContent ?? '0', 10) > before, atPause, { timeout: 30_000 });
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=feature-series]')?.getAttribute('data-points')) >= 2, null, { timeout: 10_000 });
    // The rig panel follows the pumps as the next experiment starts them.
    await page.locator('[data-pump] .pump-running').first().waitFor({ timeout: 15_000 });
    // The header catches up with the log: as many measured as 'measured' events.
    await page.waitForFunction(() => Number.parseInt(document.querySelector('[data-testid=campaign-progress]')?.textContent ?? '', 10)
      === document.querySelectorAll('[data-testid=event-log] .event-measured').length, null, { timeout: 5_000 });
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-live.png'), fullPage: true });
    const overview = join(ARTIFACTS, 'dashboard-overview.png');
    await page.screenshot({ path: overview });
    if (process.env.SDFL_UPDATE_DOCS_SCREENSHOT === '1') copyFileSync(overview, join(ROOT, 'docs', 'dashboard.png'));

    await statusIs(page, 'completed', 40_000);
    expect(await measured(page)).toBe(6);
    await page.getByText(/completed: budget of 6 experiments used/).waitFor({ timeout: 5_000 });
    // The other panels follow the same campaign: six best-so-far points, the seven inputs of six proposals, each event once.
    await page.waitForFunction(() => document.querySelector('[data-testid=best-so-far]')?.getAttribute('data-points') === '6', null, { timeout: 5_000 });
    await page.waitForFunction(() => document.querySelector('[data-testid=inputs-chart]')?.getAttribute('data-points') === String(6 * 7), null, { timeout: 5_000 });
    const seqs = await page.locator('[data-testid=event-log] [data-seq]').evaluateAll((items) => items.map((item) => Number(item.getAttribute('data-seq'))));
    expect(seqs.length).toBeGreaterThanOrEqual(6 * 3); // proposed, started and measured for each experiment
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(await page.getByTestId('view-error').isHidden()).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-completed.png'), fullPage: true });

    expect(offHost).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
