// The few globals that browsers and Node share, typed here because core compiles with neither's types.

/** What core may use of its host. Looked up on `globalThis` per call, so test fake timers apply. */
export type Host = {
  setTimeout(fire: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  crypto: { getRandomValues<T extends Uint8Array>(array: T): T };
  btoa(binary: string): string;
  console: { error(message: string): void };
};

export const host = globalThis as unknown as Host;
