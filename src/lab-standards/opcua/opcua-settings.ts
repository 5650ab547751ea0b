// Who may reach the rig's OPC UA server, checked before anything starts (and before the OPC UA
// stack is loaded): loopback may be anonymous and unsigned; any other address needs a user with
// a password of 12 characters or more and a signed (or signed and encrypted) channel.
import { isLoopbackHost } from '../../server/auth.js';

export const LADS_NAMESPACE = 'http://opcfoundation.org/UA/LADS/';
export const DI_NAMESPACE = 'http://opcfoundation.org/UA/DI/';
export const RIG_NAMESPACE = 'urn:sdfl:rig';
export const DEFAULT_OPCUA_PORT = 4840;
export const MIN_OPCUA_PASSWORD_LENGTH = 12;

export type OpcUaSecurity = 'none' | 'sign' | 'sign-and-encrypt';

export class OpcUaSettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OpcUaSettingsError';
  }
}

/** Refuses settings that would expose the rig: another address without a user, password and a secure channel. */
export function checkOpcUaSettings(host: string, user: { name: string; password: string } | undefined, security: OpcUaSecurity | undefined): OpcUaSecurity {
  if (user !== undefined) {
    if (user.name.trim() === '') throw new OpcUaSettingsError('the OPC UA user name is empty');
    if (user.password.length < MIN_OPCUA_PASSWORD_LENGTH) throw new OpcUaSettingsError(`the OPC UA password must be at least ${MIN_OPCUA_PASSWORD_LENGTH} characters`);
  }
  if (isLoopbackHost(host)) return security ?? 'none';
  if (user === undefined) {
    throw new OpcUaSettingsError(`refusing to serve OPC UA on ${host} without a user and password: name one (--user NAME, or --opcua-user NAME on a fleet worker) with its password in SDFL_OPCUA_PASSWORD, or bind to 127.0.0.1`);
  }
  if (security === 'none') throw new OpcUaSettingsError(`refusing to serve OPC UA on ${host} without a secure channel: use --security sign-and-encrypt (or sign), or bind to 127.0.0.1`);
  return security ?? 'sign-and-encrypt';
}
