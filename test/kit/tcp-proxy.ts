import { connect, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * How a cut looks to the client: `refuse` closes the listening port (ECONNREFUSED on connect),
 * `reset` accepts and drops at once, `blackhole` accepts and never answers (a dead network).
 * These modes also cut the connections already open. `stall` keeps them open but forwards nothing
 * more, either way, and holds new ones like `blackhole` (a server that stopped answering).
 */
export type CutMode = 'refuse' | 'reset' | 'blackhole' | 'stall';

export interface TcpProxy {
  port: number;
  cut(mode?: CutMode): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
}

/** A loopback TCP proxy to `target` that a test can cut and restore, to make a server unreachable without stopping it. */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const open = new Set<Socket>();
  const forwarded = new Set<[Socket, Socket]>();
  let mode: CutMode | null = null;
  const track = (socket: Socket) => {
    open.add(socket);
    socket.on('close', () => open.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const onConnection = (client: Socket) => {
    track(client);
    if (mode === 'reset') return void client.destroy();
    if (mode === 'blackhole' || mode === 'stall') return; // held open, never forwarded
    const upstream = connect(target.port, target.host);
    track(upstream);
    const pair: [Socket, Socket] = [client, upstream];
    forwarded.add(pair);
    client.pipe(upstream).pipe(client);
    client.on('close', () => {
      forwarded.delete(pair);
      upstream.destroy();
    });
    upstream.on('close', () => client.destroy());
  };
  let server: Server = createServer(onConnection);
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
    });
  const closeServer = () => new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));
  const port = await listen(0);
  return {
    port,
    async cut(how = 'refuse') {
      mode = how;
      if (how === 'stall') {
        for (const [client, upstream] of forwarded) {
          client.unpipe(upstream).pause();
          upstream.unpipe(client).pause();
        }
        return;
      }
      for (const socket of open) socket.destroy();
      if (how === 'refuse') await closeServer();
    },
    async restore() {
      mode = null;
      for (const socket of open) socket.destroy(); // blackholed and stalled sockets too
      if (!server.listening) {
        server = createServer(onConnection);
        await listen(port);
      }
    },
    async close() {
      for (const socket of open) socket.destroy();
      await closeServer();
    },
  };
}
