/**
 * `responses.create` of the `openai` SDK. Usage always arrives with the final response (also in
 * streams, in `response.completed`), so the request is never changed.
 */
import type { LlmCallOutcome, ReportedUsage } from '../llm-call-outcome.js';
import { countOrUndefined } from '../llm-call-outcome.js';
import { asArray, asObject, asString, requestParameterAttributes, textPart } from './payload.js';
import type { JsonObject } from './payload.js';
import type { RequestBody, SdkOperation } from './sdk-operation.js';

function responsesUsage(value: unknown): ReportedUsage | null {
  const usage = asObject(value);
  const inputTokens = countOrUndefined(usage?.['input_tokens']);
  if (usage === undefined || inputTokens === undefined) return null;
  const reported: ReportedUsage = { inputTokens };
  const outputTokens = countOrUndefined(usage['output_tokens']);
  if (outputTokens !== undefined) reported.outputTokens = outputTokens;
  const cached = countOrUndefined(asObject(usage['input_tokens_details'])?.['cached_tokens']);
  if (cached !== undefined) reported.cacheReadInputTokens = cached;
  const reasoning = countOrUndefined(
    asObject(usage['output_tokens_details'])?.['reasoning_tokens'],
  );
  if (reasoning !== undefined) reported.reasoningOutputTokens = reasoning;
  return reported;
}

function finishReason(response: JsonObject, output: JsonObject[]): string {
  const status = asString(response['status']);
  if (status === 'completed') {
    return output.some((item) => item['type'] === 'function_call') ? 'tool_calls' : 'stop';
  }
  if (status === 'incomplete') {
    const reason = asString(asObject(response['incomplete_details'])?.['reason']);
    return reason === 'max_output_tokens' ? 'length' : (reason ?? 'incomplete');
  }
  return status ?? 'unknown';
}

function outputMessages(output: JsonObject[]): unknown[] {
  const parts: JsonObject[] = [];
  for (const item of output) {
    if (item['type'] === 'message') {
      for (const content of asArray(item['content'])) {
        const text = asString(asObject(content)?.['text']);
        if (text !== undefined) parts.push(textPart(text));
      }
    } else if (item['type'] === 'function_call') {
      parts.push({
        type: 'tool_call',
        id: asString(item['call_id']) ?? null,
        name: asString(item['name']) ?? null,
        arguments: asString(item['arguments']) ?? null,
      });
    }
  }
  return [{ role: 'assistant', parts }];
}

function readResponse(value: unknown, captureContent: boolean): LlmCallOutcome {
  const response = asObject(value) ?? {};
  const output = asArray(response['output']).map((item) => asObject(item) ?? {});
  const outcome: LlmCallOutcome = {
    responseId: asString(response['id']) ?? null,
    responseModel: asString(response['model']) ?? null,
    finishReasons: [finishReason(response, output)],
    usage: responsesUsage(response['usage']),
  };
  if (captureContent) outcome.outputMessages = outputMessages(output);
  return outcome;
}

function inputContent(body: RequestBody) {
  const input = body['input'];
  const inputMessages =
    typeof input === 'string'
      ? [{ role: 'user', parts: [textPart(input)] }]
      : asArray(input).map((entry) => {
          const item = asObject(entry) ?? {};
          const content = item['content'];
          const parts =
            typeof content === 'string'
              ? [textPart(content)]
              : asArray(content).map((part) => {
                  const text = asString(asObject(part)?.['text']);
                  return text !== undefined
                    ? textPart(text)
                    : { type: asString(asObject(part)?.['type']) ?? 'unknown' };
                });
          return { role: asString(item['role']) ?? 'user', parts };
        });
  const instructions = asString(body['instructions']);
  return {
    inputMessages,
    ...(instructions !== undefined ? { systemInstructions: [textPart(instructions)] } : {}),
  };
}

const FINAL_EVENTS = new Set(['response.completed', 'response.incomplete', 'response.failed']);

export const openAiResponses: SdkOperation = {
  operation: 'chat',
  headerFlavor: 'openai',
  describeRequest(body) {
    const stream = body['stream'] === true;
    return {
      requestModel: asString(body['model']) ?? 'unknown',
      stream,
      attributes: requestParameterAttributes({
        maxTokens: body['max_output_tokens'],
        temperature: body['temperature'],
        topP: body['top_p'],
        stream,
      }),
    };
  },
  inputContent,
  readResponse,
  createStreamReader({ captureContent }) {
    let outcome: LlmCallOutcome = { usage: null };
    return {
      read(item) {
        const event = asObject(item);
        const type = asString(event?.['type']);
        const response = asObject(event?.['response']);
        if (response === undefined || type === undefined) return false;
        if (FINAL_EVENTS.has(type)) outcome = readResponse(response, captureContent);
        else {
          outcome.responseId ??= asString(response['id']) ?? null;
          outcome.responseModel ??= asString(response['model']) ?? null;
        }
        return false;
      },
      outcome: () => outcome,
    };
  },
};
