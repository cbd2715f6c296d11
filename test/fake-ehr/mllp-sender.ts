import net from "node:net";

// A hospital interface engine's side of MLLP, byte for byte: frames a message (0x0B ... 0x1C 0x0D),
// waits for the ACK frame on the same connection. Raw bytes in, so tests can send what real feeds
// get wrong (bad encodings, huge messages, a frame cut off by a dropped connection).
const VT = 0x0b;
const FS = 0x1c;
const CR = 0x0d;

export interface MllpSender {
  /** Sends one message and resolves with the ACK text. */
  send(message: string | Buffer): Promise<string>;
  /** Writes raw bytes (no framing) and does not wait. */
  writeRaw(bytes: Buffer): Promise<void>;
  close(): Promise<void>;
}

export async function connectMllp(port: number, host = "127.0.0.1"): Promise<MllpSender> {
  const socket = net.connect({ port, host });
  socket.setNoDelay(true);
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("error", reject);
  });
  let buffer = Buffer.alloc(0);
  const waiting: ((ack: string) => void)[] = [];
  socket.on("data", (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      const start = buffer.indexOf(VT);
      const end = buffer.indexOf(Buffer.from([FS, CR]), start + 1);
      if (start < 0 || end < 0) return;
      const ack = buffer.subarray(start + 1, end).toString("utf8");
      buffer = buffer.subarray(end + 2);
      waiting.shift()?.(ack);
    }
  });
  const failures: ((err: Error) => void)[] = [];
  socket.on("error", (err) => {
    for (const f of failures.splice(0)) f(err);
  });
  const write = (bytes: Buffer) =>
    new Promise<void>((resolve, reject) => socket.write(bytes, (err) => (err ? reject(err) : resolve())));
  return {
    send(message) {
      const body = typeof message === "string" ? Buffer.from(message, "utf8") : message;
      return new Promise<string>((resolve, reject) => {
        waiting.push(resolve);
        failures.push(reject);
        write(Buffer.concat([Buffer.from([VT]), body, Buffer.from([FS, CR])])).catch(reject);
      });
    },
    writeRaw: write,
    close: () =>
      new Promise<void>((resolve) => {
        socket.end(() => resolve());
        socket.destroy();
      }),
  };
}

/** MSA-1 and MSA-2 (and ERR-8 when present) of an ACK. */
export function readAck(ack: string): { code: string; controlId: string; reason: string } {
  const segments = ack.split("\r").map((s) => s.split("|"));
  const msa = segments.find((s) => s[0] === "MSA") ?? [];
  const err = segments.find((s) => s[0] === "ERR") ?? [];
  return { code: msa[1] ?? "", controlId: msa[2] ?? "", reason: err[8] ?? msa[3] ?? "" };
}
