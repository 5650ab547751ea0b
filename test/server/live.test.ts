import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { openRig } from '../../src/instruments/rig-factory.js';
import type { Rig } from '../../src/instruments/interfaces.js';
import type { VirtualLab } from '../../src/instruments/sim/create-virtual-lab.js';
import { liveMessageSchema, type LiveMessage } from '../../src/server/api-schemas.js';
import { createCampaign } from '../../src/campaigns/campaign-service.js';
import { listExperiments } from '../../src/store/experiments.js';
import { readEvents } from '../../src/store/campaigns.js';
import { json, smallCampaignSpec, testDeps, testServer, untilIdle } from './helpers.js';

type RigMessage = Extract<LiveMessage, { type: 'rig' }>;
type EventMessage = Extract<LiveMessage, { type: 'event' }>;

/** Messages of a WebSocket until one matches `last` (included). */
function collect(url: string, last: (message: LiveMessage) => boolean): Promise<LiveMessage[]> {
  const messages: LiveMessage[] = [];
  const socket = new WebSocket(url);
  return new Promise<LiveMessage[]>((resolve, reject) => {
    socket.on('message', (data) => {
      const message = liveMessageSchema.parse(JSON.parse(String(data)));
      messages.push(message);
      if (last(message)) {
        socket.close();
        resolve(messages);
      }
    });
    socket.on('error', reject);
  });
}

