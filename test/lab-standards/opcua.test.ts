// The rig as a LADS OPC UA server, checked with node-opcua's generic client: browse the
// device's functional units, read the heater's process value and a pump's state, call Start
// and Stop on the run program and watch its state change; and the access rules off loopback.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AttributeIds, BrowseDirection, coerceQualifiedName, DataType, makeBrowsePath, VariantArrayType, type VariantOptions, MessageSecurityMode, OPCUACertificateManager, OPCUAClient, resolveNodeId, SecurityPolicy, StatusCodes, UserTokenType,
  type ClientSession, type NodeId,
} from 'node-opcua';
import { createVirtualLab, type VirtualLab } from '../../src/instruments/sim/create-virtual-lab.js';
import { layoutOf } from '../../src/instruments/rig-layout.js';
import { checkOpcUaSettings, DI_NAMESPACE, LADS_NAMESPACE, OpcUaSettingsError, RIG_NAMESPACE, startRigOpcUaServer, type RigOpcUaServer } from '../../src/lab-standards/opcua/rig-opcua-server.js';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function until(what: string, probe: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the rig as a LADS OPC UA server (loopback, anonymous)', () => {
  let lab: VirtualLab;
  let server: RigOpcUaServer;
  let client: OPCUAClient;
  let session: ClientSession;
  let pkiDir: string;
  let ns: { lads: number; di: number; rig: number };

  beforeAll(async () => {
    pkiDir = mkdtempSync(join(tmpdir(), 'sdfl-opcua-'));
    // On the wall clock at 50x an experiment takes seconds: long enough to see it run and stop it.
    lab = createVirtualLab({ seed: 3, clock: 'realtime', speedFactor: 50 });
    server = await startRigOpcUaServer({ rig: lab, port: await freePort(), pkiDir, pollMs: 100 });
    client = OPCUAClient.create({ clientCertificateManager: new OPCUACertificateManager({ rootFolder: join(pkiDir, 'client') }), endpointMustExist: false, securityMode: MessageSecurityMode.None, securityPolicy: SecurityPolicy.None, connectionStrategy: { maxRetry: 2, initialDelay: 200 } });
    await client.connect(server.endpointUrl);
    session = await client.createSession();
    const namespaces = (await session.readNamespaceArray());
    ns = { lads: namespaces.indexOf(LADS_NAMESPACE), di: namespaces.indexOf(DI_NAMESPACE), rig: namespaces.indexOf(RIG_NAMESPACE) };
  }, 120_000);

  afterAll(async () => {
    await session?.close();
    await client?.disconnect();
    await server?.stop();
    await lab?.close();
    rmSync(pkiDir, { recursive: true, force: true });
  }, 60_000);

  const node = async (path: string): Promise<NodeId> => {
    const result = await session.translateBrowsePath(makeBrowsePath('RootFolder', path));
    expect(result.statusCode, path).toBe(StatusCodes.Good);
    return result.targets?.[0].targetId as NodeId;
  };
  const unitPath = (unit: string) => `/Objects/${ns.di}:DeviceSet/${ns.rig}:sdflRig/${ns.lads}:FunctionalUnitSet/${ns.rig}:${unit}`;
  const value = async (path: string) => (await session.read({ nodeId: await node(path), attributeId: AttributeIds.Value })).value.value as unknown;

  it('has a LADS device whose functional units are the reactor, the pumps, the lights and the spectrometers', async () => {
    const device = await node(`/Objects/${ns.di}:DeviceSet/${ns.rig}:sdflRig`);
    const typeRef = await session.browse({ nodeId: device, browseDirection: BrowseDirection.Forward, referenceTypeId: resolveNodeId('HasTypeDefinition'), includeSubtypes: true, nodeClassMask: 0, resultMask: 63 });
    expect(typeRef.references?.[0].browseName.toString()).toBe(`${ns.lads}:LADSDeviceType`);
    const units = await session.browse({ nodeId: await node(`/Objects/${ns.di}:DeviceSet/${ns.rig}:sdflRig/${ns.lads}:FunctionalUnitSet`), resultMask: 63 });
    const names = (units.references ?? []).map((r) => r.browseName.name);
    expect(names).toEqual(expect.arrayContaining(['FlowSynthesis', 'Reactor', 'Pump_cui', 'Pump_pfo', 'Light_pl-excitation', 'Spectrometer_pl', 'Spectrometer_absorbance']));
  });

  it('reads the heater process value and a pump state, runs on Start and stops on Stop with the rig safe', async () => {
    const pv = await value(`${unitPath('Reactor')}/${ns.lads}:FunctionSet/${ns.rig}:Temperature/${ns.lads}:CurrentValue`);
    expect(typeof pv).toBe('number');
    expect(pv as number).toBeGreaterThan(0);
    expect(pv as number).toBeLessThan(60);
    const pumpState = `${unitPath('Pump_cui')}/${ns.lads}:FunctionSet/${ns.rig}:PumpState/${ns.lads}:SensorValue`;
    expect(await value(pumpState)).toBe(0);
    const labels = await session.read({ nodeId: await node(`${pumpState}/EnumStrings`), attributeId: AttributeIds.Value });
    expect((labels.value.value as { text: string }[]).map((l) => l.text)[0]).toBe('stopped');

    const stateNode = await node(`${unitPath('FlowSynthesis')}/${ns.lads}:FunctionalUnitState`);
    const currentState = `${unitPath('FlowSynthesis')}/${ns.lads}:FunctionalUnitState/CurrentState`;
    const runState = async () => ((await value(currentState)) as { text: string }).text;
    expect(await runState()).toBe('Stopped');
    const call = async (method: string, inputArguments: VariantOptions[] = []) => (await session.call({ objectId: stateNode, methodId: await node(`${unitPath('FlowSynthesis')}/${ns.lads}:FunctionalUnitState/${ns.lads}:${method}`), inputArguments })).statusCode;
    // LADS Start(Properties): a KeyValuePair[] built from the server's own type description, as any generic client would.
    const properties = async (pairs: Record<string, number>): Promise<VariantOptions[]> => [{
      dataType: DataType.ExtensionObject, arrayType: VariantArrayType.Array,
      value: await Promise.all(Object.entries(pairs).map(([key, value]) => session.constructExtensionObject(resolveNodeId('KeyValuePair'), { key: coerceQualifiedName(key), value: { dataType: DataType.Double, value } }))),
    }];

    expect(await call('Start', await properties({ noSuchInput: 1 }))).toBe(StatusCodes.BadInvalidArgument);
    expect(await call('Start', await properties({ temperatureC: 500 }))).toBe(StatusCodes.BadOutOfRange);
    expect(await call('Start', await properties({ temperatureC: 141 }))).toBe(StatusCodes.Good);
    expect(await runState()).toBe('Running');
    expect(await call('Start', await properties({}))).toBe(StatusCodes.BadInvalidState);
    // The run heats the reactor to the temperature asked for: the set point read over OPC UA follows.
    await until('the heater set point', async () => (await value(`${unitPath('Reactor')}/${ns.lads}:FunctionSet/${ns.rig}:Temperature/${ns.lads}:TargetValue`)) === 141);
    expect(await call('Stop')).toBe(StatusCodes.Good);
    await until('the program to stop', async () => (await runState()) === 'Stopped');
    await server.idle();
    expect(await lab.heater().readMode()).toBe('off');
    expect((await lab.pump('cui').status()).state).toBe('stopped');
    expect(await call('Clear')).toBe(StatusCodes.BadInvalidState);
  }, 60_000);
});

