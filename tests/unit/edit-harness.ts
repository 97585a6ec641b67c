// The store's worker, replaced by the real core in-process (the Session the worker runs), so that store
// actions are tested against the real loader. Results are cloned as comlink would clone them.
import { vi } from 'vitest';
import { Session } from '../../src/sim';

export function fakeSimClient() {
  let session = new Session();
  const client = {
    async call(method: string, ...args: unknown[]) {
      await Promise.resolve();
      switch (method) {
        case 'load':
          return structuredClone(session.load(args[0], { keepState: Boolean(args[1]) }));
        case 'send':
          return structuredClone(session.send(args[0] as never));
        case 'inspect':
          return structuredClone(session.inspect(args[0] as string));
        case 'reset':
          return session.reset();
        default:
          return 'pong';
      }
    },
    onEvent: vi.fn(),
    kill() {
      session = new Session();
    },
  };
  return client;
}

export const EMPTY = { format: 'neutron-explorer/topology', version: 1, name: 'empty cloud', hosts: [] };
