import { Agent, request } from 'node:http';

export interface JsonAnswer {
  status: number;
  body: unknown;
}

/** A keep-alive agent per app instance, as many sockets as the driver has customers in flight.
 * An idle socket is dropped after 3 s, before the app's 5 s keep-alive timeout: on a busy
 * machine a socket idle for 5 s was otherwise reused just as the app closed it (ECONNRESET,
 * which ended the run). */
export function keepAliveAgent(maxSockets: number): Agent {
  return new Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets, timeout: 3000 });
}

/** One JSON request over node:http (cheaper for the driver than fetch at thousands a second). */
export function httpJson(agent: Agent, method: 'GET' | 'POST', url: string, body?: unknown, token?: string): Promise<JsonAnswer> {
  const data = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = {};
    if (data !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = Buffer.byteLength(data);
    }
    if (token) headers.authorization = `Bearer ${token}`;
    const req = request(url, { method, agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: unknown = text;
        try {
          parsed = text ? JSON.parse(text) : undefined;
        } catch {
          // Not JSON: kept as text for the error message.
        }
        resolve({ status: res.statusCode ?? 0, body: parsed });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(data);
  });
}
