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

/** Pauses before its first experiment: the stocks cannot cover it and the 49.99 mL reserve. */
const LOW_STOCK_SPEC = {
  name: 'e2e low stock',
  kind: 'exploration',
  initialDesign: { sampler: 'lhs', count: 2 },
  budget: 0,
  lowStockUl: 49_990,
  surrogate: { kind: 'enn', members: 4 },
  lab: { kind: 'virtual', clock: 'realtime', speedFactor: 150 },
};
const DATE_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
const PHONE = { width: 390, height: 844 };

/** "4 / 6" or "4 (+1 failed) / 6" -> 4. */
async function measured(page: Page): Promise<number> {
  const text = await page.getByTestId('campaign-progress').innerText();
  const match = /^(\d+)/.exec(text.trim());
  if (!match) throw new Error(`unexpected progress text '${text}'`);
  return Number(match[1]);
}

/** The rig panel shows the reading taken after the run made the rig safe, with its time and age. */
async function expectSafeStateReading(page: Page): Promise<void> {
  await page.getByTestId('rig-note').getByText(/^Last reading, taken when the run ended and the rig was made safe \(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}, \d+ s ago\)/).waitFor({ timeout: 10_000 });
  expect(await page.getByTestId('rig-panel').getAttribute('class')).toMatch(/\bstale\b/);
  expect(await page.getByTestId('rig-heater').innerText()).toBe('off, 0 %');
  expect(await page.locator('[data-pump] .pump-state').allInnerTexts()).toEqual(new Array(8).fill('stopped'));
  expect(await page.locator('.light.on').count()).toBe(0);
}

