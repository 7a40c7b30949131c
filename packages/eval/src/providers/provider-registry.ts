/**
 * The provider types a target may name. The runner only looks providers up here; a program can
 * add its own with `createProviderRegistry({ providers: [...] })`.
 */
import { anthropicProvider } from './anthropic-provider.js';
import { functionProvider } from './function-provider.js';
import { openAiProvider } from './openai-provider.js';
import type { ProviderType } from './provider.js';

export const builtInProviders: readonly ProviderType[] = [
  openAiProvider,
  anthropicProvider,
  functionProvider,
];

export function createProviderRegistry(
  options: { providers?: readonly ProviderType[] } = {},
): ReadonlyMap<string, ProviderType> {
  const registry = new Map<string, ProviderType>();
  for (const provider of [...builtInProviders, ...(options.providers ?? [])])
    registry.set(provider.name, provider);
  return registry;
}

export const defaultProviderRegistry: ReadonlyMap<string, ProviderType> = createProviderRegistry();
