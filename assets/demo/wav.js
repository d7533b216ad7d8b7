// Reads a WAV file in the page and prepares it for the stream: the service's demo sends 16 kHz 16-bit
// mono, so other rates, channel counts and sample formats are converted (and the page says so).

/// A WAV file the page cannot use; `message` says what the file is and what would work.
export class WavError extends Error {
  constructor(message) {
    super(message);
    this.name = 'WavError';
  }
}

/// Sample encodings by WAVE format tag, for messages about files we cannot read.
const FORMAT_NAMES = {
  0x0001: 'PCM',
  0x0002: 'Microsoft ADPCM',
  0x0003: 'IEEE float',
  0x0006: 'A-law',
  0x0007: 'µ-law',
  0x0011: 'IMA ADPCM',
  0x0031: 'GSM 6.10',
  0x0055: 'MP3',
  0x00ff: 'AAC',
  0xfffe: 'extensible',
};

const SUPPORTED = 'PCM with 8, 16, 24 or 32 bits per sample, or 32-bit float';

/// What a file looks like from its first bytes, for the "not a WAV" message.
function describeSignature(bytes) {
  const text = String.fromCharCode(...bytes.slice(0, 4));
  if (text === 'ID3\u0003' || text.startsWith('ID3') || (bytes[0] === 0xff && (bytes[1] & 0xe0) === 0xe0)) return 'an MP3';
  if (text === 'OggS') return 'an Ogg (Vorbis or Opus) file';
  if (text === 'fLaC') return 'a FLAC file';
  if (text === '%PDF') return 'a PDF';
  if (String.fromCharCode(...bytes.slice(4, 8)) === 'ftyp') return 'an MP4/M4A file';
  if (bytes[0] === 0x89 && text.slice(1) === 'PNG') return 'a PNG image';
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return 'a JPEG image';
  return 'not a RIFF/WAVE file';
}

/// Parses `buffer` (an ArrayBuffer holding a whole WAV file) into
/// `{sampleRate, channelCount, bitsPerSample, encoding: 'pcm'|'float', channels: Float32Array[] in -1…1,
/// frameCount, durationSeconds}`. Throws WavError naming the problem for anything else.
export function parseWav(buffer, fileName = 'the file') {
  const bytes = new Uint8Array(buffer);
  const view = new DataView(buffer);
  const tag = (offset) => String.fromCharCode(...bytes.slice(offset, offset + 4));
  if (bytes.length < 12 || tag(0) !== 'RIFF' || tag(8) !== 'WAVE') {
    throw new WavError(
      `${fileName} is not a WAV file (${bytes.length < 12 ? 'it is too short' : `it looks like ${describeSignature(bytes)}`}). ` +
        `Choose a .wav file: ${SUPPORTED}.`
    );
  }
  let format = null;
  let data = null;
  let offset = 12;
  while (offset + 8 <= bytes.length) {
    const id = tag(offset);
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (id === 'fmt ') {
      if (size < 16 || body + 16 > bytes.length) throw new WavError(`${fileName}: its fmt chunk is cut short`);
      let formatTag = view.getUint16(body, true);
      const bitsPerSample = view.getUint16(body + 14, true);
      if (formatTag === 0xfffe && size >= 40) formatTag = view.getUint16(body + 24, true); // extensible: sub-format
      format = {
        formatTag,
        channelCount: view.getUint16(body + 2, true),
        sampleRate: view.getUint32(body + 4, true),
        blockAlign: view.getUint16(body + 12, true),
        bitsPerSample,
      };
    } else if (id === 'data') {
      data = { start: body, size: Math.min(size, bytes.length - body) };
      if (format) break;
    }
    offset = body + size + (size & 1);
  }
  if (!format) throw new WavError(`${fileName} has no fmt chunk, so its sample format is unknown`);
  if (!data) throw new WavError(`${fileName} has no data chunk: there is no audio in it`);
  const { formatTag, channelCount, sampleRate, bitsPerSample } = format;
  const encoding = formatTag === 1 ? 'pcm' : formatTag === 3 ? 'float' : null;
  if (!encoding) {
    const name = FORMAT_NAMES[formatTag] ?? `format tag 0x${formatTag.toString(16).padStart(4, '0')}`;
    throw new WavError(`${fileName} holds ${name} audio, which the demo cannot decode; use ${SUPPORTED}`);
  }
  const validBits = encoding === 'pcm' ? [8, 16, 24, 32] : [32];
  if (!validBits.includes(bitsPerSample)) {
    throw new WavError(
      `${fileName} has ${bitsPerSample}-bit ${encoding === 'pcm' ? 'PCM' : 'float'} samples; use ${SUPPORTED}`
    );
  }
  if (channelCount < 1 || channelCount > 8) {
    throw new WavError(`${fileName} has ${channelCount} channels; the demo takes 1 to 8`);
  }
  if (sampleRate < 8000 || sampleRate > 192000) {
    throw new WavError(`${fileName} has a sample rate of ${sampleRate} Hz; the demo takes 8000 to 192000 Hz`);
  }
  const bytesPerSample = bitsPerSample / 8;
  const frameBytes = bytesPerSample * channelCount;
  const frameCount = Math.floor(data.size / frameBytes);
  if (frameCount === 0) throw new WavError(`${fileName} has an empty data chunk: there is no audio in it`);
  const channels = Array.from({ length: channelCount }, () => new Float32Array(frameCount));
  const read = sampleReader(view, encoding, bitsPerSample);
  for (let frame = 0; frame < frameCount; frame++) {
    const base = data.start + frame * frameBytes;
    for (let channel = 0; channel < channelCount; channel++) {
      channels[channel][frame] = read(base + channel * bytesPerSample);
    }
  }
  return { sampleRate, channelCount, bitsPerSample, encoding, channels, frameCount, durationSeconds: frameCount / sampleRate };
}

