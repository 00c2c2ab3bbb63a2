/**
 * The host's event bus. Services emit only after their transaction commits, once per write; handlers run one after
 * another and a failing handler is logged, never undoing the write nor starving the other handlers.
 */
import type { HostEventHandler, HostEventMap, HostEventName, HostEvents, HostLog } from '../../src/host-contract';

type AnyHandler = (payload: unknown) => void | Promise<void>;

export class EventBus implements HostEvents {
  private readonly handlers = new Map<HostEventName, Set<AnyHandler>>();

  constructor(private readonly log: HostLog) {}

  on<E extends HostEventName>(event: E, handler: HostEventHandler<E>): () => void {
    const set = this.handlers.get(event) ?? new Set<AnyHandler>();
    this.handlers.set(event, set);
    const h = handler as AnyHandler;
    set.add(h);
    return () => set.delete(h);
  }

  async emit<E extends HostEventName>(event: E, payload: HostEventMap[E]): Promise<void> {
    for (const handler of [...(this.handlers.get(event) ?? [])]) {
      try {
        await handler(payload);
      } catch (e) {
        this.log.error('event handler failed', { event, error: (e as Error).message });
      }
    }
  }
}
