// The command line of `npm run trace`, read into steps run in order on one simulator state: sends,
// repeats of the last send, and waits of simulated time. Pure: no process, no files.
import { parseArgs } from 'node:util';
import type { SendRequest } from '../sim';

export type Proto = NonNullable<SendRequest['proto']>;
const PROTOS: readonly Proto[] = ['icmp', 'tcp', 'udp', 'dhcp'];

export type Step = { kind: 'send'; req: SendRequest } | { kind: 'wait'; seconds: number };

export type TraceArgs =
  | { ok: true; file: string; steps: Step[]; json: boolean }
  | { ok: false; message: string };

/** Options that shape every send: given once, they apply to each. */
interface Shape {
  count?: number;
  ttl?: number;
  size?: number;
  renew: boolean;
  /** a hand-made packet's fields (src/sim/engine/craft.ts checks them) */
  src?: string;
  sport?: number;
  flags?: string;
  noDf: boolean;
}

class ArgError extends Error {}

function whole(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new ArgError(`--${name} ${v}: expected a whole number`);
  return n;
}

function proto(v: string, where: string): Proto {
  if (!(PROTOS as readonly string[]).includes(v))
    throw new ArgError(`${where} ${v}: expected icmp, tcp, udp or dhcp`);
  return v as Proto;
}

/**
 * One `--send` value: FROM:TO[:PROTO[:PORT]]. A router's namespace is written router:NAME, so a part
 * "router" takes the part after it along ("router:router1:vm2:tcp:22").
 */
export function parseSendSpec(spec: string): { from: string; to: string; proto?: Proto; port?: number } {
  const parts = spec.split(':');
  const take = (): string | undefined => {
    const p = parts.shift();
    return p === 'router' && parts.length ? `router:${parts.shift()}` : p;
  };
  const from = take();
  const to = take();
  if (!from || !to)
    throw new ArgError(
      `--send ${spec}: expected FROM:TO[:PROTO[:PORT]], for example vm1:vm2 or vm1:internet:tcp:80`,
    );
  const p = parts.shift();
  const port = parts.shift();
  if (parts.length) throw new ArgError(`--send ${spec}: too many parts; expected FROM:TO[:PROTO[:PORT]]`);
  return {
    from,
    to,
    ...(p ? { proto: proto(p, `--send ${spec}: protocol`) } : {}),
    ...(port !== undefined ? { port: whole(`send ${spec}: port`, port) } : {}),
  };
}

function request(
  base: { from: string; to: string; proto?: Proto; port?: number },
  shape: Shape,
): SendRequest {
  const p = base.proto ?? 'icmp';
  return {
    from: base.from,
    to: base.to,
    proto: p,
    ...(base.port !== undefined ? { port: base.port } : {}),
    ...(shape.count !== undefined ? { count: shape.count } : {}),
    ...(shape.ttl !== undefined ? { ttl: shape.ttl } : {}),
    ...(shape.size !== undefined ? { size: shape.size } : {}),
    ...(shape.renew ? { dhcp: 'renew' as const } : {}),
    ...(shape.src !== undefined ? { src: shape.src } : {}),
    ...(shape.sport !== undefined ? { sport: shape.sport } : {}),
    ...(shape.flags !== undefined ? { flags: shape.flags as SendRequest['flags'] } : {}),
    ...(shape.noDf ? { df: false } : {}),
  };
}

/**
 * Reads argv. A first send may be given the old way (--from, --to, --proto, --port); every --send adds
 * one, --again repeats the last, --wait N lets N seconds of simulated time pass; all in the order given.
 */
export function parseTraceArgs(argv: string[]): TraceArgs {
  try {
    const { values, positionals, tokens } = parseArgs({
      args: argv,
      allowPositionals: true,
      tokens: true,
      options: {
        from: { type: 'string' },
        to: { type: 'string' },
        proto: { type: 'string' },
        port: { type: 'string' },
        send: { type: 'string', multiple: true },
        again: { type: 'boolean', multiple: true },
        wait: { type: 'string', multiple: true },
        count: { type: 'string' },
        ttl: { type: 'string' },
        size: { type: 'string' },
        json: { type: 'boolean', default: false },
        renew: { type: 'boolean', default: false },
        src: { type: 'string' },
        sport: { type: 'string' },
        flags: { type: 'string' },
        'no-df': { type: 'boolean', default: false },
      },
    });
    const file = positionals[0];
    if (!file) throw new ArgError('missing topology file');
    if (positionals.length > 1) throw new ArgError(`unexpected ${positionals[1]}: give one topology file`);
    const shape: Shape = {
      count: whole('count', values.count),
      ttl: whole('ttl', values.ttl),
      size: whole('size', values.size),
      renew: values.renew ?? false,
      noDf: values['no-df'] ?? false,
      ...(values.src !== undefined ? { src: values.src } : {}),
      ...(values.sport !== undefined ? { sport: whole('sport', values.sport) } : {}),
      ...(values.flags !== undefined ? { flags: values.flags } : {}),
    };
    const steps: Step[] = [];
    let last: SendRequest | null = null;
    if (values.from !== undefined || values.to !== undefined) {
      if (!values.from) throw new ArgError('missing --from');
      const p = values.proto === undefined ? 'icmp' : proto(values.proto, '--proto');
      if (!values.to && p !== 'dhcp') throw new ArgError('missing --to');
      last = request(
        { from: values.from, to: values.to ?? '255.255.255.255', proto: p, port: whole('port', values.port) },
        shape,
      );
      steps.push({ kind: 'send', req: last });
    } else if (values.proto !== undefined || values.port !== undefined)
      throw new ArgError('--proto and --port go with --from and --to; in --send write FROM:TO:PROTO:PORT');
    for (const t of tokens ?? []) {
      if (t.kind !== 'option') continue;
      if (t.name === 'send') {
        last = request(parseSendSpec(t.value ?? ''), shape);
        steps.push({ kind: 'send', req: last });
      } else if (t.name === 'again') {
        if (!last) throw new ArgError('--again repeats the send before it, and there is none');
        steps.push({ kind: 'send', req: last });
      } else if (t.name === 'wait') {
        const s = Number(t.value);
        if (!Number.isFinite(s) || s <= 0 || s > 86_400)
          throw new ArgError(
            `--wait ${t.value}: expected a number of seconds above 0, at most 86400 (a day)`,
          );
        steps.push({ kind: 'wait', seconds: s });
      }
    }
    if (!steps.some((s) => s.kind === 'send'))
      throw new ArgError('nothing to send: give --from and --to, or --send FROM:TO');
    return { ok: true, file, steps, json: values.json ?? false };
  } catch (e) {
    if (e instanceof ArgError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS'))
      return { ok: false, message: (e as Error).message };
    throw e;
  }
}
