import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy in front of a server (PostgreSQL, Redis) that a test cuts and restores, like a network outage: `cut`
 * resets every connection and refuses new ones, `start` listens again on the same port.
 */
export function tcpProxy(host: string, targetPort: number) {
  let server: Server | undefined;
  const sockets = new Set<Socket>();
  let port = 0;
  const start = () =>
    new Promise<void>((resolve) => {
      server = createServer((downstream) => {
        const upstream = connect(targetPort, host);
        downstream.on('data', (data) => upstream.write(data));
        upstream.on('data', (data) => downstream.write(data));
        for (const s of [downstream, upstream]) {
          sockets.add(s);
          // Either side gone takes the other with it, as a broken link would.
          s.on('close', () => {
            sockets.delete(s);
            downstream.destroy();
            upstream.destroy();
          });
          s.on('error', () => {});
        }
      });
      server.listen(port, '127.0.0.1', () => {
        const address = server?.address();
        if (typeof address === 'object' && address) port = address.port;
        resolve();
      });
    });
  const cut = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server?.close(() => resolve());
    });
  return { start, cut, port: () => port };
}
