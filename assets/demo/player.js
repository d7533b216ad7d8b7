// Plays back a finished animation against an <audio> element: the offline review page that
// `audio2face convert IN.wav -o OUT.html` writes. The face and the curves follow the audio's
// currentTime, so play, pause and seeking in the audio controls drive them. No imports: the page passes
// in the drawing classes (face.js, timeline.js, curves.js), so this file works wherever they are loaded.

/// The animation as the JSON export writes it: names, rows of weights, frame rate, first frame number.
/// `drawFace` is false for profiles whose channels are not ARKit blendshapes (MMD morphs).
export class ReviewPlayer {
  constructor(classes, elements, animation, { curveSeconds = 6 } = {}) {
    const { FaceRenderer, FrameTimeline, CurvePlot } = classes;
    this.elements = elements;
    this.fps = animation.frames_per_second;
    this.startFrame = animation.start_frame ?? 0;
    this.frames = animation.frames.map((row) => {
      const weights = {};
      animation.blendshape_names.forEach((name, index) => {
        weights[name] = row[index];
      });
      return weights;
    });
    this.timeline = new FrameTimeline({ maxFrames: this.frames.length + 1 });
    this.frames.forEach((weights, index) => this.timeline.push(this.timeOf(index), weights));
    this.face = animation.drawFace ? new FaceRenderer(elements.face) : null;
    this.curves = animation.drawFace ? new CurvePlot(elements.curves, { seconds: curveSeconds }) : null;
    this.curveFrames = Math.ceil(curveSeconds * this.fps);
    this.plotted = 0;
    this.state = {
      frameCount: this.frames.length,
      framesPerSecond: this.fps,
      drawsFace: Boolean(this.face),
      currentTime: 0,
      frameIndex: 0,
      lastFrame: null,
      drawnFrames: 0,
    };
  }

  /// When frame `index` is shown, in seconds of the audio.
  timeOf(index) {
    return (this.startFrame + index) / this.fps;
  }

  /// How many frames are due by `time` (frames at or before it).
  framesDueBy(time) {
    const due = Math.floor(time * this.fps + 1e-6) - this.startFrame + 1;
    return Math.max(0, Math.min(this.frames.length, due));
  }

  /// Sizes the canvases to their boxes in device pixels, then draws every animation frame.
  start() {
    const fit = () => {
      const ratio = window.devicePixelRatio || 1;
      for (const canvas of [this.elements.face, this.elements.curves]) {
        const box = canvas.getBoundingClientRect();
        if (box.width === 0) continue;
        canvas.width = Math.round(box.width * ratio);
        canvas.height = Math.round(box.height * ratio);
      }
    };
    fit();
    window.addEventListener('resize', fit);
    this.elements.audio.addEventListener('error', () => {
      this.elements.message.hidden = false;
      this.elements.message.textContent =
        'This browser cannot play the embedded WAV audio; the face and curves still follow the time slider.';
    });
    document.addEventListener('keydown', (event) => {
      if (event.code !== 'Space' || event.target === this.elements.audio) return;
      event.preventDefault();
      if (this.elements.audio.paused) this.elements.audio.play();
      else this.elements.audio.pause();
    });
    const loop = () => {
      this.draw(this.elements.audio.currentTime);
      requestAnimationFrame(loop);
    };
    requestAnimationFrame(loop);
  }

  /// Shows the animation at `time` seconds.
  draw(time) {
    const weights = this.timeline.sample(time) ?? {};
    if (this.face) {
      this.face.render(weights);
      this.syncCurves(time);
      this.curves.draw(time);
    }
    const due = this.framesDueBy(time);
    const index = Math.max(0, due - 1);
    Object.assign(this.state, {
      currentTime: time,
      frameIndex: index,
      lastFrame: weights,
      drawnFrames: this.state.drawnFrames + 1,
    });
    this.showReadout(time, index, weights);
  }

  /// Feeds the curves the frames up to `time`: in order while playing; after a seek, afresh from the
  /// start of the plotted window.
  syncCurves(time) {
    const due = this.framesDueBy(time);
    if (due < this.plotted || due - this.plotted > this.curveFrames) {
      this.curves.clear();
      this.plotted = Math.max(0, due - this.curveFrames);
    }
    for (; this.plotted < due; this.plotted++) {
      this.curves.push(this.timeOf(this.plotted), this.frames[this.plotted]);
    }
  }

  /// Time, frame number and the strongest channels of the shown frame.
  showReadout(time, index, weights) {
    const { readout } = this.elements;
    if (!readout) return;
    readout.time.textContent = `${time.toFixed(2)} s`;
    readout.frame.textContent = `${index + this.startFrame} / ${this.startFrame + this.frames.length - 1}`;
    const strongest = Object.entries(weights)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5)
      .filter(([, value]) => value > 0.005)
      .map(([name, value]) => `${name} ${value.toFixed(2)}`);
    readout.strongest.textContent = strongest.length ? strongest.join(', ') : '–';
  }
}
