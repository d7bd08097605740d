/** Hosts a plain-http endpoint may use without WEBHOOK_ALLOW_HTTP: this machine only. */
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Why an endpoint URL is refused, or undefined when it is fine: https (or http to this machine,
 * or anywhere when the operator allows http), no credentials in it (the secret signs instead).
 */
export function webhookUrlProblem(url: string, allowHttp: boolean): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'must be an absolute URL such as https://crm.example.com/hooks/satisfy';
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return 'must be an https:// URL';
  if (parsed.protocol === 'http:' && !allowHttp && !LOOPBACK.has(parsed.hostname)) {
    return 'must be https:// (plain http only to localhost, unless the operator sets WEBHOOK_ALLOW_HTTP=on)';
  }
  if (parsed.username || parsed.password) return 'must not hold a user name or password; deliveries are signed with the endpoint secret instead';
  if (parsed.hash) return 'must not have a #fragment';
  return undefined;
}
