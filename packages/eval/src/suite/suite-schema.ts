/**
 * JSON Schema of the suite file. Every object is closed (`additionalProperties: false`) so an
 * unknown or misspelt key is an error, except targets and scorers, whose extra keys belong to the
 * provider or scorer type and are checked against that type's own schema by the loader.
 */

const identifier = { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_.:-]*$', maxLength: 128 };
const fraction = { type: 'number', minimum: 0, maximum: 1 };

const message = {
  type: 'object',
  additionalProperties: false,
  required: ['role', 'content'],
  properties: {
    role: { enum: ['system', 'user', 'assistant'] },
    content: { type: 'string' },
  },
};

const tool = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'parameters'],
  properties: {
    name: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$' },
    description: { type: 'string' },
    parameters: { type: 'object' },
  },
};

const responseFormat = {
  type: 'object',
  additionalProperties: false,
  required: ['type'],
  properties: {
    type: { enum: ['text', 'json_object', 'json_schema'] },
    name: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$' },
    schema: { type: 'object' },
    strict: { type: 'boolean' },
  },
};

/** The fields a prompt file may hold; a suite prompt adds `id`, `description` and `file`. */
export const promptContentProperties = {
  system: { type: 'string' },
  messages: { type: 'array', minItems: 1, items: message },
  tools: { type: 'array', items: tool },
  responseFormat,
};

export const promptFileSchema = {
  type: 'object',
  additionalProperties: false,
  properties: promptContentProperties,
};

const price = {
  type: 'object',
  additionalProperties: false,
  required: ['inputPerMillion', 'outputPerMillion'],
  properties: {
    inputPerMillion: { type: 'number', minimum: 0 },
    outputPerMillion: { type: 'number', minimum: 0 },
    cacheReadPerMillion: { type: 'number', minimum: 0 },
    cacheWritePerMillion: { type: 'number', minimum: 0 },
  },
};

/** Keys common to every target; the rest are the provider's. */
export const targetCommonKeys = [
  'id',
  'provider',
  'model',
  'parameters',
  'apiKeyEnv',
  'price',
  'maxRetries',
] as const;

/** Keys common to every scorer; the rest are the scorer type's options. */
export const scorerCommonKeys = ['name', 'type', 'weight', 'required', 'negate'] as const;

export const suiteSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'prompts', 'dataset', 'targets', 'scorers'],
  properties: {
    name: identifier,
    description: { type: 'string' },
    prompts: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id'],
        properties: {
          id: identifier,
          description: { type: 'string' },
          file: { type: 'string', minLength: 1 },
          ...promptContentProperties,
        },
      },
    },
    // A path, a list of paths, or `{ files: [...] }`.
    dataset: {
      type: ['string', 'array', 'object'],
      minLength: 1,
      minItems: 1,
      items: { type: 'string', minLength: 1 },
      additionalProperties: false,
      required: ['files'],
      properties: {
        files: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
      },
    },
    targets: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['id', 'provider', 'model'],
        properties: {
          id: identifier,
          provider: { type: 'string', minLength: 1 },
          model: { type: 'string', minLength: 1 },
          parameters: { type: 'object' },
          apiKeyEnv: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$' },
          price,
          maxRetries: { type: 'integer', minimum: 0, maximum: 10 },
        },
      },
    },
    scorers: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['type'],
        properties: {
          name: identifier,
          type: { type: 'string', minLength: 1 },
          weight: { type: 'number', minimum: 0 },
          required: { type: 'boolean' },
          negate: { type: 'boolean' },
        },
      },
    },
    threshold: fraction,
    repeats: { type: 'integer', minimum: 1, maximum: 1000 },
    concurrency: { type: 'integer', minimum: 1, maximum: 4096 },
    limits: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        properties: {
          concurrency: { type: 'integer', minimum: 1 },
          requestsPerMinute: { type: 'number', exclusiveMinimum: 0 },
        },
      },
    },
    timeoutMs: { type: 'integer', minimum: 1 },
    budgetUsd: { type: 'number', exclusiveMinimum: 0 },
    gate: {
      type: 'object',
      additionalProperties: false,
      properties: {
        minPassRate: { anyOf: [fraction, { type: 'null' }] },
        passRateMargin: fraction,
        scoreMargin: fraction,
        maxCostPerSuccessIncrease: { anyOf: [{ type: 'number', minimum: 0 }, { type: 'null' }] },
        maxErrorRate: fraction,
        alpha: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 },
        maxMinimumDetectableEffect: { type: 'number', exclusiveMinimum: 0, maximum: 1 },
      },
    },
  },
} as const;
