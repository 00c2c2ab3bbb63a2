/** UTC ISO time with milliseconds: sorts as text, compares equal on every engine. */
export function isoNow(now: () => Date = () => new Date()): string {
  return now().toISOString();
}
