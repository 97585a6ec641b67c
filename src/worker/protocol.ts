// What the main thread may ask of the simulation worker. Types only: plain data crosses the boundary.
import type { DeviceInspect, SendRequest, SendResult, SessionLoad } from '../sim';

export interface SimApi {
  /** validate and realize a topology (raw JSON value); keepState keeps what traffic taught the devices */
  load(raw: unknown, keepState?: boolean): SessionLoad;
  send(req: SendRequest): SendResult;
  reset(): void;
  inspect(deviceId: string): DeviceInspect | null;
  ping(): 'pong';
}