describe('live campaign streams', () => {
  it('sends a WebSocket client every event and the rig state of a campaign running on the virtual lab', async () => {
    const server = await testServer({ intervals: { rigMs: 50 } });
    const { app, db } = server;
    try {
      await app.listen({ port: 0, host: '127.0.0.1' });
      const base = `127.0.0.1:${(app.server.address() as AddressInfo).port}`;
      // Real time at 400x: about a second per experiment, so the rig state can be watched as it changes.
      const spec = smallCampaignSpec({ initialDesign: { sampler: 'lhs', count: 2 }, budget: 1, lab: { kind: 'virtual', clock: 'realtime', speedFactor: 400 } });
      const created = await fetch(`http://${base}/api/campaigns`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(spec) });
      expect(created.status).toBe(201);
      const { id } = (await created.json()) as { id: string };

      const messages: LiveMessage[] = [];
      const socket = new WebSocket(`ws://${base}/api/campaigns/${id}/live?after=0`);
      await new Promise<void>((resolve, reject) => {
        socket.on('message', (data) => {
          const message = liveMessageSchema.parse(JSON.parse(String(data)));
          messages.push(message);
          if (message.type === 'run' && !message.active) resolve();
        });
        socket.on('error', reject);
      });
      socket.close();

      const events = messages.filter((m): m is EventMessage => m.type === 'event').map((m) => m.event);
      // The whole log, each event once and in order.
      expect(events.map((e) => e.seq)).toEqual(readEvents(db, id).map((e) => e.seq));
      expect(events.at(-1)?.type).toBe('completed');
      const measuredIds = events.flatMap((e) => (e.type === 'measured' ? [e.payload.experimentId] : []));
      expect(measuredIds).toEqual(listExperiments(db, id).map((e) => e.id));
      expect(measuredIds).toHaveLength(3);

      // Rig states arrive between events: while an experiment runs, the heater follows its setpoint
      // and the CuI pump runs at the rate the proposal asked for.
      const proposals = new Map(events.flatMap((e) => (e.type === 'proposed' ? [[e.payload.proposalId, e.payload.condition] as const] : [])));
      let running: Record<string, number> | undefined;
      let matched = 0;
      for (const message of messages) {
        if (message.type === 'event' && message.event.type === 'started') running = proposals.get(message.event.payload.proposalId);
        if (message.type === 'event' && message.event.type === 'measured') running = undefined;
        if (message.type !== 'rig' || !running) continue;
        const state = (message as RigMessage).state as unknown as ReturnType<VirtualLab['state']>;
        if (state.pumps.cui.state !== 'running') continue;
        expect(state.heater.setpointC).toBeCloseTo(running.temperatureC, 6);
        expect(state.pumps.cui.programmedRateUlPerMin).toBeCloseTo(running.cuiFlowUlPerMin, 6);
        expect(state.pressureKpa).toBeGreaterThan(0);
        matched++;
      }
      expect(matched).toBeGreaterThan(0);
      expect(messages[0]).toEqual({ type: 'run', active: true });
    } finally {
      await app.close();
    }
  });

  it('publishes one last rig reading after the safe state, and keeps it for later clients and GET /rig', async () => {
    const server = await testServer({ intervals: { rigMs: 50 } });
    const { app } = server;
    try {
      await app.listen({ port: 0, host: '127.0.0.1' });
      const base = `127.0.0.1:${(app.server.address() as AddressInfo).port}`;
      const spec = smallCampaignSpec({ initialDesign: { sampler: 'lhs', count: 2 }, budget: 0, lab: { kind: 'virtual', clock: 'realtime', speedFactor: 400 } });
      const created = await fetch(`http://${base}/api/campaigns`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(spec) });
      const { id } = (await created.json()) as { id: string };
      const started = Date.now();

      const messages = await collect(`ws://${base}/api/campaigns/${id}/live`, (m) => m.type === 'run' && !m.active);
      const readings = messages.filter((m): m is RigMessage => m.type === 'rig');
      // While the experiments ran, the heater was hot and driven and the pumps ran ...
      expect(readings.some((r) => (r.state as { heater: { outputPercent: number } }).heater.outputPercent > 0)).toBe(true);
      expect(readings.some((r) => (r.state as { pumps: Record<string, { state: string }> }).pumps.cui.state === 'running')).toBe(true);
      // ... and the last reading, just before the run ended, is the safe state, read from the devices.
      const last = readings.at(-1)!;
      expect(messages.indexOf(last)).toBe(messages.length - 2);
      expect(last.final).toBe(true);
      expect(readings.filter((r) => r.final)).toHaveLength(1);
      const state = last.state as unknown as ReturnType<VirtualLab['state']>;
      expect(state.heater).toMatchObject({ mode: 'off', outputPercent: 0 });
      expect(Object.values(state.pumps).every((pump) => pump.state === 'stopped' && pump.deliveredRateUlPerMin === 0)).toBe(true);
      expect(state.lights).toEqual({ uvLed: false, broadbandLamp: false });
      // The plate is still warm: the reading says what is, not what the safe state aims for.
      expect(state.heater.temperatureC).toBeGreaterThan(60);
      const at = Date.parse(last.at!);
      expect(at).toBeGreaterThanOrEqual(started - 1000);
      expect(at).toBeLessThanOrEqual(Date.now());
      expect(readings.every((r) => typeof r.at === 'string')).toBe(true);

      // A page opened later (or reloaded) gets that reading, with its time, on connecting and from GET /rig.
      const later = await collect(`ws://${base}/api/campaigns/${id}/live`, (m) => m.type === 'rig');
      expect(later).toEqual([{ type: 'run', active: false }, last]);
      const rig = await (await fetch(`http://${base}/api/campaigns/${id}/rig`)).json();
      expect(rig).toEqual({ active: false, state: last.state, at: last.at, final: true });
    } finally {
      await app.close();
    }
  });

  it('keeps the last reading of a run nobody watched; a campaign it never ran has none', async () => {
    const { app, db } = await testServer();
    try {
      const { body } = await json(app, { method: 'POST', url: '/api/campaigns', payload: smallCampaignSpec({ budget: 0 }) });
      await untilIdle(app, body.id);
      const rig = (await json(app, { method: 'GET', url: `/api/campaigns/${body.id}/rig` })).body;
      expect(rig).toMatchObject({ active: false, final: true, state: { heater: { mode: 'off', outputPercent: 0 } } });
      expect(Number.isNaN(Date.parse(rig.at))).toBe(false);
      const { id } = createCampaign(db, smallCampaignSpec(), new Date());
      expect((await json(app, { method: 'GET', url: `/api/campaigns/${id}/rig` })).body).toEqual({ active: false, state: null, at: null, final: false });
    } finally {
      await app.close();
    }
  });

  it('keeps a run\'s error for pages that connect later, until the campaign runs again; summaries carry the timing', async () => {
    const deps = testDeps();
    let opened = 0;
    const { app, db } = await testServer({
      deps: { ...deps, openRig: async (config, geometry) => { if (opened++ === 0) throw new Error('serial port /dev/ttyUSB0 is busy'); return deps.openRig(config, geometry); } },
    });
    try {
      await app.listen({ port: 0, host: '127.0.0.1' });
      const base = `127.0.0.1:${(app.server.address() as AddressInfo).port}`;
      const { body } = await json(app, { method: 'POST', url: '/api/campaigns', payload: smallCampaignSpec({ budget: 1 }) });
      await untilIdle(app, body.id);
      const first = await collect(`ws://${base}/api/campaigns/${body.id}/live`, (m) => m.type === 'run');
      expect(first[0]).toEqual({ type: 'run', active: false, error: 'serial port /dev/ttyUSB0 is busy' });
      expect((await json(app, { method: 'POST', url: `/api/campaigns/${body.id}/resume` })).status).toBe(202);
      const detail = await untilIdle(app, body.id);
      const again = await collect(`ws://${base}/api/campaigns/${body.id}/live`, (m) => m.type === 'run');
      expect(again[0]).toEqual({ type: 'run', active: false });
      // Timing from the log: started, ended, and the mean time of the experiments that ran.
      const { timing } = detail.summary;
      expect(timing.timedExperiments).toBe(readEvents(db, body.id).filter((e) => e.type === 'measured').length);
      expect(timing.meanExperimentS).toBeGreaterThan(0);
      expect(timing.endedAt).toBe(readEvents(db, body.id).at(-1)!.at);
      expect(Date.parse(timing.startedAt)).toBeLessThan(Date.parse(timing.endedAt));
      expect(timing.runningSince).toBeNull();
      const listed = (await json(app, { method: 'GET', url: '/api/campaigns' })).body;
      expect(listed[0].timing).toEqual(timing);
    } finally {
      await app.close();
    }
  });

  it('streams the same messages as server-sent events, with the seq as event id', async () => {
    const { app } = await testServer();
    try {
      const { body } = await json(app, { method: 'POST', url: '/api/campaigns', payload: smallCampaignSpec({ budget: 1 }) });
      await untilIdle(app, body.id);
      const response = await app.inject({ method: 'GET', url: `/api/campaigns/${body.id}/stream`, headers: { 'last-event-id': '3' }, payloadAsStream: true });
      expect(response.statusCode).toBe(200);
      expect(response.headers['cache-control']).toBe('no-cache');
      const stream = response.stream();
      let text = '';
      await new Promise<void>((resolve) => {
        stream.on('data', (chunk: Buffer) => {
          text += chunk.toString();
          if (text.includes('"completed"')) resolve();
        });
      });
      stream.destroy();
      const frames = text.split('\n\n').filter((frame) => frame.includes('data: '));
      const parsed = frames.map((frame) => ({
        id: /^id: (\d+)$/m.exec(frame)?.[1],
        message: liveMessageSchema.parse(JSON.parse(/^data: (.*)$/m.exec(frame)![1])),
      }));
      expect(parsed[0].message).toEqual({ type: 'run', active: false });
      // The run has ended: its last rig reading, taken after the safe state, comes next.
      expect(parsed[1].message).toMatchObject({ type: 'rig', final: true, state: { heater: { mode: 'off' } } });
      const events = parsed.slice(2);
      // Last-Event-ID 3: the log resumes at seq 4.
      expect(events[0].message).toMatchObject({ type: 'event', event: { seq: 4 } });
      for (const { id, message } of events) expect(id).toBe(String((message as EventMessage).event.seq));
      expect(text.startsWith('retry: ')).toBe(true);
    } finally {
      await app.close();
    }
  });

  it('aborts a campaign it runs when the server closes, leaving the rig in the safe state', async () => {
    const rigs: Rig[] = [];
    const deps = testDeps();
    const { app, db } = await testServer({
      intervals: { controlPollMs: 20 },
      deps: { ...deps, openRig: async (config, geometry) => { const rig = await openRig(config, geometry); rigs.push(rig); return rig; } },
    });
    // 100x: the close lands while the first experiment's precursors flow.
    const spec = smallCampaignSpec({ budget: 10, lab: { kind: 'virtual', clock: 'realtime', speedFactor: 100 } });
    const { body } = await json(app, { method: 'POST', url: '/api/campaigns', payload: spec });
    const flowing = () => rigs.length > 0 && (rigs[0] as VirtualLab).state().pumps.cui.state === 'running' && readEvents(db, body.id).some((e) => e.type === 'started');
    for (let i = 0; i < 800 && !flowing(); i++) await new Promise((resolve) => setTimeout(resolve, 25));
    expect(flowing()).toBe(true);
    expect((await json(app, { method: 'GET', url: '/api/health' })).body.campaignsRunning).toBe(1);

    await app.close();

    const events = readEvents(db, body.id);
    expect(events.at(-1)).toMatchObject({ type: 'aborted', payload: { reason: 'aborted by operator' } });
    expect(events.some((e) => e.type === 'measured')).toBe(false);
    const lab = rigs[0] as VirtualLab;
    const state = lab.state();
    expect(state.heater.mode).toBe('off');
    expect(Object.values(state.pumps).every((pump) => pump.state === 'stopped')).toBe(true);
    expect(state.lights).toEqual({ uvLed: false, broadbandLamp: false });
  });
});
