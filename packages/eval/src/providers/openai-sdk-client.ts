/**
 * `client: sdk`: an `openai` target served by the official `openai` SDK through `instrument()`,
 * as before the runner had its own client. Kept for what only the SDK does (its own auth
 * providers, workload identity) and as the reference the `http` client is tested against. The
 * SDK module is imported by the first such target, so runs on `client: http` never load it.
 * The SDK throws `APIUserAbortError` for an abort of the caller's signal whatever its reason; the
 * instrumentation reads the signal's reason, so the runner's timeout (a `TimeoutError`) shows on
 * the span as `error.type = timeout`, as on the `http` client, and any other abort stays
 * `APIUserAbortError` (the result's error type comes from the runner's own `timedOut` on both).
 */
import type OpenAI from 'openai';
import type {
  ChatCompletionCreateParams,
  ChatCompletionChunk,
} from 'openai/resources/chat/completions';
import { instrument } from '@sextant/instrumentation';
import { completionResponse, StreamedResponse } from './chat-completion-response.js';
import { chatRequestBodies } from './chat-request-body.js';
import { openAiRequestIdentity } from './openai-endpoint.js';
import type { ProviderClient, ProviderResponse, ProviderSetup } from './provider.js';
import { instrumentOptionsFor, requestOptions, sdkTransportOptions } from './sdk-client-setup.js';
import type { OpenAiOptions } from './openai-options.js';

/** The SDK, loaded by the first `client: sdk` target (≈ 80 ms of CPU a run on `http` never pays). */
let sdkModule: Promise<typeof OpenAI> | undefined;

export async function createOpenAiSdkClient(options: {
  setup: ProviderSetup;
  targetOptions: OpenAiOptions;
  baseURL: string | undefined;
  apiKey: string | null;
}): Promise<ProviderClient> {
  const OpenAiClient = await (sdkModule ??= import('openai').then((module) => module.default));
  const { setup, targetOptions, baseURL } = options;
  const transport = sdkTransportOptions({
    setup,
    baseURL,
    headers: targetOptions.headers,
    transport: targetOptions.transport,
  });
  const sdkClient = new OpenAiClient({
    apiKey: options.apiKey ?? 'no-key',
    ...(targetOptions.organization === undefined
      ? {}
      : { organization: targetOptions.organization }),
    ...transport.clientOptions,
  });
  const client = instrument(sdkClient, instrumentOptionsFor(setup));
  const bodyFor = chatRequestBodies(setup.target);
  return {
    collectsCalls: true,
    async close() {
      transport.close();
    },
    // Read back from the SDK, which also falls back to OPENAI_BASE_URL, OPENAI_ORG_ID and
    // OPENAI_PROJECT_ID from the process environment.
    requestIdentity: openAiRequestIdentity(sdkClient, targetOptions.headers),
    async call(request) {
      const body = bodyFor(request);
      if (body['stream'] !== true) {
        const completion = await client.chat.completions.create(
          body as unknown as ChatCompletionCreateParams & { stream: false },
          requestOptions(request),
        );
        return completionResponse(completion);
      }
      const chunks = await client.chat.completions.create(
        body as unknown as ChatCompletionCreateParams & { stream: true },
        requestOptions(request),
      );
      return collectStream(chunks, request.signal, OpenAiClient);
    },
  };
}

/**
 * The SDK ends a stream quietly when the request's signal aborts, as if it were complete; a
 * stream cut that way (the runner's timeout, a run stopping) is an abort here, as it is before
 * the response, so the short answer is neither scored nor cached.
 */
async function collectStream(
  chunks: AsyncIterable<ChatCompletionChunk>,
  signal: AbortSignal,
  sdk: typeof OpenAI,
): Promise<ProviderResponse> {
  const streamed = new StreamedResponse();
  for await (const chunk of chunks) streamed.add(chunk);
  if (signal.aborted) throw new sdk.APIUserAbortError();
  return streamed.response();
}
