/**
 * The sandbox's own time. Token expiry, sync-token age, quota windows and propagation delay all read this clock,
 * so a test can jump a week ahead without waiting and without faking the process-wide Date.
 */
export class SandboxClock {
  private offsetMs = 0;

  constructor(private readonly base: () => number = Date.now) {}

  now(): number {
    return this.base() + this.offsetMs;
  }

  advance(ms: number): number {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('the sandbox clock only moves forward');
    this.offsetMs += ms;
    return this.now();
  }
}
