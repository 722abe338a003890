/** Deploy freezes, decided without I/O: is one on at a given moment? */
import type { FreezeWindow } from '../store/records.js';

/** The freeze on at `now` (the one ending last when several overlap), if any. */
export function activeFreeze(
  windows: readonly FreezeWindow[] | undefined,
  now: Date,
): FreezeWindow | undefined {
  const at = now.getTime();
  let active: FreezeWindow | undefined;
  for (const window of windows ?? []) {
    if (Date.parse(window.from) <= at && at < Date.parse(window.to)) {
      if (!active || Date.parse(window.to) > Date.parse(active.to)) active = window;
    }
  }
  return active;
}

/** `reason` + until when, for messages. */
export function describeFreeze(window: FreezeWindow): string {
  return `frozen until ${window.to}${window.reason ? ` (${window.reason})` : ''}`;
}
