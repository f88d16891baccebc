/**
 * An in-process event stream: contexts publish after their transaction commits and
 * others subscribe (the card context revokes certificates on register events). The
 * publishing context also keeps the events in its own table, which is the durable feed
 * a subscriber reads from after a restart; this bus only makes delivery immediate.
 */
export type Handler<E> = (event: E) => void | Promise<void>;

export class EventBus<E> {
  readonly #handlers = new Set<Handler<E>>();
  readonly #onError: (error: unknown) => void;

  constructor(onError: (error: unknown) => void = () => {}) {
    this.#onError = onError;
  }

  subscribe(handler: Handler<E>): () => void {
    this.#handlers.add(handler);
    return () => this.#handlers.delete(handler);
  }

  /** Delivers to every subscriber; one failing subscriber does not stop the others. */
  async publish(event: E): Promise<void> {
    for (const h of this.#handlers) {
      try {
        await h(event);
      } catch (e) {
        this.#onError(e);
      }
    }
  }
}
