// Editing by typing: commands read against the names in the demo cloud, and errors that name the part
// of the command that is wrong and the word given.
import { describe, expect, it } from 'vitest';
import { namesOf, parseCommand, suggestions } from '../../src/logic/edit-command';
import { loadExample } from './helpers';

const demo = loadExample('two-networks-one-router');
const names = namesOf(demo);
const vm1 = demo.servers.find((s) => s.name === 'vm1')!;
const net = demo.networks.find((n) => !n['router:external'])!;

describe('parseCommand', () => {
  it('reads "add VM to compute1" as a VM dropped on that host', () => {
    expect(parseCommand('add VM to compute1', names)).toEqual({
      kind: 'add',
      what: 'vm',
      onto: { kind: 'host', id: 'compute1', name: 'compute1' },
    });
    expect(parseCommand('  Add  a   router ', names)).toEqual({ kind: 'add', what: 'router', onto: null });
    expect(parseCommand('add floating IP to vm1', names)).toMatchObject({
      what: 'floating-ip',
      onto: { kind: 'server', id: vm1.id },
    });
  });

  it('reads "connect vm1 to <network>" as a wire between them', () => {
    expect(parseCommand(`connect vm1 to ${net.name}`, names)).toEqual({
      kind: 'connect',
      from: { kind: 'server', id: vm1.id, name: 'vm1' },
      to: { kind: 'network', id: net.id, name: net.name },
    });
  });

  it('names the wrong part and the word given', () => {
    expect(parseCommand('add VM to compute9', names)).toEqual({
      kind: 'error',
      message: 'to: nothing in the cloud is called "compute9"',
    });
    expect(parseCommand('add toaster', names)).toMatchObject({
      message: expect.stringMatching(/^add: "toaster"/),
    });
    expect(parseCommand('connect vm7 to x', names)).toMatchObject({
      message: 'connect: nothing in the cloud is called "vm7"',
    });
    expect(parseCommand('delete vm1', names)).toMatchObject({
      message: expect.stringContaining('"delete vm1" is no command'),
    });
    expect(parseCommand('', names).kind).toBe('error');
  });

  it('says when a name is shared by two things', () => {
    const twice = [...names, { kind: 'server' as const, id: 'x', name: 'vm1' }];
    expect(parseCommand('connect vm1 to x', twice)).toMatchObject({
      message: expect.stringMatching(/^connect: "vm1" names 2 things/),
    });
  });
});

describe('suggestions', () => {
  it('offers a VM on each compute host and only the wires not there yet', () => {
    const s = suggestions(demo);
    expect(s).toContain('add VM to compute1');
    expect(s).not.toContain('add VM to network1');
    // vm1 is on its network already; vm2 is not
    const vm1Net = demo.networks.find((n) =>
      demo.ports.some((p) => p.device_id === vm1.id && p.network_id === n.id),
    )!;
    expect(s).not.toContain(`connect vm1 to ${vm1Net.name}`);
    const other = demo.networks.find((n) => !n['router:external'] && n.id !== vm1Net.id)!;
    expect(s).toContain(`connect vm1 to ${other.name}`);
    // every suggestion reads as a command of this cloud
    for (const c of s) expect(parseCommand(c, names).kind, c).not.toBe('error');
  });
});
