/**
 * The one session of an embedded database, handed to one holder at a time in arrival order. PGlite is
 * a single PostgreSQL session: the hub's own queries and those of a CLI command through the socket run
 * on it, so a transaction is only a transaction if nobody else's statement runs until it ends. The hub
 * holds the lock for each query and for the whole of each transaction; a socket client from its first
 * message until the session is idle again (src/db/embedded-socket.ts).
 */
export class SessionLock {
  #tail: Promise<void> = Promise.resolve();

  /** Resolves when the session is this caller's; the returned function gives it back (once). */
  acquire(): Promise<() => void> {
    const previous = this.#tail;
    let release!: () => void;
    this.#tail = new Promise<void>((resolve) => (release = resolve));
    return previous.then(() => {
      let released = false;
      return () => {
        if (released) return;
        released = true;
        release();
      };
    });
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await fn();
    } finally {
      release();
    }
  }
}
