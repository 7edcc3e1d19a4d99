/** Reading /metrics while other suites write to the same database. */

/**
 * A scrape taken between two database readings that agree: what the scrape must equal. Other suites
 * change the figures meanwhile, so up to 10 tries; none quiet enough is an error.
 */
export async function scrapeBetweenAgreeingReadings<T>(fromDb: () => Promise<T>, fromMetrics: () => Promise<unknown>): Promise<{ scraped: unknown; database: T }> {
  for (let attempt = 0; attempt < 10; attempt += 1) {
    const before = await fromDb();
    const scraped = await fromMetrics();
    if (JSON.stringify(before) === JSON.stringify(await fromDb())) return { scraped, database: before };
  }
  throw new Error('the database never held still for a scrape (10 tries)');
}
