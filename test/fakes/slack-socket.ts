/**
 * A fake Slack Socket Mode endpoint on 127.0.0.1: the WebSocket `apps.connections.open` points at. It greets a
 * client with `hello`, delivers envelopes (`{ envelope_id, type, payload, accepts_response_payload }`) and
 * records the client's acknowledgements (`{ envelope_id, payload }`) with their arrival time.
 */
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';

export interface SocketAck {
  envelope_id: string;
  payload?: Record<string, unknown>;
  at: number;
}

export interface FakeSocketMode {
  url: string;
  acks: SocketAck[];
  /** Resolves when a client has connected and been greeted. */
  connected(): Promise<void>;
  /** Sends an envelope to the connected client; returns when it was sent. */
  deliver(type: 'slash_commands' | 'events_api' | 'interactive', payload: Record<string, unknown>, envelopeId: string): number;
  waitForAck(envelopeId: string, timeoutMs?: number): Promise<SocketAck>;
  close(): Promise<void>;
}

export async function startFakeSocketMode(): Promise<FakeSocketMode> {
  const server = new WebSocket.Server({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const acks: SocketAck[] = [];
  let client: WebSocket | undefined;
  let greeted!: () => void;
  const connected = new Promise<void>((resolve) => (greeted = resolve));
  server.on('connection', (socket) => {
    client = socket;
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as { envelope_id?: string; payload?: Record<string, unknown> };
      if (message.envelope_id) acks.push({ envelope_id: message.envelope_id, ...(message.payload ? { payload: message.payload } : {}), at: performance.now() });
    });
    socket.send(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'fake-socket-mode' }, connection_info: { app_id: 'A0GREEN' } }));
    greeted();
  });
  return {
    url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/link/?ticket=fake`,
    acks,
    connected: () => connected,
    deliver: (type, payload, envelopeId) => {
      if (!client) throw new Error('no Socket Mode client is connected');
      client.send(JSON.stringify({ envelope_id: envelopeId, type, payload, accepts_response_payload: type !== 'events_api' }));
      return performance.now();
    },
    waitForAck: async (envelopeId, timeoutMs = 5_000) => {
      const deadline = performance.now() + timeoutMs;
      for (;;) {
        const ack = acks.find((a) => a.envelope_id === envelopeId);
        if (ack) return ack;
        if (performance.now() > deadline) throw new Error(`no ack for envelope ${envelopeId}`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of server.clients) socket.terminate();
        server.close(() => resolve());
      }),
  };
}
