// Error codes every socket reply may carry; one list shared by browser and server.
import { z } from 'zod';

export const ErrorCode = z.enum([
  /** The payload did not match the event's schema. */
  'bad_request',
  /** The client speaks another protocol version; reload the page. */
  'protocol_mismatch',
  /** Session, terminal or lesson does not exist (or is not yours). */
  'not_found',
  /** A configured limit (terminals, sessions) was reached. */
  'limit_reached',
  /** The lab machine could not start or reach a sandbox. */
  'machine_failed',
  /** The lab machine is still starting (a VM booting); `machine:status` pushes say when it is ready. */
  'machine_starting',
  /** The request was refused (missing token, foreign origin). */
  'forbidden',
  /** A bug on the server; it was logged. */
  'internal',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const WireError = z.object({ code: ErrorCode, message: z.string() });
export type WireError = z.infer<typeof WireError>;

export const wireError = (code: ErrorCode, message: string): WireError => ({ code, message });
