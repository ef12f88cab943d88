import { connect } from 'node:net';

export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: any;
  text: string;
}

/**
 * Sends `request` byte for byte over a fresh TCP connection and reads the answer until the server
 * closes it (or `waitMs` passes): for what a well-behaved client such as fetch would never send.
 * `halfClose` ends the client's side after sending, as a client that gives up mid-body does.
 */
export function rawHttp(
  port: number,
  request: string,
  options: { halfClose?: boolean; waitMs?: number } = {},
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(request);
      if (options.halfClose) socket.end();
    });
    const chunks: Buffer[] = [];
    const finish = () => {
      clearTimeout(timer);
      const text = Buffer.concat(chunks).toString('utf8');
      const split = text.indexOf('\r\n\r\n');
      const [statusLine = '', ...headerLines] = (split < 0 ? text : text.slice(0, split)).split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of headerLines) {
        const colon = line.indexOf(':');
        if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      const rawBody = split < 0 ? '' : text.slice(split + 4);
      let body: unknown = rawBody;
      try {
        body = JSON.parse(rawBody);
      } catch {
        // left as text: the caller's assertions say what was expected
      }
      resolve({ status: Number(statusLine.split(' ')[1] ?? 0), headers, body, text });
    };
    const timer = setTimeout(() => {
      socket.destroy();
      finish();
    }, options.waitMs ?? 5000);
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('close', finish);
    socket.on('error', (error) => {
      clearTimeout(timer);
      if (chunks.length > 0) finish();
      else reject(error);
    });
  });
}
