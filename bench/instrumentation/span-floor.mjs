// The floor any span-per-call instrumentation pays: start a CLIENT span, set 20 attributes
// (6 at start, 14 read from the response), end it, around the raw client's call. No fetch
// wrapping, no context switch, no metrics: only what the OpenTelemetry API and SDK cost.
export function spanFloor({ api, model }) {
  const tracer = api.trace.getTracer('bench-span-floor');
  return {
    start(stream) {
      return tracer.startSpan(`chat ${model}`, {
        kind: api.SpanKind.CLIENT,
        attributes: {
          'gen_ai.operation.name': 'chat',
          'gen_ai.provider.name': 'openai',
          'gen_ai.request.model': model,
          'gen_ai.request.stream': stream,
          'server.address': 'bench.invalid',
          'server.port': 80,
        },
      });
    },
    /** `response`: the completion, or the last chunk of a stream. */
    end(span, response) {
      span.setAttributes({
        'gen_ai.response.id': response.id,
        'gen_ai.response.model': response.model,
        'gen_ai.response.finish_reasons': [response.choices[0]?.finish_reason ?? 'unknown'],
        'gen_ai.usage.input_tokens': response.usage?.prompt_tokens ?? 0,
        'gen_ai.usage.output_tokens': response.usage?.completion_tokens ?? 0,
        'gen_ai.usage.cache_read.input_tokens': 0,
        'sextant.attempt.count': 1,
        'sextant.retry.count': 0,
        'sextant.retry.backoff_ms': 0,
        'sextant.response.provider_request_id': 'req_bench',
        'http.response.status_code': 200,
        'sextant.cost.known': true,
        'sextant.cost.usd': 0.0001,
        'sextant.request.body_bytes': 120,
      });
      span.end();
    },
  };
}
