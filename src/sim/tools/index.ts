// The simulated command-line tools (issue #6, a terminal on every host): what src/sim/index.ts exports
// of them. Pure formatters over Topology + Dataplane + SimState; no clock, no randomness.
export { completions } from './completions';
export type { Place, ToolContext, ToolResult, Where } from './context';
export type { ExternalCommand, RunOptions } from './shell';
export { GUEST_COMMANDS, HOST_COMMANDS, parseCommandLine, runLine, runTool } from './shell';
