/** The `openai` target's own keys (besides the common ones) and their JSON Schema. */
import { SDK_TARGET_OPTION_PROPERTIES } from './sdk-client-setup.js';
import type { SdkTargetOptions } from './sdk-client-setup.js';

export interface OpenAiOptions extends SdkTargetOptions {
  organization?: string;
  /** `http` (default): the runner's own Chat Completions client; `sdk`: the official SDK. */
  client?: 'http' | 'sdk';
}

export const OPENAI_OPTION_PROPERTIES = {
  ...SDK_TARGET_OPTION_PROPERTIES,
  organization: { type: 'string' },
  client: { enum: ['http', 'sdk'] },
} as const;
