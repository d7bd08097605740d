import { toCompatResponse } from '@azure/core-http-compat';
import { createDefaultHttpClient, createHttpHeaders, createPipelineRequest, type HttpMethods } from '@azure/core-rest-pipeline';

/** What botbuilder's connector hands its `httpClient` (core-http's WebResourceLike, reduced to
 * what a request needs). */
interface OutgoingRequest {
  url: string;
  method: string;
  headers: { toJson(options: { preserveCase: boolean }): Record<string, string> };
  body?: unknown;
  timeout?: number;
  abortSignal?: AbortSignal;
}

/**
 * The HTTP client for botbuilder's ConnectorClient (replies to a channel's serviceUrl), with a
 * timeout on every request: botbuilder sets none, so a connector that never answers held the
 * turn, and its socket, forever. On timeout the request is aborted and its socket destroyed.
 */
export function timeoutHttpClient(timeoutMs: number) {
  const client = createDefaultHttpClient();
  return {
    async sendRequest(resource: OutgoingRequest) {
      const request = createPipelineRequest({
        url: resource.url,
        method: resource.method.toUpperCase() as HttpMethods,
        headers: createHttpHeaders(resource.headers.toJson({ preserveCase: true })),
        body: resource.body as never,
        timeout: resource.timeout && resource.timeout < timeoutMs ? resource.timeout : timeoutMs,
        ...(resource.abortSignal ? { abortSignal: resource.abortSignal } : {}),
        // Which service URLs may be written to is decided before a turn runs (replyTargetAllowed);
        // plain http is the Emulator's and a local connector's.
        allowInsecureConnection: true,
      });
      return toCompatResponse(await client.sendRequest(request));
    },
  };
}
