/**
 * What a provider client sends besides the model, parameters and rendered request, as the
 * response cache keys on it: the base URL the SDK actually resolved (from `baseURL`, the variable
 * `baseURLEnv` names, or the SDK's own environment default), account options, and extra headers.
 * Header values may be credentials, so only their SHA-256 is kept (the cache writes its key
 * material to disk); the API key itself is never part of it, because the key picks the account
 * that pays, not the answer the endpoint and model give.
 */
import { createHash } from 'node:crypto';

export type RequestIdentity = Readonly<Record<string, unknown>>;

export function hashedHeaders(
  headers: Readonly<Record<string, string>> | undefined,
): Record<string, string> {
  const hashed: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {}))
    hashed[name.toLowerCase()] = `sha256:${createHash('sha256').update(value).digest('hex')}`;
  return hashed;
}
