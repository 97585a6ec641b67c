// The store's worker, replaced by the real core in-process (the Session the worker runs), so that store
// actions are tested against the real loader. Results are cloned as comlink would clone them.
import { vi } from 'vitest';
import { Session, type Where } from '../../src/sim';
import { sessionHandlers } from '../../src/worker/serve';

export function fakeSimClient() {
  let session = new Session();
  // load and view answer as the worker's own handlers do: the view whole, or as a patch
  let handlers = sessionHandlers(session, 'fake-1');
  let workers = 1;
  const client = {
    async call(method: string, ...args: unknown[]) {
      await Promise.resolve();
      switch (method) {
        case 'load':
          return structuredClone(
            await handlers.load(args[0], Boolean(args[1]), (args[2] as string | null | undefined) ?? null),
          );
        case 'edit':
          return structuredClone(
            await handlers.edit(args[0] as string, args[1] as never, (args[2] as string | null) ?? null),
          );
        case 'view':
          return structuredClone(await handlers.view());
        case 'send':
          return structuredClone(session.send(args[0] as never));
        case 'compare':
          return structuredClone(session.compare(args[0] as never, args[1] as never));
        case 'inspect':
          return structuredClone(session.inspect(args[0] as string));
        case 'fingerprints':
          return structuredClone(session.fingerprints(args[0] as string[]));
        case 'tool':
          return structuredClone(session.tool(args[0] as Where, args[1] as string));
        case 'complete':
          return structuredClone(session.complete(args[0] as Where, args[1] as string));
        case 'trySends':
          return structuredClone(session.trySends(args[0] as never));
        case 'reset':
          return session.reset();
        case 'wait':
          return session.wait(args[0] as number);
        default:
          return 'pong';
      }
    },
    onEvent: vi.fn(),
    kill() {
      session = new Session();
      handlers = sessionHandlers(session, `fake-${++workers}`);
    },
    /** the core behind the fake worker, for tests that compare with it */
    get session() {
      return session;
    },
  };
  return client;
}

export const EMPTY = { format: 'neutron-explorer/topology', version: 1, name: 'empty cloud', hosts: [] };
