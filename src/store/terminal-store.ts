// The terminals: one shell per place (a host, a VM's console, an outside host), each with its scrollback
// and the namespace it was taken into (`ip netns exec <ns> bash`, `exit`), and one command history for
// all of them. Commands go to the worker, which answers from the live model in the real tools' formats;
// ping and traceroute are run here as sends through the playback store, so their packets animate on the
// canvas, and printed as their answers come, in simulated time; `sleep` moves the simulated clock.
import { create } from 'zustand';
import {
  applyCompletion,
  BUILTINS,
  SENDERS,
  TIME_COMMANDS,
  terminalCandidates,
} from '../logic/terminal/complete';
import {
  namespacesOn,
  type Place,
  promptOf,
  type Target,
  targetKey,
  whereOf,
} from '../logic/terminal/places';
import { parseLine, unwrap } from '../logic/terminal/words';
import { useApp } from './app-store';
import { usePanel } from './panel-store';
import { simClient } from './sim-client';
import { terminalEdit } from './terminal-faults';
import { hostNames, type Io, ping, placeWords, runSleep, traceroute } from './terminal-senders';

/** A piece of the scrollback: a command as typed, what it printed, a note of the simulator's own. */
export interface Block {
  id: number;
  kind: 'cmd' | 'out' | 'err' | 'note' | 'list';
  text: string;
  /** for `cmd`: the prompt it was typed at */
  prompt?: string;
  /** for `list`: completion candidates */
  items?: string[];
}

export interface Session {
  key: string;
  target: Target;
  /**
   * The shells started in the login shell, the current one last, each with the namespace it runs in:
   * `ip netns exec <ns> bash` starts one in <ns>, `bash` or `sudo -i` one where the shell was. `exit`
   * leaves the last.
   */
  stack: (string | null)[];
  blocks: Block[];
  /** a ping or traceroute is running: Enter waits, Ctrl+C stops it */
  running: boolean;
  /** how many lines have finished running (tests and the screenshot script wait on it) */
  done: number;
}

interface TerminalState {
  sessions: Record<string, Session>;
  /** the session shown */
  current: string | null;
  /** commands typed, oldest first, shared by every terminal */
  history: string[];
  /** the terminal takes more of the window (the panel widens) for long lines such as flows */
  wide: boolean;
  setWide(on: boolean): void;
  /** Opens the terminal at a place (its shell, in the namespace the place names). */
  open(place: Place): void;
  /** Runs a typed line in the current terminal; resolves to its exit code once it finished. */
  run(line: string): Promise<number>;
  /** Tab: the line up to the cursor, completed; lists the candidates when several remain. */
  complete(before: string): Promise<string>;
  /** Ctrl+C: stops a running ping or traceroute, or abandons the line typed. */
  interrupt(typed?: string): void;
  /** Ctrl+L, `clear`: empties the current scrollback. */
  clear(): void;
}

/** Blocks kept per terminal; older ones scroll away for good. */
const MAX_BLOCKS = 1500;
const MAX_HISTORY = 500;

/**
 * Real time per simulated time while printing ping's replies: 1 prints them as a real ping would, a
 * second apart. Tests set 0.
 */
export const terminalPace = { scale: 1 };

let nextBlock = 1;
const jobs = new Map<string, AbortController>();

const get = (): TerminalState => useTerminal.getState();
const set = (p: Partial<TerminalState> | ((s: TerminalState) => Partial<TerminalState>)): void =>
  useTerminal.setState(p);

export function placeOfSession(s: Session): Place {
  return { target: s.target, namespace: s.stack.at(-1) ?? null };
}

/** The place the current terminal is at, or null. */
export function currentPlace(st: Pick<TerminalState, 'sessions' | 'current'> = get()): Place | null {
  const s = st.current ? st.sessions[st.current] : undefined;
  return s ? placeOfSession(s) : null;
}

