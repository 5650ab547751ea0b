// Holding-register access over Modbus TCP (function codes 3 and 16 only) with `modbus-serial`.
// Library errors become InstrumentErrors naming the device, the register and the Modbus exception.
import modbusSerial from 'modbus-serial';
import { z } from 'zod';
import { InstrumentError } from '../interfaces.js';
import { Exclusive } from '../transport/exclusive.js';

export interface HoldingRegisters {
  readonly description: string;
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
}

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

// A CommonJS module whose export is the client class itself; its typings describe it as a default export.
const ModbusClient = modbusSerial as unknown as typeof modbusSerial.default;

const word = z.number().int().min(0).max(0xffff);

function describeFailure(error: unknown): string {
  const modbusCode = (error as { modbusCode?: number }).modbusCode;
  if (typeof modbusCode === 'number') return `Modbus exception ${modbusCode} (${EXCEPTIONS[modbusCode] ?? 'unknown'})`;
  return (error as Error).message ?? String(error);
}

export async function openModbusTcp(options: ModbusTcpOptions): Promise<HoldingRegisters> {
  const { host, port, unitId, timeoutMs, device } = options;
  const description = `modbus tcp ${host}:${port} unit ${unitId}`;
  const client = new ModbusClient();
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
    throw new InstrumentError(device, `cannot connect to ${description}: ${describeFailure(error)}`);
  } finally {
    clearTimeout(connectTimer);
  }
  client.setID(unitId);
  client.setTimeout(timeoutMs);
  const exclusive = new Exclusive();

  return {
    description,
    read: (address, count) =>
      exclusive.run(async () => {
        let result: unknown;
        try {
          result = await client.readHoldingRegisters(address, count);
        } catch (error) {
          throw new InstrumentError(device, `reading ${count} register(s) at ${address}: ${describeFailure(error)}`);
        }
        const parsed = z.object({ data: z.array(word).length(count) }).safeParse(result);
        if (!parsed.success) throw new InstrumentError(device, `reading ${count} register(s) at ${address}: malformed reply (${parsed.error.issues[0]?.message})`);
        return parsed.data.data;
      }),
    write: (address, values) =>
      exclusive.run(async () => {
        try {
          await client.writeRegisters(address, [...values]);
        } catch (error) {
          throw new InstrumentError(device, `writing ${values.length} register(s) at ${address}: ${describeFailure(error)}`);
        }
      }),
    close: () => new Promise((resolve) => client.close(() => resolve())),
  };
}
