// AudioWorklet processor "pcm-chunker": turns the microphone's input into 16-bit mono chunks at the
// stream's rate (16 kHz) and posts each as an Int16Array of `chunkSamples` (30 ms by default) with the
// chunk's peak level. When the AudioContext already runs at the target rate (the page asks for 16 kHz)
// the samples pass straight through; otherwise they are resampled here by linear interpolation after a
// one-pole low-pass that keeps most energy above the new Nyquist frequency out.

class PcmChunker extends AudioWorkletProcessor {
  constructor(options) {
    super();
    const { targetRate = 16000, chunkSamples = 480 } = options.processorOptions ?? {};
    this.targetRate = targetRate;
    this.step = sampleRate / targetRate; // input samples per output sample
    this.chunkSamples = chunkSamples;
    this.chunk = new Int16Array(chunkSamples);
    this.filled = 0;
    this.peak = 0;
    // Resampling state: the fractional read position into the current block, the previous input sample.
    this.position = 0;
    this.previous = 0;
    this.lowPassState = 0;
    this.lowPassAlpha = this.step > 1 ? Math.min(1, 1.2 / this.step) : 1;
  }

  process(inputs) {
    const input = inputs[0];
    if (!input || input.length === 0 || input[0].length === 0) return true;
    const length = input[0].length;
    const mono = new Float32Array(length);
    for (const channel of input) for (let i = 0; i < length; i++) mono[i] += channel[i] / input.length;
    if (this.step === 1) {
      for (let i = 0; i < length; i++) this.emit(mono[i]);
      return true;
    }
    for (let i = 0; i < length; i++) {
      this.lowPassState += this.lowPassAlpha * (mono[i] - this.lowPassState);
      mono[i] = this.lowPassState;
    }
    // The next output sample sits at input position `position` of this block; a position in [-1, 0) lies
    // between the previous block's last sample and this block's first.
    while (this.position < length - 1) {
      const index = Math.floor(this.position);
      const fraction = this.position - index;
      const before = index < 0 ? this.previous : mono[index];
      const after = mono[index + 1];
      this.emit(before + (after - before) * fraction);
      this.position += this.step;
    }
    this.position -= length;
    this.previous = mono[length - 1];
    return true;
  }

  emit(value) {
    const clamped = value < -1 ? -1 : value > 1 ? 1 : value;
    this.peak = Math.max(this.peak, Math.abs(clamped));
    this.chunk[this.filled++] = Math.round(clamped < 0 ? clamped * 32768 : clamped * 32767);
    if (this.filled === this.chunk.length) {
      const pcm = this.chunk;
      this.port.postMessage({ pcm, peak: this.peak }, [pcm.buffer]);
      this.chunk = new Int16Array(this.chunkSamples); // the posted chunk's buffer now belongs to the page
      this.filled = 0;
      this.peak = 0;
    }
  }
}

registerProcessor('pcm-chunker', PcmChunker);
