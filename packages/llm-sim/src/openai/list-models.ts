import type { SimModel } from '../catalog/resolve-catalog.js';
import { sendJson, type Exchange } from '../http/exchange.js';
import { RequestError } from '../http/request-error.js';

/** Simulated models are dated to a fixed instant so listings never change between runs. */
const CREATED_SECONDS = 1_735_689_600;
const CREATED_ISO = '2025-01-01T00:00:00Z';

/**
 * `GET /v1/models` and `GET /v1/models/{id}`, in the OpenAI shape, or the Anthropic shape when
 * the request carries `anthropic-version` (as the Anthropic SDK always does). Aliases are listed.
 */
export function handleListModels(exchange: Exchange, modelId: string | null): void {
  const { catalog } = exchange.state;
  const names: [string, SimModel][] = [...catalog.byName.entries()].filter(
    ([, model]) => model.provider === 'any' || model.provider === exchange.vendor,
  );
  const anthropic = exchange.vendor === 'anthropic';
  const describe = ([name, model]: [string, SimModel]) =>
    anthropic
      ? {
          type: 'model',
          id: name,
          display_name: `${model.name} (simulated)`,
          created_at: CREATED_ISO,
        }
      : { id: name, object: 'model', created: CREATED_SECONDS, owned_by: 'sextant-llm-sim' };
  if (modelId !== null) {
    const found = names.find(([name]) => name === modelId);
    if (!found) {
      throw new RequestError({
        kind: 'not_found',
        code: 'model_not_found',
        message: anthropic
          ? `model: ${modelId}`
          : `The model \`${modelId}\` does not exist or you do not have access to it.`,
      });
    }
    sendJson({ exchange, status: 200, body: describe(found) });
    return;
  }
  const data = names.map(describe);
  sendJson({
    exchange,
    status: 200,
    body: anthropic
      ? { data, has_more: false, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null }
      : { object: 'list', data },
  });
}
