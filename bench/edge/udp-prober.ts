// A UDP DNS client for the benchmark's probes: one socket, many outstanding questions matched by ID.
import dgram from 'node:dgram';
import { encodeQuestion, parseReply } from './reply.js';
import type { Reply } from './reply.js';

interface Pending {
  readonly resolve: (reply: Reply | null) => void;
  readonly timer: NodeJS.Timeout;
}

/**
 * Sends questions to one server and resolves each with its reply, or null after the timeout.
 * Replies with an unknown ID (late or stray) are dropped. At most 65,536 questions may be
 * outstanding at once.
 */
export class UdpProber {
  readonly #socket: dgram.Socket;
  readonly #pending = new Map<number, Pending>();
  #nextId = 1;

  private constructor(socket: dgram.Socket, readonly host: string, readonly port: number) {
    this.#socket = socket;
    socket.on('message', (msg) => {
      const reply = parseReply(msg);
      if (reply === null) return;
      const pending = this.#pending.get(reply.id);
      if (pending === undefined) return;
      this.#pending.delete(reply.id);
      clearTimeout(pending.timer);
      pending.resolve(reply);
    });
  }

  /** Opens a socket bound to an ephemeral port, for questions to host:port. */
  static async open(host: string, port: number): Promise<UdpProber> {
    const socket = dgram.createSocket('udp4');
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(0, () => resolve());
    });
    return new UdpProber(socket, host, port);
  }

  /** Asks name/type once; resolves with the reply, or null when none arrives within timeoutMs. */
  ask(name: string, type: string, timeoutMs: number): Promise<Reply | null> {
    let id = this.#nextId;
    while (this.#pending.has(id)) id = (id + 1) & 0xffff;
    this.#nextId = (id + 1) & 0xffff;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        resolve(null);
      }, timeoutMs);
      this.#pending.set(id, { resolve, timer });
      this.#socket.send(encodeQuestion(id, name, type), this.port, this.host);
    });
  }

  /** Closes the socket; outstanding questions resolve null. Idempotent. */
  close(): void {
    for (const [id, pending] of this.#pending) {
      clearTimeout(pending.timer);
      pending.resolve(null);
      this.#pending.delete(id);
    }
    try {
      this.#socket.close();
    } catch {
      // already closed
    }
  }
}
