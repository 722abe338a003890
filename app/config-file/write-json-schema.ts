/** `npm run schema`: regenerates docs/shiplog.schema.json from the configuration schema. */
import { writeFileSync } from 'node:fs';
import { REPO_CONFIG_SCHEMA_PATH, renderRepoConfigJsonSchema } from './repo-config-json-schema.js';

writeFileSync(REPO_CONFIG_SCHEMA_PATH, renderRepoConfigJsonSchema());
console.log(`wrote ${REPO_CONFIG_SCHEMA_PATH}`);
