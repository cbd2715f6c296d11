import net from "node:net";
import { logger } from "../lib/logger.js";
import { MllpFrameReader, mllpFrame } from "./mllp-framer.js";

/** Gets one framed message's bytes (and its full size), returns the ACK text to send back. */
export type MllpHandler = (frame: { bytes: Buffer; size: number }, peer: string) => Promise<string>;

export interface MllpListener {
  host: string;
  port: number;
  stop(): Promise<void>;
}

export interface MllpListenerOptions {
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
  /** Bytes kept per message; larger ones are still read through and answered by the handler. */
  keepBytes: number;
  handle: MllpHandler;
}

/**
 * The MLLP TCP listener. Messages on one connection are handled one at a time, in order, and
 * each gets exactly one ACK (senders wait for it before sending the next). Nothing a peer sends
 * can throw out of here: a broken socket only ends that connection.
 */
export async function startMllpListener(opts: MllpListenerOptions): Promise<MllpListener> {
  const sockets = new Set<net.Socket>();
  const inFlight = new Set<Promise<void>>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    const peer = `${socket.remoteAddress ?? "?"}:${socket.remotePort ?? "?"}`;
    const reader = new MllpFrameReader(opts.keepBytes);
    let queue = Promise.resolve();
    socket.on("data", (chunk: Buffer) => {
      for (const frame of reader.push(chunk)) {
        queue = queue.then(async () => {
          const work = answer(socket, frame, peer, opts.handle);
          inFlight.add(work);
          await work;
          inFlight.delete(work);
        });
      }
    });
    socket.on("error", (err) => logger.warn("mllp connection error", { peer, error: err.name }));
    socket.on("close", () => {
      sockets.delete(socket);
      // An unfinished frame was never acknowledged, so the sender still owns it and resends.
      if (reader.midFrame) logger.warn("mllp connection closed mid-message", { peer });
    });
  });
  server.on("error", (err) => logger.error("mllp listener error", { error: err.name }));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, opts.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as net.AddressInfo;
  return {
    host: address.address,
    port: address.port,
    async stop() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Let the messages being processed finish and be acknowledged before the sockets go.
      await Promise.race([Promise.all(inFlight), new Promise((r) => setTimeout(r, 5_000))]);
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}

async function answer(
  socket: net.Socket,
  frame: { bytes: Buffer; size: number },
  peer: string,
  handle: MllpHandler,
) {
  let ack: string;
  try {
    ack = await handle(frame, peer);
  } catch (err) {
    // The handler answers every message itself; reaching here is a bug, still never a silence.
    logger.error("mllp handler failed", { peer, error: (err as Error).name });
    return;
  }
  if (!socket.destroyed) socket.write(mllpFrame(ack));
}