describe('OPC UA access rules', () => {
  it('loopback may be anonymous; any other address needs a user, a password of 12+ characters and a secure channel', () => {
    expect(checkOpcUaSettings('127.0.0.1', undefined, undefined)).toBe('none');
    expect(() => checkOpcUaSettings('0.0.0.0', undefined, undefined)).toThrow(/refusing to serve OPC UA on 0\.0\.0\.0 without a user and password/);
    expect(() => checkOpcUaSettings('192.168.1.20', { name: 'lims', password: 'long enough pw' }, 'none')).toThrow(/without a secure channel/);
    expect(() => checkOpcUaSettings('192.168.1.20', { name: 'lims', password: 'short' }, undefined)).toThrow(OpcUaSettingsError);
    expect(checkOpcUaSettings('192.168.1.20', { name: 'lims', password: 'long enough pw' }, undefined)).toBe('sign-and-encrypt');
  });

  it('a server on all addresses offers only signed and encrypted endpoints with user and password, never anonymous', async () => {
    const pkiDir = mkdtempSync(join(tmpdir(), 'sdfl-opcua-'));
    const lab = createVirtualLab({ seed: 1 });
    const server = await startRigOpcUaServer({ rig: lab, host: '0.0.0.0', port: await freePort(), pkiDir, user: { name: 'lims', password: 'correct horse battery' } });
    const client = OPCUAClient.create({ clientCertificateManager: new OPCUACertificateManager({ rootFolder: join(pkiDir, 'client') }), endpointMustExist: false, connectionStrategy: { maxRetry: 2, initialDelay: 200 } });
    try {
      await client.connect(server.endpointUrl.replace(/\/\/[^:/]+:/, '//127.0.0.1:'));
      const endpoints = await client.getEndpoints();
      expect(endpoints.length).toBeGreaterThan(0);
      for (const endpoint of endpoints) {
        expect(endpoint.securityMode).toBe(MessageSecurityMode.SignAndEncrypt);
        expect((endpoint.userIdentityTokens ?? []).map((t) => t.tokenType)).not.toContain(UserTokenType.Anonymous);
      }
    } finally {
      await client.disconnect();
      await server.stop();
      await lab.close();
      rmSync(pkiDir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('a rig a fleet worker drives, described over OPC UA', () => {
  it('mirrors the worker (Running while it runs a job), reads the rig it has open, and refuses Start', async () => {
    const pkiDir = mkdtempSync(join(tmpdir(), 'sdfl-opcua-'));
    const lab = createVirtualLab({ seed: 2 });
    let busy = false;
    let open: VirtualLab | undefined;
    const server = await startRigOpcUaServer({
      rig: { kind: 'virtual', layout: layoutOf(lab), current: () => open, running: () => busy },
      port: await freePort(), pkiDir, pollMs: 50,
    });
    const client = OPCUAClient.create({ clientCertificateManager: new OPCUACertificateManager({ rootFolder: join(pkiDir, 'client') }), endpointMustExist: false, connectionStrategy: { maxRetry: 2, initialDelay: 200 } });
    try {
      await client.connect(server.endpointUrl);
      const session = await client.createSession();
      const namespaces = await session.readNamespaceArray();
      const [lads, di, rig] = [LADS_NAMESPACE, DI_NAMESPACE, RIG_NAMESPACE].map((uri) => namespaces.indexOf(uri));
      const unit = `/Objects/${di}:DeviceSet/${rig}:sdflRig/${lads}:FunctionalUnitSet/${rig}:FlowSynthesis/${lads}:FunctionalUnitState`;
      const nodeOf = async (path: string) => (await session.translateBrowsePath(makeBrowsePath('RootFolder', path))).targets?.[0].targetId as NodeId;
      const state = async () => ((await session.read({ nodeId: await nodeOf(`${unit}/CurrentState`), attributeId: AttributeIds.Value })).value.value as { text: string }).text;
      expect(await state()).toBe('Stopped');
      busy = true;
      open = lab;
      await until('Running', async () => (await state()) === 'Running');
      const pv = `/Objects/${di}:DeviceSet/${rig}:sdflRig/${lads}:FunctionalUnitSet/${rig}:Reactor/${lads}:FunctionSet/${rig}:Temperature/${lads}:CurrentValue`;
      await until('the heater value', async () => typeof (await session.read({ nodeId: await nodeOf(pv), attributeId: AttributeIds.Value })).value.value === 'number');
      const start = await session.call({ objectId: await nodeOf(unit), methodId: await nodeOf(`${unit}/${lads}:Start`), inputArguments: [{ dataType: DataType.ExtensionObject, arrayType: VariantArrayType.Array, value: [] }] });
      expect(start.statusCode).toBe(StatusCodes.BadNotExecutable);
      busy = false;
      await until('Stopped', async () => (await state()) === 'Stopped');
      await session.close();
    } finally {
      await client.disconnect();
      await server.stop();
      await lab.close();
      rmSync(pkiDir, { recursive: true, force: true });
    }
  }, 120_000);
});
