// A small leveled logger: one line per event, errors with their stack, quiet in tests unless NSLAB_LOG is set.
export type Logger = {
  info(message: string): void;
  warn(message: string): void;
  error(message: string, cause?: unknown): void;
};

export function createLogger(quiet = process.env.VITEST !== undefined && !process.env.NSLAB_LOG): Logger {
  const stamp = () => new Date().toISOString().slice(11, 19);
  return {
    info: (m) => !quiet && console.log(`${stamp()} ${m}`),
    warn: (m) => !quiet && console.warn(`${stamp()} warning: ${m}`),
    error: (m, cause) => console.error(`${stamp()} error: ${m}`, cause instanceof Error ? cause.stack : (cause ?? '')),
  };
}
