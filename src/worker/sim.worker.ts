// The simulation core in a Web Worker. No logic here: the Session does it all, serve.ts frames the calls.
import { Session } from '../sim';
import { serveSim, sessionHandlers } from './serve';

serveSim(self, sessionHandlers(new Session()));
