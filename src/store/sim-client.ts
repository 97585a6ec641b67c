// The one simulation worker of the app (the store is its only caller).
import { createSimClient, type SimClient } from '../worker/client';

let client: SimClient | null = null;

export function simClient(): SimClient {
  client ??= createSimClient();
  return client;
}
