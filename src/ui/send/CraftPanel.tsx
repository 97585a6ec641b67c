// The send bar's advanced panel: a hand-made packet. The source address (any: a spoofed one too), the
// TTL, the size, the don't-fragment bit, a TCP probe's flags and the source port. What the cloud does
// with it is the core's: port security drops a source that is not the port's own on the sender's qbr.
import { PROBE_TCP_FLAGS } from '../../sim';
import { type TcpFlagsChoice, useCraft } from '../../store/craft-store';
import { usePlayback } from '../../store/playback-store';

const FLAG_LABEL: Record<string, string> = {
  S: 'SYN',
  A: 'ACK',
  SA: 'SYN-ACK',
  F: 'FIN',
  FA: 'FIN-ACK',
  R: 'RST',
  RA: 'RST-ACK',
};

export function CraftPanel() {
  const c = useCraft();
  const proto = usePlayback((s) => s.proto);
  if (!c.open) return null;
  const dhcp = proto === 'dhcp' || proto === 'dhcp-renew';
  const l4 = proto === 'tcp' || proto === 'udp';
  return (
    <fieldset className="send-craft" aria-label="Hand-made packet" disabled={dhcp} data-testid="send-craft">
      <label>
        Source IP
        <input
          value={c.src}
          onChange={(e) => c.set({ src: e.target.value })}
          placeholder="its own"
          size={13}
          aria-label="Source IP"
          data-testid="craft-src"
        />
      </label>
      <label>
        TTL
        <input
          value={c.ttl}
          onChange={(e) => c.set({ ttl: e.target.value })}
          placeholder="64"
          inputMode="numeric"
          size={3}
          aria-label="TTL"
          data-testid="craft-ttl"
        />
      </label>
      <label title="The IP packet's size in bytes, headers included">
        Size
        <input
          value={c.size}
          onChange={(e) => c.set({ size: e.target.value })}
          placeholder={proto === 'tcp' ? '40' : proto === 'udp' ? '28' : '84'}
          inputMode="numeric"
          size={5}
          aria-label="Size in bytes"
          data-testid="craft-size"
        />
      </label>
      <label title="Don't fragment: a packet too big for a link is dropped (and ICMP says so) instead of cut in pieces">
        <input
          type="checkbox"
          checked={c.df}
          onChange={(e) => c.set({ df: e.target.checked })}
          data-testid="craft-df"
        />
        DF
      </label>
      {proto === 'tcp' ? (
        <label>
          flags
          <select
            value={c.flags}
            onChange={(e) => c.set({ flags: e.target.value as TcpFlagsChoice })}
            aria-label="TCP flags"
            data-testid="craft-flags"
          >
            {PROBE_TCP_FLAGS.map((f) => (
              <option key={f} value={f}>
                {FLAG_LABEL[f] ?? f}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      {l4 ? (
        <label>
          source port
          <input
            value={c.sport}
            onChange={(e) => c.set({ sport: e.target.value })}
            placeholder="ephemeral"
            inputMode="numeric"
            size={7}
            aria-label="Source port"
            data-testid="craft-sport"
          />
        </label>
      ) : null}
      <span className="muted send-craft__note">
        {dhcp
          ? 'A DHCP exchange is made by the client as it is.'
          : 'Port security checks the source: an address that is not the port’s own is spoofed.'}
      </span>
    </fieldset>
  );
}
