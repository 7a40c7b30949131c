/**
 * The span and record of one call described by an SDK operation adapter: what `instrument()`'s
 * wrapped methods and `startOpenAiChatCall` (a client without the SDK) both start, so the two
 * record the same attributes for the same request.
 */
import { context } from '@opentelemetry/api';
import { ActiveLlmCall } from './active-llm-call.js';
import type { CallCollector } from './call-collector-storage.js';
import { describeClient } from './describe-client.js';
import type { InstrumentSettings } from './instrument-options.js';
import type { RequestBody, SdkOperation } from './operations/sdk-operation.js';

export function startOperationCall(options: {
  settings: InstrumentSettings;
  operation: SdkOperation;
  body: RequestBody;
  /** The SDK client, or an object with its `baseURL` (server address and port). */
  client: unknown;
  timeoutMs: number | undefined;
  collector: CallCollector | undefined;
}): ActiveLlmCall {
  const { settings, operation, body } = options;
  const description = describeClient(options.client, operation.headerFlavor);
  const request = operation.describeRequest(body);
  const inputContent = operation.inputContent;
  return new ActiveLlmCall(
    settings,
    {
      provider: description.provider,
      operation: operation.operation,
      requestModel: request.requestModel,
      stream: request.stream,
      requestAttributes: request.attributes,
      serverAddress: description.serverAddress,
      serverPort: description.serverPort,
      timeoutMs: options.timeoutMs,
      headerFlavor: operation.headerFlavor,
      collector: options.collector,
      inputContent:
        settings.captureContent && inputContent !== undefined
          ? () => inputContent(body)
          : undefined,
    },
    context.active(),
  );
}
