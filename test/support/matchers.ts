// Vitest's asymmetric matchers typed as the value they stand for: Vitest declares them as returning `any`, which makes every
// object literal holding one an unsafe `any` assignment and hides a matcher put where the value has another type.
import { expect, type DeeplyAllowMatchers } from 'vitest';

/** A string that `pattern` matches (`expect.stringMatching`). */
export const stringMatching = (pattern: RegExp): string => expect.stringMatching(pattern) as string;

/** A string that contains `text` (`expect.stringContaining`). */
export const stringContaining = (text: string): string => expect.stringContaining(text) as string;

/** An object with at least the properties of `object`, each matching (`expect.objectContaining`). */
export const objectContaining = <T extends object>(object: DeeplyAllowMatchers<T>): T => expect.objectContaining(object) as T;
