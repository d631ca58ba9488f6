// What both review queues do with the requests a key press makes: send them one after another (an
// undo always sees the decisions before it), remember which images have a decision on its way (a
// queue read meanwhile may still hold them), and keep key presses that came while no image was
// shown (a burst faster than the answers) to apply, in order, as soon as one is. Plain class:
// testable without React.
export class DecisionChain {
  private chain: Promise<unknown> = Promise.resolve()
  private readonly sending = new Set<number>()
  private held: (() => void)[] = []
  private draining = false

  /** Runs `f` after everything sent before it, whether that failed or not. */
  send<T>(f: () => Promise<T>): Promise<T> {
    const p = this.chain.then(f, f)
    this.chain = p.catch(() => undefined)
    return p
  }

  /** Marks `imageId` as having a decision on its way until `done` settles. */
  track<T>(imageId: number, done: Promise<T>): Promise<T> {
    this.sending.add(imageId)
    return done.finally(() => this.sending.delete(imageId))
  }

  pending(imageId: number): boolean {
    return this.sending.has(imageId)
  }

  /** Keeps a key press for when an image is shown. */
  hold(action: () => void): void {
    this.held.push(action)
  }

  /** Drops kept key presses (the screen changed under them: a failed save, a new filter). */
  drop(): void {
    this.held = []
  }

  get holding(): number {
    return this.held.length
  }

  /** Applies kept key presses in order while `ready()` (an image is shown); never re-entered. */
  drain(ready: () => boolean): void {
    if (this.draining) return
    this.draining = true
    try {
      while (this.held.length > 0 && ready()) this.held.shift()!()
    } finally {
      this.draining = false
    }
  }
}
