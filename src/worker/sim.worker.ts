// The simulation core in a Web Worker, exposed with comlink. No logic here: the Session does it all.
import { expose } from 'comlink';
import { Session } from '../sim';
import type { SimApi } from './protocol';

const session = new Session();

const api: SimApi = {
  load: (raw, keepState) => session.load(raw, { keepState: keepState ?? false }),
  send: (req) => session.send(req),
  reset: () => session.reset(),
  inspect: (id) => session.inspect(id),
  fingerprints: (ids) => session.fingerprints(ids),
  tool: (where, line) => session.tool(where, line),
  complete: (where, line) => session.complete(where, line),
  ping: () => 'pong',
};

expose(api);
