/** A clock tests move forward to expire leases and reach the next cycle without sleeping. */
export const clock = {
  offsetMs: 0,
  now() {
    return Date.now() + this.offsetMs;
  },
  advance(ms: number) {
    this.offsetMs += ms;
  },
  reset() {
    this.offsetMs = 0;
  },
};
