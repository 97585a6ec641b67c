// Lines of command output (flows, rules, routes) in a <pre> that wraps: each line its own block, so a
// long flow that wraps is indented under its start and still reads as one line of `ovs-ofctl`. The
// newlines stay in the text, for copying and for screen readers.
export function PreLines({ lines, testId }: { lines: readonly string[]; testId?: string }) {
  return (
    <pre data-testid={testId}>
      {lines.map((line, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: output lines repeat (two identical flows, blank lines)
        <span key={i} className="pre-line">
          {i < lines.length - 1 ? `${line}\n` : line}
        </span>
      ))}
    </pre>
  );
}
