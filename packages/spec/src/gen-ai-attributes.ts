/**
 * OpenTelemetry GenAI semantic-convention names, v1.41 (the last complete text in the main
 * semantic-conventions repository; they now live in open-telemetry/semantic-conventions-genai).
 * We keep our own constants because the npm semconv package marks every `gen_ai.*` constant
 * deprecated. Values are attribute keys exactly as they appear on spans and in `otel_traces`.
 */
export const ATTR_GEN_AI_OPERATION_NAME = 'gen_ai.operation.name';
export const ATTR_GEN_AI_PROVIDER_NAME = 'gen_ai.provider.name';
export const ATTR_GEN_AI_CONVERSATION_ID = 'gen_ai.conversation.id';
export const ATTR_GEN_AI_OUTPUT_TYPE = 'gen_ai.output.type';

export const ATTR_GEN_AI_REQUEST_MODEL = 'gen_ai.request.model';
export const ATTR_GEN_AI_REQUEST_MAX_TOKENS = 'gen_ai.request.max_tokens';
export const ATTR_GEN_AI_REQUEST_TEMPERATURE = 'gen_ai.request.temperature';
export const ATTR_GEN_AI_REQUEST_TOP_P = 'gen_ai.request.top_p';
export const ATTR_GEN_AI_REQUEST_TOP_K = 'gen_ai.request.top_k';
export const ATTR_GEN_AI_REQUEST_STOP_SEQUENCES = 'gen_ai.request.stop_sequences';
export const ATTR_GEN_AI_REQUEST_SEED = 'gen_ai.request.seed';
export const ATTR_GEN_AI_REQUEST_FREQUENCY_PENALTY = 'gen_ai.request.frequency_penalty';
export const ATTR_GEN_AI_REQUEST_PRESENCE_PENALTY = 'gen_ai.request.presence_penalty';
export const ATTR_GEN_AI_REQUEST_CHOICE_COUNT = 'gen_ai.request.choice.count';
export const ATTR_GEN_AI_REQUEST_STREAM = 'gen_ai.request.stream';
export const ATTR_GEN_AI_REQUEST_ENCODING_FORMATS = 'gen_ai.request.encoding_formats';

export const ATTR_GEN_AI_RESPONSE_ID = 'gen_ai.response.id';
export const ATTR_GEN_AI_RESPONSE_MODEL = 'gen_ai.response.model';
export const ATTR_GEN_AI_RESPONSE_FINISH_REASONS = 'gen_ai.response.finish_reasons';
/** Seconds from issuing the request to the first chunk of a streamed response. */
export const ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK = 'gen_ai.response.time_to_first_chunk';

/** Input tokens, cached ones included. */
export const ATTR_GEN_AI_USAGE_INPUT_TOKENS = 'gen_ai.usage.input_tokens';
/** Output tokens, reasoning ones included. */
export const ATTR_GEN_AI_USAGE_OUTPUT_TOKENS = 'gen_ai.usage.output_tokens';
export const ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS = 'gen_ai.usage.cache_read.input_tokens';
export const ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS =
  'gen_ai.usage.cache_creation.input_tokens';
/** Older spelling some instrumentations emit; readers accept it as well as `cache_creation`. */
export const ATTR_GEN_AI_USAGE_CACHE_WRITE_INPUT_TOKENS = 'gen_ai.usage.cache_write.input_tokens';
export const ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS = 'gen_ai.usage.reasoning.output_tokens';

/** Opt-in content, JSON in the conventions' message shape. */
export const ATTR_GEN_AI_INPUT_MESSAGES = 'gen_ai.input.messages';
export const ATTR_GEN_AI_OUTPUT_MESSAGES = 'gen_ai.output.messages';
export const ATTR_GEN_AI_SYSTEM_INSTRUCTIONS = 'gen_ai.system_instructions';
export const ATTR_GEN_AI_TOOL_DEFINITIONS = 'gen_ai.tool.definitions';

export const ATTR_GEN_AI_TOKEN_TYPE = 'gen_ai.token.type';

/** The `gen_ai.evaluation.result` event and its attributes. */
export const EVENT_GEN_AI_EVALUATION_RESULT = 'gen_ai.evaluation.result';
export const ATTR_GEN_AI_EVALUATION_NAME = 'gen_ai.evaluation.name';
export const ATTR_GEN_AI_EVALUATION_SCORE_VALUE = 'gen_ai.evaluation.score.value';
export const ATTR_GEN_AI_EVALUATION_SCORE_LABEL = 'gen_ai.evaluation.score.label';
export const ATTR_GEN_AI_EVALUATION_EXPLANATION = 'gen_ai.evaluation.explanation';

/** General conventions used on GenAI spans. */
export const ATTR_SERVER_ADDRESS = 'server.address';
export const ATTR_SERVER_PORT = 'server.port';
export const ATTR_ERROR_TYPE = 'error.type';
export const ATTR_HTTP_REQUEST_RESEND_COUNT = 'http.request.resend_count';
export const ATTR_HTTP_RESPONSE_STATUS_CODE = 'http.response.status_code';
export const ATTR_HTTP_REQUEST_METHOD = 'http.request.method';
export const ATTR_URL_FULL = 'url.full';

/** Well-known values. */
export const GEN_AI_OPERATION_NAME_VALUES = {
  chat: 'chat',
  textCompletion: 'text_completion',
  embeddings: 'embeddings',
  generateContent: 'generate_content',
  executeTool: 'execute_tool',
} as const;
export type GenAiOperationName =
  (typeof GEN_AI_OPERATION_NAME_VALUES)[keyof typeof GEN_AI_OPERATION_NAME_VALUES] | (string & {});

export const GEN_AI_PROVIDER_NAME_VALUES = {
  openai: 'openai',
  anthropic: 'anthropic',
  azureOpenai: 'azure.ai.openai',
  awsBedrock: 'aws.bedrock',
  gcpGemini: 'gcp.gemini',
  gcpVertexAi: 'gcp.vertex_ai',
  groq: 'groq',
  mistralAi: 'mistral_ai',
  deepseek: 'deepseek',
  xai: 'x_ai',
} as const;
export type GenAiProviderName =
  (typeof GEN_AI_PROVIDER_NAME_VALUES)[keyof typeof GEN_AI_PROVIDER_NAME_VALUES] | (string & {});

export const GEN_AI_TOKEN_TYPE_VALUES = { input: 'input', output: 'output' } as const;
