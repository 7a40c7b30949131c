/**
 * Where an `openai` target's requests go and which account they name, resolved as the `openai`
 * SDK resolves them, so both clients send the same and report the same `requestIdentity` (the
 * response cache keys on it): the target's base URL (`baseURL`/`baseURLEnv`), else
 * `OPENAI_BASE_URL`, else `https://api.openai.com/v1` (an empty value counts as none); the
 * target's `organization`, else `OPENAI_ORG_ID`; `OPENAI_PROJECT_ID`; and the extra headers of
 * `OPENAI_CUSTOM_HEADERS` (`Name: value` lines). Like the SDK, these fallbacks read the
 * process environment (trimmed; empty means unset).
 */

import { hashedHeaders } from './request-identity.js';
import type { RequestIdentity } from './request-identity.js';

export interface OpenAiEndpoint {
  baseURL: string;
  organization: string | null;
  project: string | null;
  /** From `OPENAI_CUSTOM_HEADERS`; the target's own headers go after them. */
  customHeaders: Record<string, string>;
}

export function resolveOpenAiEndpoint(options: {
  /** The target's resolved base URL, if it gives one. */
  baseURL: string | undefined;
  organization: string | undefined;
  processEnvironment?: Readonly<Record<string, string | undefined>>;
}): OpenAiEndpoint {
  const environment = options.processEnvironment ?? process.env;
  const read = (name: string): string | undefined => environment[name]?.trim() || undefined;
  const baseURL = options.baseURL === undefined ? read('OPENAI_BASE_URL') : options.baseURL;
  const customHeaders: Record<string, string> = {};
  for (const line of read('OPENAI_CUSTOM_HEADERS')?.split('\n') ?? []) {
    const colon = line.indexOf(':');
    if (colon >= 0) customHeaders[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  return {
    baseURL: baseURL || 'https://api.openai.com/v1',
    organization: options.organization ?? read('OPENAI_ORG_ID') ?? null,
    project: read('OPENAI_PROJECT_ID') ?? null,
    customHeaders,
  };
}

/**
 * The `requestIdentity` of an `openai` target: the endpoint and account as resolved (by the SDK
 * client or by `resolveOpenAiEndpoint`, which agree) and the target's header values, hashed.
 */
export function openAiRequestIdentity(
  resolved: { baseURL: string; organization: string | null; project: string | null },
  headers: Readonly<Record<string, string>> | undefined,
): RequestIdentity {
  return {
    baseURL: resolved.baseURL,
    organization: resolved.organization,
    project: resolved.project,
    headers: hashedHeaders(headers),
  };
}
