/**
 * Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org). Callers make
 * sure colour never carries meaning alone: every coloured word is also written out.
 */
export function useColor(options: {
  stream: NodeJS.WritableStream;
  environment: Readonly<Record<string, string | undefined>>;
}): boolean {
  const isTerminal = (options.stream as NodeJS.WriteStream).isTTY === true;
  const noColor = options.environment['NO_COLOR'];
  return (
    isTerminal &&
    (noColor === undefined || noColor === '') &&
    options.environment['TERM'] !== 'dumb'
  );
}
