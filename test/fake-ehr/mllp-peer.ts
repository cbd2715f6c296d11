import net from "node:net";
import { MllpFrameReader, mllpFrame } from "../../server/hl7/index.js";

// A hospital EHR's MLLP side for MDM^T02 notes: answers AA (de-duplicating on MSH-10, as an engine
// does), with faults queued per message: AE, a lost ACK (applied, then the connection drops) and
// no answer at all.

export type MllpFault = "AE" | "lost" | "timeout";

export interface FakeMllpPeer {
  port: number;
  /** Accepted messages by MSH-10 control id. */
  messages: Map<string, string>;
  received: number;
  faults: MllpFault[];
  stop(): Promise<void>;
}

export async function startFakeMllpPeer(): Promise<FakeMllpPeer> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    const reader = new MllpFrameReader(1_000_000);
    socket.on("data", (chunk: Buffer) => {
      for (const frame of reader.push(chunk)) answer(socket, frame.bytes.toString("utf8"));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const peer: FakeMllpPeer = {
    port: (server.address() as net.AddressInfo).port,
    messages: new Map(),
    received: 0,
    faults: [],
    stop: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
  function answer(socket: net.Socket, message: string): void {
    peer.received++;
    const controlId = message.split("\r")[0]?.split("|")[9] ?? "";
    const fault = peer.faults.shift();
    if (fault === "timeout") return;
    const ack = (code: string, text = "") =>
      socket.write(
        mllpFrame(
          `MSH|^~\\&|EHR|HOSPITAL|SEQUORA|SEQUORA|20260101000000||ACK^T02^ACK|A${controlId}|P|2.5.1\rMSA|${code}|${controlId}|${text}`,
        ),
      );
    if (fault === "AE") {
      ack("AE", "Document type not set up");
      return;
    }
    if (!peer.messages.has(controlId)) peer.messages.set(controlId, message);
    if (fault === "lost") {
      socket.destroy();
      return;
    }
    ack("AA");
  }
  return peer;
}
