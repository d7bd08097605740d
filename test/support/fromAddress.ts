import { request } from 'node:http';

/**
 * A JSON POST from a chosen loopback source address (127.0.0.2, 127.0.0.3, ...), so a test can
 * be several clients at once: Linux routes all of 127/8 to the loopback interface.
 */
export function postFrom(localAddress: string, url: string, body: unknown): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: { error?: { code: string }; token?: string } }> {
  const data = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', localAddress, agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') }));
    });
    req.on('error', reject);
    req.end(data);
  });
}
