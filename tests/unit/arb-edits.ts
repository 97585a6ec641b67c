// Random small clouds (generateCloud's parameters) and random sequences of the benchmark's one-resource
// edits, for the property tests of what crosses the worker boundary after an edit.
import fc from 'fast-check';
import { EDIT_KINDS } from '../../src/sim/model/sample-edits';

export const smallCloud = fc.record({
  seed: fc.nat(),
  computeHosts: fc.integer({ min: 1, max: 4 }),
  networkHosts: fc.integer({ min: 1, max: 2 }),
  networks: fc.integer({ min: 1, max: 3 }),
  vms: fc.integer({ min: 2, max: 10 }),
  routers: fc.integer({ min: 0, max: 2 }),
  external: fc.boolean(),
  floatingIps: fc.integer({ min: 0, max: 2 }),
  l2population: fc.boolean(),
  arpResponder: fc.boolean(),
});

export const someEdits = fc.array(
  fc.record({ kind: fc.constantFrom(...EDIT_KINDS), k: fc.nat({ max: 40 }) }),
  { minLength: 1, maxLength: 5 },
);
