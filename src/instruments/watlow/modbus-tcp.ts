// Holding-register access over Modbus TCP (function codes 3 and 16 only) with `modbus-serial`.
// Library errors become InstrumentErrors naming the device, the register and the Modbus exception.
//
// The link survives a dropped connection or a controller reboot: a request finding the socket
// closed reconnects first, a few times with growing pauses, and a request whose connection
// dropped under it is sent once more on the new one (FC 3 reads and FC 16 writes of absolute
// values are idempotent). A timeout or a Modbus exception is the controller's answer, not a
// lost link, and is reported as it is.
import type modbusSerial from 'modbus-serial';
import { z } from 'zod';
import { wallSleepMs } from '../clock.js';
import { InstrumentError } from '../interfaces.js';
import { Exclusive } from '../transport/exclusive.js';

export interface HoldingRegisters {
  readonly description: string;
  /** Times the link was connected again after a drop; a driver re-checks the controller's settings when it changes. */
  readonly reconnects?: number;
  /** FC 3: `count` registers from `address` (PDU address, 0-based). */
  read(address: number, count: number): Promise<number[]>;
  /** FC 16. */
  write(address: number, values: readonly number[]): Promise<void>;
  close(): Promise<void>;
}

export interface ModbusTcpOptions {
  host: string;
  port: number;
  unitId: number;
  timeoutMs: number;
  /** Name in errors. */
  device: string;
  /** Pause before each reconnect attempt after a drop; the length is the number of attempts. */
  reconnectDelaysMs?: readonly number[];
}

/** Three attempts, at once, after 0.25 s and after 1 s more. */
export const DEFAULT_RECONNECT_DELAYS_MS: readonly number[] = [0, 250, 1000];

const EXCEPTIONS: Record<number, string> = {
  1: 'illegal function',
  2: 'illegal data address',
  3: 'illegal data value',
  4: 'slave device failure',
  5: 'acknowledge',
  6: 'slave device busy',
  10: 'gateway path unavailable',
  11: 'gateway target failed to respond',
};

type ModbusClientClass = typeof modbusSerial.default;
type Client = InstanceType<ModbusClientClass>;

/** modbus-serial is an optional dependency (only a rig with a Modbus controller needs it): loaded on first use. */
async function modbusClientClass(): Promise<ModbusClientClass> {
  let loaded: unknown;
  try {
    loaded = (await import('modbus-serial')).default;
  } catch (error) {
    throw new Error(`the modbus-serial package is not installed (${(error as Error).message.split('\n')[0]}); a rig with a Modbus TCP controller needs it: npm install modbus-serial`);
  }
  // A CommonJS module whose export is the client class itself; its typings describe it as a default export.
  return loaded as ModbusClientClass;
}

const word = z.number().int().min(0).max(0xffff);

function describeFailure(error: unknown): string {
  const modbusCode = (error as { modbusCode?: number }).modbusCode;
  if (typeof modbusCode === 'number') return `Modbus exception ${modbusCode} (${EXCEPTIONS[modbusCode] ?? 'unknown'})`;
  return (error as Error).message ?? String(error);
}

export async function openModbusTcp(options: ModbusTcpOptions): Promise<HoldingRegisters> {
  const link = new ModbusTcpLink(options);
  try {
    await link.connectFirst();
  } catch (error) {
    throw new InstrumentError(options.device, `cannot connect to ${link.description}: ${describeFailure(error)}`);
  }
  return link;
}

class ModbusTcpLink implements HoldingRegisters {
  readonly description: string;
  private client: Client | undefined;
  private reconnectCount = 0;
  private closed = false;
  private readonly exclusive = new Exclusive();

  constructor(private readonly options: ModbusTcpOptions) {
    this.description = `modbus tcp ${options.host}:${options.port} unit ${options.unitId}`;
  }

  get reconnects(): number {
    return this.reconnectCount;
  }

  async connectFirst(): Promise<void> {
    this.client = await this.connect();
  }

  read(address: number, count: number): Promise<number[]> {
    return this.request(`reading ${count} register(s) at ${address}`, async (client) => {
      const result: unknown = await client.readHoldingRegisters(address, count);
      const parsed = z.object({ data: z.array(word).length(count) }).safeParse(result);
      if (!parsed.success) throw new MalformedReply(parsed.error.issues[0]?.message ?? 'unexpected shape');
      return parsed.data.data;
    });
  }

  write(address: number, values: readonly number[]): Promise<void> {
    return this.request(`writing ${values.length} register(s) at ${address}`, async (client) => {
      await client.writeRegisters(address, [...values]);
    });
  }

  close(): Promise<void> {
    this.closed = true;
    const client = this.client;
    this.client = undefined;
    return client ? new Promise((resolve) => client.close(() => resolve())) : Promise.resolve();
  }

  private request<T>(what: string, operation: (client: Client) => Promise<T>): Promise<T> {
    const fail = (error: unknown): never => {
      if (error instanceof MalformedReply) throw new InstrumentError(this.options.device, `${what}: malformed reply (${error.message})`);
      throw new InstrumentError(this.options.device, `${what}: ${describeFailure(error)}`);
    };
    return this.exclusive.run(async () => {
      const client = await this.connected().catch(fail);
      try {
        return await operation(client);
      } catch (error) {
        if (client.isOpen || this.closed) return fail(error);
      }
      // The connection dropped under this request: once more on a new one.
      const again = await this.connected().catch(fail);
      return operation(again).catch(fail);
    });
  }

  /** The open client; after a drop, a new connection (a bounded number of attempts, with pauses). */
  private async connected(): Promise<Client> {
    if (this.closed) throw new Error(`${this.description} is closed`);
    if (this.client?.isOpen) return this.client;
    this.client?.close(() => undefined);
    this.client = undefined;
    const delays = this.options.reconnectDelaysMs ?? DEFAULT_RECONNECT_DELAYS_MS;
    let last = '';
    for (const delayMs of delays) {
      if (delayMs > 0) await wallSleepMs(delayMs);
      if (this.closed) throw new Error(`${this.description} is closed`);
      try {
        this.client = await this.connect();
        this.reconnectCount++;
        return this.client;
      } catch (error) {
        last = describeFailure(error);
      }
    }
    throw new Error(`the link to ${this.description} was lost and ${delays.length} reconnect attempt(s) failed (last: ${last})`);
  }

  private async connect(): Promise<Client> {
    const { host, port, unitId, timeoutMs } = this.options;
    const client = new (await modbusClientClass())();
    let connectTimer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        client.connectTCP(host, { port }),
        new Promise((_, reject) => {
          connectTimer = setTimeout(() => reject(new Error(`no connection within ${timeoutMs} ms`)), timeoutMs);
        }),
      ]);
    } catch (error) {
      client.close(() => undefined);
      throw error;
    } finally {
      clearTimeout(connectTimer);
    }
    client.setID(unitId);
    client.setTimeout(timeoutMs);
    return client;
  }
}

class MalformedReply extends Error {}
