/** The HTTP limits the server applies and its error messages state. */

/** Request bodies may be this large. */
export const BODY_LIMIT_BYTES = 1024 * 1024;
/** Path segments (names, versions, ids) may be this long: names are at most 100 characters. */
export const MAX_PATH_SEGMENT = 100;
