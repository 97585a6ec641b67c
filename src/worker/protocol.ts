// What the main thread may ask of the simulation worker. Types only: plain data crosses the boundary.
import type { DeviceInspect, SendRequest, SessionLoad, SessionSend, ToolResult, Where } from '../sim';

export interface SimApi {
  /** validate and realize a topology (raw JSON value); keepState keeps what traffic taught the devices */
  load(raw: unknown, keepState?: boolean): SessionLoad;
  /** a send, with the fingerprints of the devices it passed */
  send(req: SendRequest): SessionSend;
  reset(): void;
  inspect(deviceId: string): DeviceInspect | null;
  /** what each device is now, to tell whether an edit changed a device a send passed */
  fingerprints(ids: readonly string[]): Record<string, string | null>;
  /** a terminal command (see src/sim/tools), answered from the live model */
  tool(where: Where, line: string): ToolResult;
  /** tab completion candidates for the last word of a terminal line */
  complete(where: Where, partialLine: string): string[];
  ping(): 'pong';
}
