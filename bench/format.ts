/** Number formatting shared by the report lines and the Markdown table. */

/** `31200.4` → `31,200`. */
export const formatCount = (value: number): string => Math.round(value).toLocaleString('en-US');

/** A ratio to the baseline: two decimals, or two significant digits below 0.1 (`0.45`, `0.013`). */
export const formatRatio = (ratio: number): string =>
  ratio >= 0.1 || ratio === 0 ? ratio.toFixed(2) : ratio.toPrecision(2);

/** Seeded deployments: `1000` → `1k`, `1500` → `1.5k`, `999` → `999`. */
export const formatSize = (size: number): string =>
  size >= 1000 ? `${Number((size / 1000).toFixed(1))}k` : String(size);

/** Bytes in MB (10^6), as the stack notes give file sizes. */
export const formatBytes = (bytes: number): string => {
  const mb = bytes / 1e6;
  return `${mb < 10 ? mb.toFixed(2) : mb.toFixed(1)} MB`;
};

/** A body size: bytes, or KB from 1,000 bytes up. */
export const formatBodySize = (bytes: number): string =>
  bytes < 1000 ? `${bytes} B` : `${(bytes / 1000).toFixed(1)} KB`;

/** Milliseconds, as seconds from one second up. */
export const formatDuration = (ms: number): string =>
  ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
