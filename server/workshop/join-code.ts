// The join code as learners type it off a projector: for a generated code, case, spaces and dashes do not matter.
import { sameSecret } from '../same-secret';
import { CODE_ALPHABET } from './workshop-access';

const GENERATED = new RegExp(`^[${CODE_ALPHABET}]+$`);

/** The code is made of CODE_ALPHABET only (a generated one): typed case-blind, with any spaces or dashes. */
export const isForgiving = (joinCode: string): boolean => GENERATED.test(joinCode);

/**
 * The form of `offered` that is compared with (and counted as a guess against) `joinCode`.
 * A generated code (only CODE_ALPHABET's letters and digits) is typed case-blind with any
 * spaces or dashes, so "abcde-fghjk" is "ABCDEFGHJK"; the set of distinct codes stays the
 * same (31^10), so this makes no guess cheaper. A code the operator chose is taken exactly.
 */
export function typedCode(offered: string, joinCode: string): string {
  if (!isForgiving(joinCode)) return offered;
  return offered.toUpperCase().replace(/[\s-]+/g, '');
}

export const matchesJoinCode = (offered: string, joinCode: string): boolean => sameSecret(typedCode(offered, joinCode), joinCode);
