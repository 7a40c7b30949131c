/**
 * The per run × prompt × target aggregation, shared by the `sextant_eval_run_summary` view (for
 * dashboards) and `queryRunSummary`, so both always agree. `results` is a qualified table name and
 * `where` a constant SQL condition whose values are bound as query parameters by the caller.
 *
 * Percentiles are exact, interpolated between ranks (`quantilesExactInclusive`, the R-7 / Excel
 * PERCENTILE.INC definition). Mean score counts every result, errors included. Cost per success is
 * all target spend divided by passed results; it is NULL when nothing passed or any result has
 * an unknown price (an unknown price is never counted as $0).
 */
export function renderRunSummarySelect(options: { results: string; where: string }): string {
  return `SELECT
    run_id,
    prompt_id,
    target_id,
    any(model) AS model,
    any(provider) AS provider,
    count() AS cases,
    countIf(passed) AS passes,
    countIf(status = 'error') AS errors,
    avg(score) AS mean_score,
    quantilesExactInclusive(0.5, 0.95)(latency_ms) AS latency_quantiles_ms,
    quantilesExactInclusive(0.5, 0.95)(time_to_first_chunk_ms) AS ttft_quantiles_ms,
    count(time_to_first_chunk_ms) AS streamed_results,
    sum(input_tokens) AS total_input_tokens,
    sum(output_tokens) AS total_output_tokens,
    sum(cached_input_tokens) AS total_cached_input_tokens,
    sum(reasoning_tokens) AS total_reasoning_tokens,
    sum(cost_usd) AS total_cost_usd,
    countIf(cost_usd IS NULL) AS unpriced_results,
    sum(judge_cost_usd) AS total_judge_cost_usd,
    sum(retries) AS total_retries,
    if(passes = 0 OR unpriced_results > 0, NULL, total_cost_usd / passes) AS cost_per_success_usd
FROM ${options.results} FINAL
WHERE ${options.where}
GROUP BY run_id, prompt_id, target_id`;
}
