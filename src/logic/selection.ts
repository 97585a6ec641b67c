// What the user has selected on either view. Plain data, shared by the stores, the terminal's places
// and the UI; a server is its VM in the physical view, a router its qrouter namespace.
export type Selection =
  | { kind: 'device'; id: string }
  | { kind: 'host'; id: string }
  | { kind: 'network'; id: string }
  | { kind: 'subnet'; id: string }
  | { kind: 'router'; id: string }
  | { kind: 'server'; id: string }
  | { kind: 'floatingip'; id: string }
  | { kind: 'tunnel'; id: string }
  | null;
