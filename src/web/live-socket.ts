/// <reference lib="dom" />
// The campaign's live stream: parsed messages, reconnect with backoff, and a callback on each
// (re)open so the view can fetch what it missed.
import { liveSocketUrl } from './api.js';
import { liveMessageSchema, type LiveMessage } from './api-schemas.js';

export type SocketState = 'connecting' | 'open' | 'closed';

export interface LiveSocketHandlers {
  onMessage(message: LiveMessage): void;
  onState(state: SocketState, detail?: string): void;
  onOpen(): void;
}

export class LiveSocket {
  private socket: WebSocket | null = null;
  private retryMs = 1000;
  private timer: number | undefined;
  private stopped = false;

  constructor(private readonly path: string, private readonly handlers: LiveSocketHandlers) {
    this.connect();
  }

  private connect(): void {
    if (this.stopped) return;
    this.handlers.onState('connecting');
    const socket = new WebSocket(liveSocketUrl(this.path));
    this.socket = socket;
    socket.addEventListener('open', () => {
      this.retryMs = 1000;
      this.handlers.onState('open');
      this.handlers.onOpen();
    });
    socket.addEventListener('message', (message) => {
      let json: unknown;
      try {
        json = JSON.parse(String(message.data));
      } catch {
        return;
      }
      const parsed = liveMessageSchema.safeParse(json);
      if (parsed.success) this.handlers.onMessage(parsed.data);
    });
    socket.addEventListener('close', (close) => {
      if (this.socket !== socket || this.stopped) return;
      this.handlers.onState('closed', close.reason || (close.code === 1008 ? 'token refused' : undefined));
      this.timer = window.setTimeout(() => this.connect(), this.retryMs);
      this.retryMs = Math.min(this.retryMs * 2, 15_000);
    });
  }

  close(): void {
    this.stopped = true;
    window.clearTimeout(this.timer);
    this.socket?.close();
    this.socket = null;
  }
}