function update(key: string, fn: (s: Session) => Partial<Session>): void {
  set((st) => {
    const s = st.sessions[key];
    return s ? { sessions: { ...st.sessions, [key]: { ...s, ...fn(s) } } } : {};
  });
}

function append(key: string, ...blocks: Omit<Block, 'id'>[]): void {
  const add = blocks.filter((b) => b.kind === 'cmd' || b.kind === 'list' || b.text !== '');
  if (!add.length) return;
  update(key, (s) => ({
    blocks: [...s.blocks, ...add.map((b) => ({ ...b, id: nextBlock++ }))].slice(-MAX_BLOCKS),
  }));
}

/** Output as a block: a tool's trailing newline is where the prompt starts, not an empty line. */
const text = (s: string) => s.replace(/\n$/, '');

function banner(target: Target): Omit<Block, 'id'> {
  const hint =
    target.kind === 'host'
      ? '`ip netns` lists the namespaces, `ip netns exec <ns> bash` enters one.'
      : '`ping` and `traceroute` send packets you can watch on the canvas.';
  return { kind: 'note', text: `${hint} Tab completes, help says more.` };
}

function sessionFor(target: Target): Session {
  const key = targetKey(target);
  const have = get().sessions[key];
  if (have) return have;
  const s: Session = {
    key,
    target,
    stack: [],
    blocks: [{ ...banner(target), id: nextBlock++ }],
    running: false,
    done: 0,
  };
  set((st) => ({ sessions: { ...st.sessions, [key]: s } }));
  return s;
}

// ---- keeping the terminal tab open while its sends play --------------------------------------------

function help(place: Place): string {
  const onHost = place.target.kind === 'host';
  return [
    'This shell answers from the simulated cloud, in the real tools’ formats.',
    onHost
      ? 'Here: `ip` (addr, route, neigh, link, netns), `route -n`, `arp -n`, `ovs-vsctl show`, `ovs-ofctl dump-flows <br>`, `ovs-appctl fdb/show <br>`, `brctl show`, `iptables -S`, `iptables-save`, `openstack <resource> list|show`, `hostname`, `sudo`.'
      : 'Here: `ip` (addr, route, neigh, link), `route -n`, `arp -n`, `hostname`, `ping`, `traceroute`.',
    onHost
      ? 'Namespaces: `ip netns`, `ip netns exec <ns> <command>`; `ip netns exec <ns> bash` enters one, `exit` leaves it. `ping` and `traceroute` run in a qrouter namespace.'
      : '`ping [-c count] [-s size] [-t ttl] [-i interval] host`, `traceroute [-n] [-I] [-q n] [-m max_ttl] host`: their packets animate on the canvas.',
    '`sleep N` lets N seconds of simulated time pass (also `5m`, `1h`): ARP entries, connections, learned flows and MAC entries age as they would.',
    'Pipes into `grep`, `head`, `tail` and `wc`. Tab completes (Esc then Tab leaves the terminal), ↑/↓ walk the history, Ctrl+L or `clear` clears, Ctrl+C stops ping and traceroute.',
    'Alt+click a device on the canvas to open a terminal there.',
  ].join('\n');
}

/** `bash`, `sh`, `su -`, `sudo -i`: a new shell (already root, in the same namespace unless exec'd in one). */
function startsShell(words: readonly string[], argv: readonly string[]): boolean {
  if (words[0] === 'sudo' && words.length === 2 && (words[1] === '-i' || words[1] === '-s')) return true;
  const [cmd, ...args] = argv;
  if (cmd === 'bash' || cmd === 'sh') return args.length === 0 || (args.length === 1 && args[0] === '-l');
  if (cmd === 'su') return args.length === 0 || (args.length === 1 && args[0] === '-');
  return false;
}

