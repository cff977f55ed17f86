import { isUtf8 } from 'node:buffer';
import { VvaError } from './errors.ts';

/** The line (from 1) holding the first byte that is not well-formed UTF-8, or null when all is. */
export function firstBadUtf8Line(buf: Buffer): number | null {
  if (isUtf8(buf)) return null;
  // Line by line: a cut inside a line could split a good multi-byte character and look bad.
  let line = 1;
  let start = 0;
  for (let i = 0; i <= buf.length; i++) {
    if (i === buf.length || buf[i] === 0x0a) {
      if (!isUtf8(buf.subarray(start, i))) return line;
      line++;
      start = i + 1;
    }
  }
  return line;
}

/** A body that is not UTF-8 is refused with its line, not read with U+FFFD in place of the bad bytes. */
export function badUtf8(line: number): VvaError {
  return VvaError.invalid([{ name: 'body', reason: `regel ${line}: geen geldige UTF-8; stuur de tekst in UTF-8`, code: 'ongeldige-utf8' }], 'De inhoud is geen geldige UTF-8-tekst.');
}

/**
 * The same check on a stream (an upload spooled to disk, never held whole): each chunk is checked up
 * to its last line break, the rest of the line waits for the next chunk. Throws `badUtf8` at the first bad line.
 */
export class Utf8Lines {
  private pending = Buffer.alloc(0);
  private linesBefore = 0;

  push(chunk: Buffer) {
    const last = chunk.lastIndexOf(0x0a);
    if (last < 0) {
      this.pending = Buffer.concat([this.pending, chunk]);
      return;
    }
    const complete = Buffer.concat([this.pending, chunk.subarray(0, last + 1)]);
    this.check(complete);
    for (let i = complete.indexOf(0x0a); i >= 0; i = complete.indexOf(0x0a, i + 1)) this.linesBefore++;
    this.pending = Buffer.from(chunk.subarray(last + 1));
  }

  end() {
    this.check(this.pending);
  }

  private check(buf: Buffer) {
    const line = firstBadUtf8Line(buf);
    if (line !== null) throw badUtf8(this.linesBefore + line);
  }
}
