/**
 * Server-sent events, decoded the way the `openai` SDK decodes them: lines end with LF, CRLF or
 * CR (also when the CR and LF arrive in different chunks); `:` starts a comment; `data` lines
 * join with `\n`; one space after the colon is dropped; an empty line dispatches the event when
 * it has a name or data; other fields are ignored; an event never closed by an empty line is
 * dropped at the end of the stream (as the SDK drops it); a byte order mark opening the stream
 * is skipped (the SDK's decoder drops it). One difference, kept on purpose: the SDK decodes each
 * line on its own and so drops a byte order mark opening any line; here one inside the stream
 * stays in its line (only a proxy joining two streams would send one). Text in, one callback per
 * event out.
 */

const COLON = 58;
const SPACE = 32;
const LINE_FEED = 10;
const BYTE_ORDER_MARK = 0xfeff;

export type SseListener = (event: string | null, data: string) => void;

export class SseDecoder {
  /** Text after the last complete line. */
  private pending = '';
  private event: string | null = null;
  private data: string | null = null;
  private started = false;

  constructor(private readonly listener: SseListener) {}

  /** Decoded text as it arrives; a listener that throws stops the decoding there. */
  push(text: string): void {
    if (!this.started) {
      if (text === '') return;
      this.started = true;
      // A byte order mark opening the stream is not part of the first line.
      if (text.charCodeAt(0) === BYTE_ORDER_MARK) text = text.slice(1);
    }
    this.lines(this.pending === '' ? text : this.pending + text, false);
  }

  /** The stream ended: a CR left at the very end closes its line. */
  end(): void {
    if (this.pending !== '') this.lines(this.pending, true);
    this.pending = '';
  }

  private lines(buffer: string, final: boolean): void {
    const length = buffer.length;
    let start = 0;
    let carriage = buffer.indexOf('\r');
    let feed = buffer.indexOf('\n');
    while (carriage !== -1 || feed !== -1) {
      let end: number;
      let next: number;
      if (carriage !== -1 && (feed === -1 || carriage < feed)) {
        // A CR as the last character may be the first half of a CRLF still on its way.
        if (carriage === length - 1 && !final) break;
        end = carriage;
        next = buffer.charCodeAt(carriage + 1) === LINE_FEED ? carriage + 2 : carriage + 1;
      } else {
        end = feed;
        next = feed + 1;
      }
      this.pending = '';
      this.line(buffer, start, end);
      start = next;
      if (carriage !== -1 && carriage < start) carriage = buffer.indexOf('\r', start);
      if (feed !== -1 && feed < start) feed = buffer.indexOf('\n', start);
    }
    this.pending = start === 0 ? buffer : buffer.slice(start);
  }

  private line(buffer: string, start: number, end: number): void {
    if (start === end) {
      this.dispatch();
      return;
    }
    if (buffer.charCodeAt(start) === COLON) return;
    const colon = buffer.indexOf(':', start);
    let nameEnd = end;
    let valueStart = end;
    if (colon !== -1 && colon < end) {
      nameEnd = colon;
      valueStart =
        buffer.charCodeAt(colon + 1) === SPACE && colon + 1 < end ? colon + 2 : colon + 1;
    }
    const nameLength = nameEnd - start;
    if (nameLength === 4 && buffer.startsWith('data', start)) {
      const value = buffer.slice(valueStart, end);
      this.data = this.data === null ? value : `${this.data}\n${value}`;
    } else if (nameLength === 5 && buffer.startsWith('event', start)) {
      this.event = buffer.slice(valueStart, end);
    }
  }

  private dispatch(): void {
    const { event, data } = this;
    if (!event && data === null) return;
    this.event = null;
    this.data = null;
    this.listener(event, data ?? '');
  }
}