/** Runs a line in a terminal: builtins, ping and traceroute here, the rest in the worker. */
async function runIn(key: string, s: Session, line: string): Promise<number> {
  const place = placeOfSession(s);
  append(key, { kind: 'cmd', prompt: promptOf(place), text: line });
  const trimmed = line.trim();
  if (trimmed && get().history.at(-1) !== line)
    set((st) => ({ history: [...st.history, line].slice(-MAX_HISTORY) }));
  if (!trimmed) return 0;

  const { stages } = parseLine(line);
  const first = stages[0] ?? [];
  const piped = stages.length > 1;
  const io = ioFor(key);
  if (!piped && first.length === 1 && (BUILTINS as readonly string[]).includes(first[0]!)) {
    switch (first[0]) {
      case 'clear':
        get().clear();
        return 0;
      case 'exit':
        if (s.stack.length) {
          update(key, (x) => ({ stack: x.stack.slice(0, -1) }));
          io.out('exit');
        } else {
          io.out('logout');
          io.note(
            `Connection to ${placeWords(place)} closed. Pick a place above, or type on to log in again.`,
          );
        }
        return 0;
      case 'history':
        io.out(
          get()
            .history.map((h, i) => `${String(i + 1).padStart(5)}  ${h}`)
            .join('\n'),
        );
        return 0;
      case 'help':
        io.note(help(place));
        return 0;
    }
  }

  const u = unwrap(first);
  const cmd = u.argv[0];
  // commands that change the cloud are edits, undoable like any other
  const edit = !piped && u.namespace === null ? terminalEdit(place, u.argv) : null;
  if (edit) {
    const r = await edit();
    append(key, { kind: 'out', text: text(r.out) }, { kind: 'err', text: text(r.err) });
    if (r.code === 0) io.note('Changed the cloud (Ctrl+Z undoes it).');
    return r.code;
  }
  const shell = startsShell(first, u.argv);
  const own = [...SENDERS, ...TIME_COMMANDS] as readonly string[];
  if (cmd && (own.includes(cmd) || shell)) {
    if (piped) {
      io.err(`${cmd}: this terminal does not pipe the output of ${cmd}`);
      return 2;
    }
    const { doc, view } = useApp.getState();
    let at = place;
    if (u.namespace !== null) {
      const host = place.target.kind === 'host' ? place.target.host : null;
      if (!host || !namespacesOn(doc, view, host).some((n) => n.name === u.namespace)) {
        io.err(`Cannot open network namespace "${u.namespace}": No such file or directory`);
        return 1;
      }
      at = { target: place.target, namespace: u.namespace };
    }
    if (shell) {
      update(key, (x) => ({ stack: [...x.stack, at.namespace] }));
      return 0;
    }
    if (cmd === 'sleep') return runSleep(u.argv.slice(1), io);
    return job(key, (jio) =>
      cmd === 'ping' ? ping(at, u.argv.slice(1), jio) : traceroute(at, u.argv.slice(1), jio),
    );
  }

  try {
    const r = await simClient().call('tool', whereOf(place), line);
    append(key, { kind: 'out', text: text(r.stdout) }, { kind: 'err', text: text(r.stderr) });
    return r.exitCode;
  } catch (e) {
    io.err(`the simulator did not answer: ${(e as Error).message}`);
    return 1;
  }
}

// ---- the store -------------------------------------------------------------------------------------

