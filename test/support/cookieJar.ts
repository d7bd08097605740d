/**
 * The cookies a browser would keep, per origin, for walking redirect flows with fetch: paths
 * are ignored (every cookie goes back to its origin), Max-Age=0 and past Expires delete.
 */
export class CookieJar {
  private readonly byOrigin = new Map<string, Map<string, { value: string; attributes: string }>>();

  header(url: string): string {
    return [...(this.byOrigin.get(new URL(url).origin) ?? new Map()).entries()].map(([name, c]) => `${name}=${c.value}`).join('; ');
  }

  /** The Set-Cookie lines of `res`, answered for `url`. */
  take(url: string, res: Response): void {
    const origin = new URL(url).origin;
    const jar = this.byOrigin.get(origin) ?? new Map<string, { value: string; attributes: string }>();
    this.byOrigin.set(origin, jar);
    for (const line of res.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      const attrs = attributes.join(';');
      const expires = /expires=([^;]+)/i.exec(attrs)?.[1];
      if (/max-age=0\b/i.test(attrs) || (expires && Date.parse(expires) <= Date.now())) jar.delete(name);
      else jar.set(name, { value, attributes: attrs.trim() });
    }
  }

  get(url: string, name: string): { value: string; attributes: string } | undefined {
    return this.byOrigin.get(new URL(url).origin)?.get(name);
  }

  set(url: string, name: string, value: string): void {
    const origin = new URL(url).origin;
    const jar = this.byOrigin.get(origin) ?? new Map<string, { value: string; attributes: string }>();
    this.byOrigin.set(origin, jar);
    jar.set(name, { value, attributes: '' });
  }

  delete(url: string, name: string): void {
    this.byOrigin.get(new URL(url).origin)?.delete(name);
  }

  /** One request with this jar's cookies, redirects not followed. */
  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    const cookie = this.header(url);
    if (cookie) headers.set('cookie', cookie);
    const res = await fetch(url, { ...init, headers, redirect: 'manual' });
    this.take(url, res);
    return res;
  }
}
