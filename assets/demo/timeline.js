// The frames of one stream in time order, sampled at any time between them: the page draws at the
// screen's rate (about 60 Hz) while the service sends 30 frames per second. No imports.

/// Frames `{time, weights}` pushed in time order; `sample(t)` blends the two frames around `t`.
export class FrameTimeline {
  /// `maxFrames` bounds memory on long streams: the oldest frames are dropped beyond it.
  constructor({ maxFrames = 30 * 600 } = {}) {
    this.maxFrames = maxFrames;
    this.clear();
  }

  /// Forgets every frame.
  clear() {
    this.times = [];
    this.frames = [];
  }

  /// Adds the frame shown at `time` seconds; a time before the newest frame's restarts the timeline
  /// (a new stream).
  push(time, weights) {
    const count = this.times.length;
    if (count > 0 && time < this.times[count - 1]) this.clear();
    this.times.push(time);
    this.frames.push(weights);
    if (this.times.length > this.maxFrames) {
      const excess = this.times.length - this.maxFrames;
      this.times.splice(0, excess);
      this.frames.splice(0, excess);
    }
  }

  /// How many frames are held.
  get length() {
    return this.times.length;
  }

  /// The newest frame's time, or -Infinity when empty.
  get latestTime() {
    return this.times.length ? this.times[this.times.length - 1] : -Infinity;
  }

  /// The weights at `t` seconds, interpolated linearly between the frames just before and after it;
  /// the first or last frame outside their span; null when there are no frames.
  sample(t) {
    const times = this.times;
    const count = times.length;
    if (count === 0) return null;
    if (!(t > times[0])) return this.frames[0];
    if (t >= times[count - 1]) return this.frames[count - 1];
    let low = 0;
    let high = count - 1;
    while (high - low > 1) {
      const middle = (low + high) >> 1;
      if (times[middle] <= t) low = middle;
      else high = middle;
    }
    const before = this.frames[low];
    const after = this.frames[high];
    const mix = (t - times[low]) / (times[high] - times[low]);
    const blended = {};
    for (const name in before) blended[name] = before[name] + ((after[name] ?? 0) - before[name]) * mix;
    for (const name in after) if (!(name in before)) blended[name] = after[name] * mix;
    return blended;
  }
}
