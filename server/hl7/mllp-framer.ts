// MLLP framing (start byte 0x0B, message, end bytes 0x1C 0x0D). Written here rather than taken
// from @medplum/hl7's Hl7Connection because that one (4.5.x) only sees a frame end when a TCP
// chunk happens to end with it, keeps a frame that failed to parse in its buffer (so every later
// message on the connection fails too), has no size bound and hands back no raw bytes, while
// every message we receive must be stored raw and answered, whatever is wrong with it.
const VT = 0x0b;
const FS = 0x1c;
const CR = 0x0d;

export interface MllpFrame {
  /** The message bytes as received, cut at `keepBytes` when larger. */
  bytes: Buffer;
  /** The whole frame's size, which may exceed `bytes.length`. */
  size: number;
}

/**
 * Cuts a byte stream into MLLP frames. Bytes outside a frame (line noise, a sender's stray
 * newline) are skipped; a frame larger than `keepBytes` is still read to its end so the stream
 * stays in step, and only its first `keepBytes` are kept.
 */
export class MllpFrameReader {
  private parts: Buffer[] = [];
  private kept = 0;
  private size = 0;
  private inFrame = false;
  // The end is two bytes and a TCP chunk may split them.
  private sawFs = false;

  constructor(private readonly keepBytes: number) {}

  /** True while a frame has begun and not ended (a close now cuts a message short). */
  get midFrame(): boolean {
    return this.inFrame;
  }

  push(chunk: Buffer): MllpFrame[] {
    const frames: MllpFrame[] = [];
    let pos = 0;
    while (pos < chunk.length) {
      if (!this.inFrame) {
        const start = chunk.indexOf(VT, pos);
        if (start < 0) return frames;
        this.inFrame = true;
        pos = start + 1;
        continue;
      }
      if (this.sawFs) {
        this.sawFs = false;
        if (chunk[pos] === CR) {
          frames.push(this.finish());
          pos += 1;
          continue;
        }
        this.keep(Buffer.from([FS]));
      }
      const fs = chunk.indexOf(FS, pos);
      if (fs < 0) {
        this.keep(chunk.subarray(pos));
        return frames;
      }
      this.keep(chunk.subarray(pos, fs));
      if (fs + 1 >= chunk.length) {
        this.sawFs = true;
        return frames;
      }
      if (chunk[fs + 1] === CR) {
        frames.push(this.finish());
        pos = fs + 2;
      } else {
        this.keep(chunk.subarray(fs, fs + 1));
        pos = fs + 1;
      }
    }
    return frames;
  }

  private keep(part: Buffer): void {
    this.size += part.length;
    const room = this.keepBytes - this.kept;
    if (room <= 0 || part.length === 0) return;
    // Copy: the socket may reuse the chunk's memory once this returns.
    const piece = Buffer.from(part.subarray(0, room));
    this.parts.push(piece);
    this.kept += piece.length;
  }

  private finish(): MllpFrame {
    const frame = { bytes: Buffer.concat(this.parts), size: this.size };
    this.parts = [];
    this.kept = 0;
    this.size = 0;
    this.inFrame = false;
    return frame;
  }
}

/** Wraps one message in an MLLP frame. */
export function mllpFrame(message: string | Buffer): Buffer {
  const body = typeof message === "string" ? Buffer.from(message, "utf8") : message;
  return Buffer.concat([Buffer.from([VT]), body, Buffer.from([FS, CR])]);
}
