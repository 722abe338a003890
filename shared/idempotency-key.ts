/**
 * The `Idempotency-Key` header's grammar: 1 to 255 visible ASCII characters. The App checks the header
 * with it and the Action its `idempotency-key` input, so a key the Action accepts is never refused.
 */
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

export const isIdempotencyKey = (value: string): boolean => IDEMPOTENCY_KEY.test(value);
