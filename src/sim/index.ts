// The public surface of the simulation core. Nothing outside src/sim imports anything else from it.

export { cidrOf, inCidr, ipToInt } from './addr/ipv4';
export * from './compare';
export { flowText } from './devices/openflow/flow';
export type { Crafted } from './engine/craft';
export { PROBE_TCP_FLAGS } from './engine/craft';
export type { SendRequest } from './engine/resolve';
export type { SendResult } from './engine/send';
export { DEFAULT_HOP_BUDGET, send } from './engine/send';
export type { SimState } from './engine/state';
export { newSimState } from './engine/state';
export type * from './engine/trace';
export { TRACE_FORMAT } from './engine/trace';
export type { TopologyError } from './model/errors';
export { formatError } from './model/errors';
export * from './model/ha';
export type { LoadResult } from './model/load';
export { loadTopology, loadTopologyText, MAX_TOPOLOGY_CHARS } from './model/load';
export type { Found } from './model/names';
export { findRouter, findServer, labelList, namesakes, routerLabel, serverLabel } from './model/names';
export type { TopologyInput } from './model/schema';
export { topologyJsonSchema } from './model/schema';
export * from './model/types';
export { realize } from './realize';
export type * from './realize/dataplane';
export { haFailovers } from './realize/l3-ha-failover';
export type { SessionCompare, SessionLoad, SessionSend } from './session';
export { Session } from './session';
export * from './tools';
export type * from './view/host-build';
export { hostBuild } from './view/host-build';
export type * from './view/inspect';
export { inspectDevice } from './view/inspect';
export type * from './view/plane-view';
export { planeView } from './view/plane-view';
export {
  applyViewPatch,
  diffView,
  receiveView,
  type ViewPatch,
  ViewSender,
  type ViewUpdate,
} from './view/view-patch';
export type { TraceFrame } from './wire/describe';