export const useTerminal = create<TerminalState>()(() => ({
  sessions: {},
  current: null,
  history: [],
  wide: false,
  setWide: (wide) => set({ wide }),

  open(place) {
    const s = sessionFor(place.target);
    const ns = place.namespace;
    const now = s.stack.at(-1) ?? null;
    set({ current: s.key });
    if (ns === now || s.running) return;
    if (ns === null) {
      // back to the login shell, in the root namespace: leave the shells started, one by one
      for (;;) {
        const x = get().sessions[s.key]!;
        if (!x.stack.length) break;
        append(s.key, { kind: 'cmd', prompt: promptOf(placeOfSession(x)), text: 'exit' });
        update(s.key, (y) => ({ stack: y.stack.slice(0, -1) }));
      }
      return;
    }
    // what an operator types to get there
    append(s.key, { kind: 'cmd', prompt: promptOf(placeOfSession(s)), text: `ip netns exec ${ns} bash` });
    update(s.key, (x) => ({ stack: [...x.stack, ns] }));
  },

  async run(line) {
    const key = get().current;
    const s = key ? get().sessions[key] : undefined;
    if (!key || !s || s.running) return 0;
    try {
      return await runIn(key, s, line);
    } finally {
      update(key, (x) => ({ done: x.done + 1 }));
    }
  },

  async complete(before) {
    const key = get().current;
    const s = key ? get().sessions[key] : undefined;
    if (!key || !s || s.running) return before;
    const place = placeOfSession(s);
    let core: string[] = [];
    try {
      core = await simClient().call('complete', whereOf(place), before);
    } catch {
      // no candidates from a worker that is restarting
    }
    const mine = terminalCandidates({ before, hostNames: hostNames(), onHost: place.target.kind === 'host' });
    const r = applyCompletion(before, [...core, ...mine]);
    if (r.list.length) append(key, { kind: 'list', prompt: promptOf(place), text: before, items: r.list });
    return r.before;
  },

  interrupt(typed = '') {
    const key = get().current;
    const s = key ? get().sessions[key] : undefined;
    if (!key || !s) return;
    const job = jobs.get(key);
    if (s.running && job) job.abort();
    else append(key, { kind: 'cmd', prompt: promptOf(placeOfSession(s)), text: `${typed}^C` });
  },

  clear() {
    const key = get().current;
    if (key) update(key, () => ({ blocks: [] }));
  },
}));

function ioFor(key: string, signal?: AbortSignal): Io {
  return {
    out: (t) => append(key, { kind: 'out', text: text(t) }),
    err: (t) => append(key, { kind: 'err', text: text(t) }),
    note: (t) => append(key, { kind: 'note', text: t }),
    sleep: (ms) =>
      new Promise<number>((resolve) => {
        if (signal?.aborted) return resolve(0);
        const scale = terminalPace.scale;
        const start = Date.now();
        const done = (waited: number) => {
          clearTimeout(t);
          signal?.removeEventListener('abort', onAbort);
          resolve(waited);
        };
        const onAbort = () => done(scale > 0 ? Math.min(ms, (Date.now() - start) / scale) : 0);
        const t = setTimeout(() => done(ms), Math.max(0, ms * scale));
        signal?.addEventListener('abort', onAbort);
      }),
    aborted: () => signal?.aborted ?? false,
  };
}

/** Runs a ping or traceroute: the terminal waits for it, Ctrl+C aborts it (`^C`, as a shell echoes). */
async function job(key: string, fn: (io: Io) => Promise<number>): Promise<number> {
  const ctl = new AbortController();
  jobs.set(key, ctl);
  update(key, () => ({ running: true }));
  const io = ioFor(key, ctl.signal);
  ctl.signal.addEventListener('abort', () => append(key, { kind: 'out', text: '^C' }));
  try {
    return await fn(io);
  } catch (e) {
    io.err(`the simulator did not answer: ${(e as Error).message}`);
    return 1;
  } finally {
    jobs.delete(key);
    update(key, () => ({ running: false }));
  }
}

/** The place a terminal would open at first: the network node, where the namespaces are. */
export function defaultPlace(): Place | null {
  const { doc } = useApp.getState();
  const host = doc?.hosts.find((h) => h.role === 'network') ?? doc?.hosts[0];
  if (host) return { target: { kind: 'host', host: host.name }, namespace: null };
  const server = doc?.servers[0];
  return server ? { target: { kind: 'vm', serverId: server.id }, namespace: null } : null;
}

/** Opens the terminal tab at a place (from the canvas). */
export function openTerminalAt(place: Place): void {
  get().open(place);
  usePanel.getState().setTab('terminal');
}