/// A function reading one sample at a byte offset as a number in -1…1.
function sampleReader(view, encoding, bits) {
  if (encoding === 'float') return (at) => view.getFloat32(at, true);
  switch (bits) {
    case 8:
      return (at) => (view.getUint8(at) - 128) / 128;
    case 16:
      return (at) => view.getInt16(at, true) / 32768;
    case 24:
      return (at) => {
        const value = view.getUint8(at) | (view.getUint8(at + 1) << 8) | (view.getInt8(at + 2) << 16);
        return value / 8388608;
      };
    default:
      return (at) => view.getInt32(at, true) / 2147483648;
  }
}

/// "44.1 kHz stereo 24-bit PCM" for a parsed file.
export function describeWav(wav) {
  const rate = wav.sampleRate % 1000 === 0 ? `${wav.sampleRate / 1000}` : (wav.sampleRate / 1000).toFixed(1);
  const layout = wav.channelCount === 1 ? 'mono' : wav.channelCount === 2 ? 'stereo' : `${wav.channelCount}-channel`;
  const sample = wav.encoding === 'float' ? '32-bit float' : `${wav.bitsPerSample}-bit PCM`;
  return `${rate} kHz ${layout} ${sample}`;
}

/// What conversion the stream needs for `wav`, as a sentence, or null when it is already 16 kHz mono
/// 16-bit PCM.
export function conversionNote(wav, targetRate) {
  const changes = [];
  if (wav.sampleRate !== targetRate) changes.push(`resampled from ${wav.sampleRate} Hz to ${targetRate} Hz`);
  if (wav.channelCount !== 1) changes.push(`${wav.channelCount} channels mixed down to mono`);
  if (wav.encoding !== 'pcm' || wav.bitsPerSample !== 16) {
    changes.push(`${wav.encoding === 'float' ? '32-bit float' : `${wav.bitsPerSample}-bit`} samples converted to 16-bit`);
  }
  return changes.length ? `Converted for the stream: ${changes.join(', ')}. You hear the original file.` : null;
}

/// The file as 16-bit mono samples at `targetRate`, mixed down and resampled by the browser's own
/// resampler (an OfflineAudioContext), so no aliasing from a naive decimation.
export async function toStreamPcm(wav, targetRate) {
  let mono;
  if (wav.sampleRate === targetRate && wav.channelCount === 1) {
    mono = wav.channels[0];
  } else {
    const length = Math.max(1, Math.ceil(wav.durationSeconds * targetRate));
    const offline = new OfflineAudioContext(1, length, targetRate);
    const source = offline.createBufferSource();
    source.buffer = toAudioBuffer(offline, wav);
    source.connect(offline.destination);
    source.start();
    mono = (await offline.startRendering()).getChannelData(0);
  }
  const pcm = new Int16Array(mono.length);
  for (let i = 0; i < mono.length; i++) {
    const value = Math.max(-1, Math.min(1, mono[i]));
    pcm[i] = Math.round(value < 0 ? value * 32768 : value * 32767);
  }
  return pcm;
}

/// An AudioBuffer of `context` holding the file's channels at its own rate (for playback, or to resample).
export function toAudioBuffer(context, wav) {
  const buffer = context.createBuffer(wav.channelCount, wav.frameCount, wav.sampleRate);
  wav.channels.forEach((samples, channel) => buffer.copyToChannel(samples, channel));
  return buffer;
}
