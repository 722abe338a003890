/**
 * The release-candidate version grammar shared by the App and the Action.
 *
 * A release version is one to four dot-separated non-negative integers, optionally prefixed by `v`
 * (`1.4.0`, `v2.0`, `2026.11.3`). A release-candidate version is a release version followed by `-rcN`,
 * N a positive integer (`1.4.0-rc2`). A candidate joins the release named by everything before `-rc`.
 */

/** Longest accepted version string; longer input is refused rather than stored. */
export const MAX_VERSION_LENGTH = 64;

const RELEASE = String.raw`v?\d{1,9}(?:\.\d{1,9}){0,3}`;
const RELEASE_PATTERN = new RegExp(`^${RELEASE}$`);
const CANDIDATE_PATTERN = new RegExp(`^(${RELEASE})-rc([1-9]\\d{0,8})$`);

export interface CandidateVersion {
  /** The whole candidate version as given, e.g. `1.4.0-rc2`. */
  readonly version: string;
  /** The release it joins, e.g. `1.4.0`. */
  readonly release: string;
  /** The candidate number N of `-rcN`. */
  readonly number: number;
}

/** Parses `1.4.0-rc2`; returns `undefined` for anything outside the grammar. */
export function parseCandidateVersion(input: string): CandidateVersion | undefined {
  if (input.length > MAX_VERSION_LENGTH) return undefined;
  const match = CANDIDATE_PATTERN.exec(input);
  if (!match?.[1] || !match[2]) return undefined;
  return { version: input, release: match[1], number: Number(match[2]) };
}

/** True for a release version such as `1.4.0` or `v2.0` (no `-rc` suffix). */
export function isReleaseVersion(input: string): boolean {
  return input.length <= MAX_VERSION_LENGTH && RELEASE_PATTERN.test(input);
}
