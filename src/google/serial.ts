/**
 * One-at-a-time execution: Google asks that one user's mutations be sent one after another (architecture §8), so
 * a gateway runs its writes, retries included, through one of these. Reads do not queue.
 */
export class Serial {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    // The next task waits for this one to settle, whether it succeeded or failed.
    this.tail = result.catch(() => undefined);
    return result;
  }
}
