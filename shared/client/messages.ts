/** Every message the client itself writes (the App's own error texts pass through unchanged). */
export const clientMessages = {
  notJsonError: (status: number, statusText: string, contentType: string) =>
    `HTTP ${status} ${statusText}`.trim() +
    ` with a ${contentType || 'body'} that is not a Shiplog error: a proxy or another server answered`,
  notJsonSuccess: (status: number, url: string) =>
    `HTTP ${status} from ${url} is not JSON: is the URL the Shiplog App's base URL (for example https://shiplog.example.com)?`,
  unreachable: (url: string, attempts: number, reason: string) =>
    `Shiplog at ${url} could not be reached after ${attempts} attempt${attempts === 1 ? '' : 's'} (${reason})`,
  timedOut: (ms: number) => `no answer within ${ms} ms`,
} as const;
