/** `embeddings.create` of the `openai` SDK: input tokens only, never streamed. */
import { ATTR_GEN_AI_REQUEST_ENCODING_FORMATS } from '@sextant/spec';
import type { Attributes } from '@opentelemetry/api';
import type { LlmCallOutcome } from '../llm-call-outcome.js';
import { countOrUndefined } from '../llm-call-outcome.js';
import { asObject, asString } from './payload.js';
import type { SdkOperation } from './sdk-operation.js';

function readEmbeddings(value: unknown): LlmCallOutcome {
  const response = asObject(value);
  const inputTokens = countOrUndefined(asObject(response?.['usage'])?.['prompt_tokens']);
  return {
    responseModel: asString(response?.['model']) ?? null,
    usage: inputTokens === undefined ? null : { inputTokens },
  };
}

export const openAiEmbeddings: SdkOperation = {
  operation: 'embeddings',
  headerFlavor: 'openai',
  describeRequest(body) {
    const attributes: Attributes = {};
    const format = asString(body['encoding_format']);
    if (format !== undefined) attributes[ATTR_GEN_AI_REQUEST_ENCODING_FORMATS] = [format];
    return { requestModel: asString(body['model']) ?? 'unknown', stream: false, attributes };
  },
  readResponse: readEmbeddings,
  createStreamReader: () => {
    let outcome: LlmCallOutcome = { usage: null };
    return {
      read(item) {
        outcome = readEmbeddings(item);
        return false;
      },
      outcome: () => outcome,
    };
  },
};
