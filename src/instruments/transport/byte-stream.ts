// A bidirectional byte link to one device: a serial port, a TCP socket, or an in-memory pair
// in tests. Drivers speak their protocol over this and never see the transport underneath.

export interface ByteStream {
  /** What the stream is connected to, for messages: "serial /dev/ttyUSB0", "tcp 10.0.0.5:502". */
  readonly description: string;
  readonly isOpen: boolean;
  write(bytes: Uint8Array): Promise<void>;
  /** Returns a function that removes the listener. */
  onData(listener: (bytes: Uint8Array) => void): () => void;
  /** Called once when the stream ends, by either side; `reason` is set when it ended in an error. */
  onClose(listener: (reason?: Error) => void): () => void;
  close(): Promise<void>;
}

/** Modem control outputs of a serial port, used as switch lines (e.g. a TTL shutter input behind a level shifter). */
export interface ControlLines {
  readonly description: string;
  setControlLines(lines: { rts?: boolean; dtr?: boolean }): Promise<void>;
}
