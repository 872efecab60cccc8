// Result values for expected failures (house rule 6): callers branch on `ok`, bugs still throw.
import type { WireError } from './protocol/errors';

export type Ok<T> = { ok: true; value: T };
export type Err<E = WireError> = { ok: false; error: E };
export type Result<T, E = WireError> = Ok<T> | Err<E>;

export const ok = <T>(value: T): Ok<T> => ({ ok: true, value });
export const err = <E>(error: E): Err<E> => ({ ok: false, error });
