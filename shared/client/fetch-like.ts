/**
 * The slice of `fetch` the client needs. The global `fetch` fits it as is; so does
 * {@link nodeHttpFetch}, which answers without loading the platform's fetch machinery.
 */

/** What is sent. */
export interface FetchInit {
  readonly method?: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly signal: AbortSignal;
}

/** What is read of an answer. */
export interface FetchResponse {
  readonly status: number;
  readonly statusText: string;
  readonly ok: boolean;
  readonly headers: { get(name: string): string | null };
  text(): Promise<string>;
}

/** A `fetch`-compatible function. */
export type FetchLike = (url: string, init: FetchInit) => Promise<FetchResponse>;

/** The platform's global `fetch`. */
export const globalFetch: FetchLike = (url, init) => fetch(url, init);
