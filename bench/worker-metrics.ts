/**
 * The worker's sticky cache counters, read from the SDK's Prometheus endpoint of the service process
 * (bench/service-process.ts, BENCH_METRICS_PORT): a hit is a workflow task served from the cached run,
 * a miss one whose run had to be rebuilt by replaying its history.
 */
export async function stickyCacheCounters(metricsUrl: string): Promise<{ hits: number; misses: number }> {
  const text = await (await fetch(metricsUrl)).text();
  const sum = (name: string) =>
    text
      .split('\n')
      .filter((line) => new RegExp(`^temporal_sticky_cache_${name}(_total)?[ {]`).test(line))
      .reduce((total, line) => total + Number(line.trim().split(/\s+/).pop()), 0);
  return { hits: sum('hit'), misses: sum('miss') };
}