/** The page is no wider than the window (no sideways scrolling). */
async function expectNoSidewaysScroll(page: Page, what: string): Promise<void> {
  // Let the charts settle at the new width.
  await page.waitForTimeout(600);
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
  expect(scrollWidth, `${what}: page width at ${innerWidth} px`).toBeLessThanOrEqual(innerWidth);
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
    await page.evaluate(() => {
      const seen = window as unknown as { sawPumpRunning?: boolean };
      seen.sawPumpRunning = false;
      new MutationObserver(() => {
        if (document.querySelector('[data-pump] .pump-running')) seen.sawPumpRunning = true;
      }).observe(document.body, { subtree: true, childList: true });
    });
    await page.getByTestId('live-state').getByText('live').waitFor({ timeout: 10_000 });

    // Spectra of the first measured experiment: the plots get data and draw a line.
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=pl-spectrum]')?.getAttribute('data-points')) > 100, null, { timeout: 30_000 });
    expect(Number(await page.getByTestId('absorbance-spectrum').getAttribute('data-points'))).toBeGreaterThan(100);
    await expect(page.locator('[data-testid=pl-spectrum] svg path').count()).resolves.toBeGreaterThan(0);
    await expect(page.getByTestId('spectra-caption').innerText()).resolves.toMatch(/^Experiment \d+ \(iteration \d+\)/);
    // Rig state arrives over the WebSocket while the campaign runs.
    await expect(page.getByTestId('rig-temperature').innerText()).resolves.toMatch(/^\d+\.\d °C$/);
    await page.waitForFunction(() => document.querySelector('[data-testid=syringe-chart]')?.getAttribute('data-points') === '8', null, { timeout: 5_000 });

    // The rig panel follows the pumps as an experiment starts them (at 150x they run for well under a second).
    await page.waitForFunction(() => (window as unknown as { sawPumpRunning?: boolean }).sawPumpRunning === true, null, { timeout: 15_000 });

    await page.getByTestId('pause').click();
    await page.getByTestId('control-message').getByText(/pause/).waitFor({ timeout: 5_000 });
    await statusIs(page, 'paused', 30_000);
    const atPause = await measured(page);
    expect(atPause).toBeLessThan(6);
    // Overnight watching: when it started, for how long, and what is left once resumed.
    expect(await page.getByTestId('campaign-started').innerText()).toMatch(DATE_TIME);
    expect(await page.getByTestId('campaign-eta').innerText()).toMatch(/^paused: .* left once resumed|^unknown until the first experiment finishes/);
    // Resume opens once the server's run has wound down (its 'run' message follows the paused event).
    await page.locator('[data-testid=resume]:not([disabled])').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('pause').isEnabled()).toBe(false);
    // Paused means no further experiments: the count holds while the stream keeps polling.
    await page.waitForTimeout(1500);
    expect(await measured(page)).toBe(atPause);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-paused.png'), fullPage: true });

    await page.getByTestId('resume').click();
    await statusIs(page, 'running', 10_000);
    // The pause reply is taken down once the campaign runs again.
    await page.waitForFunction(() => !/pause requested/.test(document.querySelector('[data-testid=control-message]')?.textContent ?? ''), null, { timeout: 5_000 });
    await page.waitForFunction((before) => Number.parseInt(document.querySelector('[data-testid=campaign-progress]')?.textContent ?? '0', 10) > before, atPause, { timeout: 30_000 });
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=feature-series]')?.getAttribute('data-points')) >= 2, null, { timeout: 10_000 });
    // The header catches up with the log: as many measured as 'measured' events.
    await page.waitForFunction(() => Number.parseInt(document.querySelector('[data-testid=campaign-progress]')?.textContent ?? '', 10)
      === document.querySelectorAll('[data-testid=event-log] .event-measured').length, null, { timeout: 5_000 });
    // While it runs: an ETA from the experiments that finished, readings a second or two old.
    expect(await page.getByTestId('campaign-eta').innerText()).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} \(in .*left at .* each\)$|^all experiments done/);
    expect(await page.getByTestId('rig-note').innerText()).toMatch(/^read \d+ s ago \(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\)$/);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-live.png'), fullPage: true });
    const overview = join(ARTIFACTS, 'dashboard-overview.png');
    await page.screenshot({ path: overview });
    if (process.env.SDFL_UPDATE_DOCS_SCREENSHOT === '1') copyFileSync(overview, join(ROOT, 'docs', 'dashboard.png'));

    await statusIs(page, 'completed', 40_000);
    expect(await measured(page)).toBe(6);
    await page.getByTestId('event-log').getByText(/completed: budget of 6 experiments used/).waitFor({ timeout: 5_000 });
    // The other panels follow the same campaign: six best-so-far points, the seven inputs of six proposals, each event once.
    await page.waitForFunction(() => document.querySelector('[data-testid=best-so-far]')?.getAttribute('data-points') === '6', null, { timeout: 5_000 });
    await page.waitForFunction(() => document.querySelector('[data-testid=inputs-chart]')?.getAttribute('data-points') === String(6 * 7), null, { timeout: 5_000 });
    const seqs = await page.locator('[data-testid=event-log] [data-seq]').evaluateAll((items) => items.map((item) => Number(item.getAttribute('data-seq'))));
    expect(seqs.length).toBeGreaterThanOrEqual(6 * 3); // proposed, started and measured for each experiment
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(await page.getByTestId('view-error').isHidden()).toBe(true);
    // Dates in the log (an overnight log spans midnight), the elapsed time and the end.
    const times = await page.locator('[data-testid=event-log] time').allInnerTexts();
    expect(times.length).toBe(seqs.length);
    for (const time of times) expect(time).toMatch(DATE_TIME);
    expect(await page.getByTestId('campaign-elapsed').innerText()).toMatch(/^took \d+/);
    expect(await page.getByTestId('campaign-eta').innerText()).toMatch(/^completed \d{4}-/);
    // Nothing needs attention: the alert region is there for screen readers, and empty.
    expect(await page.getByTestId('campaign-alert').getAttribute('role')).toBe('alert');
    expect(await page.getByTestId('campaign-alert').isHidden()).toBe(true);

    // The rig as the run left it: the reading taken after the safe state, with its time and age.
    await expectSafeStateReading(page);
    // Every chart has a title and a summary with its numbers for screen readers.
    const charts = await page.locator('figure.chart').evaluateAll((figures) => figures.map((f) => ({ title: f.getAttribute('aria-label') ?? '', summary: f.querySelector('figcaption')?.textContent ?? '' })));
    expect(charts.map((c) => c.title)).toEqual([
      'Absorbance spectrum of the newest experiment', 'PL spectrum of the newest experiment', 'Abs300, PL intensity and PL area per iteration',
      'Best condition so far', 'Reactor temperature and setpoint', 'Syringe levels against capacity', 'Inputs chosen over the iterations',
    ]);
    for (const chart of charts) expect(chart.summary).toMatch(new RegExp(`^${chart.title}: .*\\d`));
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-completed.png'), fullPage: true });

    // A reload keeps it: the server hands the last reading to the new page.
    await page.reload();
    await page.getByTestId('live-state').getByText('live').waitFor({ timeout: 10_000 });
    await expectSafeStateReading(page);
    const completedView = page.url();

    // A campaign that pauses for stocks: an alert says so (role="alert"), Resume records a refill, and an abort takes the alert down.
    await page.goto(base);
    await page.getByTestId('spec-input').fill(JSON.stringify(LOW_STOCK_SPEC, null, 2));
    await page.getByTestId('start-campaign').click();
    await page.waitForURL(/#\/campaigns\/e2e-low-stock-/, { timeout: 10_000 });
    await statusIs(page, 'paused', 30_000);
    const alert = page.getByTestId('campaign-alert');
    await alert.getByText(/^Paused for stocks: refill .* Refill the syringes, then press "Resume, refilled"\.$/).waitFor({ timeout: 5_000 });
    expect(await alert.getAttribute('class')).toContain('alert-warning');
    await page.locator('[data-testid=resume]:not([disabled])').getByText('Resume, refilled').waitFor({ timeout: 10_000 });
    const lowStockView = page.url();
    await page.setViewportSize(PHONE);
    await expectNoSidewaysScroll(page, 'paused for stocks');
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-phone-alert.png'), fullPage: true });
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByTestId('abort').click();
    await statusIs(page, 'aborted', 10_000);
    await page.waitForFunction(() => document.querySelector('[data-testid=campaign-alert]')?.hasAttribute('hidden'), null, { timeout: 5_000 });
    expect(lowStockView).toMatch(/e2e-low-stock-/);

    // A phone, 390 px wide: no sideways scrolling on the list or on a campaign with all its charts.
    await page.goto(base);
    await page.locator('[data-testid=campaign-list] tr[data-campaign-id]').first().waitFor({ timeout: 10_000 });
    await expectNoSidewaysScroll(page, 'campaign list');
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-phone-list.png'), fullPage: true });
    await page.goto(completedView);
    await page.waitForFunction(() => document.querySelector('[data-testid=inputs-chart]')?.getAttribute('data-points') === String(6 * 7), null, { timeout: 10_000 });
    await page.waitForFunction(() => document.querySelector('[data-testid=syringe-chart] svg') !== null, null, { timeout: 10_000 });
    await expectNoSidewaysScroll(page, 'completed campaign');
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-phone-campaign.png'), fullPage: true });

    expect(offHost).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 150_000);
});
