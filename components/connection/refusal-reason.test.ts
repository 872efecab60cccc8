// Reading the server's refusal out of socket.io's transport error.
import { describe, expect, it } from 'vitest';
import { refusalReason } from './refusal-reason';

const transportError = (status: unknown, responseText?: string) =>
  Object.assign(new Error('xhr poll error'), { type: 'TransportError', description: status, context: responseText === undefined ? undefined : { responseText } });

describe('refusalReason', () => {
  it('gives the server’s reason for 401, 403 and 429', () => {
    expect(refusalReason(transportError(403, 'connections from http://evil.example are refused\n'))).toBe('connections from http://evil.example are refused');
    expect(refusalReason(transportError(429, 'too many wrong join codes or tokens from your address; try again in 42 s'))).toMatch(/try again in 42 s/);
    expect(refusalReason(transportError(401))).toBe('the lab server refused the connection (HTTP 401)');
  });

  it('leaves other failures to socket.io’s retries', () => {
    expect(refusalReason(transportError(0, ''))).toBeNull();
    expect(refusalReason(transportError(502, 'Bad Gateway'))).toBeNull();
    expect(refusalReason(new Error('websocket error'))).toBeNull();
    expect(refusalReason('nope')).toBeNull();
  });
});
