/**
 * The JSON Schema of `.github/shiplog.yml` for editors (YAML language servers read `# yaml-language-server:
 * $schema=...`), generated from the same TypeBox schema that validates the file.
 */
import { RepoConfig } from '../../shared/config/repo-config.js';

export const REPO_CONFIG_SCHEMA_PATH = 'docs/shiplog.schema.json';

export function repoConfigJsonSchema(): Record<string, unknown> {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://github.com/shiplog/shiplog/blob/main/docs/shiplog.schema.json',
    ...(JSON.parse(JSON.stringify(RepoConfig)) as Record<string, unknown>),
  };
}

/** The file's text, as committed. */
export const renderRepoConfigJsonSchema = (): string =>
  `${JSON.stringify(repoConfigJsonSchema(), null, 2)}\n`;
