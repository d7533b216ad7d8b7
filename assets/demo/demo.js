// The demo page: microphone or WAV file → the streaming WebSocket (through the JS client) → frames →
// the face and the curves. State for tests and embedding is kept in window.audio2faceDemo.

import { connect } from './audio2face.js';
import { CurvePlot } from './curves.js';
import { FaceRenderer } from './face.js';
import { FrameTimeline } from './timeline.js';
import { WavError, conversionNote, describeWav, parseWav, toAudioBuffer, toStreamPcm } from './wav.js';

const STREAM_RATE = 16000;
const CHUNK_SAMPLES = 480; // 30 ms of audio per message
const FILE_LEAD_SECONDS = 1.5; // audio sent ahead of playback, so that frames are there when it plays
const PLAYBACK_START_FRAMES_SECONDS = 0.3; // frames needed before file playback starts
const RECENT_FRAME_LIMIT = 900;
// The preset name sent to drop an emotion mid-stream: any name that is not a preset means "no offset".
const NO_EMOTION = 'neutral';

const params = new URLSearchParams(location.search);
const files = window.audio2faceDemoFiles ?? {
  folder: new URL('./', import.meta.url).href,
  withToken: (name) => new URL(name, import.meta.url).href,
};
const $ = (id) => document.getElementById(id);
const elements = {
  face: $('face'),
  curves: $('curves'),
  overlay: $('overlay'),
  message: $('message'),
  note: $('note'),
  engine: $('engine'),
  mic: $('mic'),
  stop: $('stop'),
  file: $('file'),
  drop: $('drop'),
  level: $('level'),
  profile: $('profile'),
  profileNote: $('profile-note'),
  emotion: $('emotion'),
  intensity: $('intensity'),
  intensityValue: $('intensity-value'),
  token: $('token'),
  state: $('state'),
  frames: $('frames'),
  firstFrame: $('first-frame'),
  lag: $('lag'),
  faceTime: $('face-time'),
  docsLink: $('docs-link'),
};

/// A problem to show the user as it is (its message is written for them).
class PageError extends Error {}

const face = new FaceRenderer(elements.face);
const timeline = new FrameTimeline();
const curves = new CurvePlot(elements.curves, { seconds: 6 });

/// What tests and embedding pages read. Kept current by the page.
const demo = {
  state: 'loading',
  mode: null,
  framesReceived: 0,
  firstFrameMs: null,
  lagMs: null,
  lastFrame: {},
  lastFrameTime: null,
  displayTime: null,
  /// performance.now() of the drawing that showed `displayTime`.
  displayedAt: null,
  displayed: {},
  audioTime: null,
  message: null,
  error: null,
  note: null,
  info: null,
  profileFamily: null,
  recentFrames: [],
  /// The peak level (0…1) of each audio chunk sent, by stream time: `{time, peak}` (the last 900).
  inputLevels: [],
  /// The file playback position in seconds right now (null outside file mode).
  audioCurrentTime: () => (session?.mode === 'file' ? session.playbackPosition() : null),
  faceCanvas: elements.face,
  /// Holds the face on what it shows now (streams keep running), until release(): for screenshots.
  hold() {
    heldWeights = { ...demo.displayed };
  },
  release() {
    heldWeights = null;
  },
  /// Holds the face at the first drawing whose weights satisfy `predicate(weights)`; resolves then.
  holdWhen(predicate) {
    return new Promise((resolve) => {
      holdRequest = { predicate, resolve };
    });
  },
};
window.audio2faceDemo = demo;

let session = null;
let frozenTime = null;
let heldWeights = null;
let holdRequest = null;

// ---------------------------------------------------------------------------------------------------
// Messages and state

function setState(state) {
  demo.state = state;
  elements.state.textContent = state;
  const running = state === 'connecting' || state === 'streaming' || state === 'finishing';
  elements.mic.textContent = session?.mode === 'mic' && running ? 'Stop microphone' : 'Start microphone';
  elements.mic.classList.toggle('active', session?.mode === 'mic' && running);
  elements.stop.disabled = !(session?.mode === 'file' && running);
}

function showError(text) {
  demo.error = text;
  demo.message = text;
  elements.message.textContent = text;
  elements.message.className = 'message error';
  elements.message.hidden = false;
}

function showNote(text) {
  demo.note = text;
  elements.note.textContent = text ?? '';
  elements.note.hidden = !text;
}

function clearMessages() {
  demo.error = null;
  demo.message = null;
  elements.message.hidden = true;
  showNote(null);
}

function showOverlay(text) {
  elements.overlay.textContent = text ?? '';
  elements.overlay.hidden = !text;
}

function fail(error) {
  const text = error instanceof PageError || error instanceof WavError ? error.message : `Unexpected error: ${error?.message ?? error}`;
  showError(text);
  stopSession();
  setState('error');
}

// ---------------------------------------------------------------------------------------------------
// The service: /api/v1/info, the token and the WebSocket address

function currentToken() {
  return elements.token.value.trim();
}

/// GET /api/v1/info with the token; throws PageError saying what went wrong.
async function fetchInfo() {
  const token = currentToken();
  const url = new URL('../api/v1/info', files.folder);
  let response;
  try {
    response = await fetch(url, { headers: token ? { Authorization: `Bearer ${token}` } : {}, cache: 'no-store' });
  } catch (error) {
    throw new PageError(`Cannot reach the service at ${url.origin}: ${error.message}. Is audio2face still running?`);
  }
  if (response.status === 401) {
    const detail = serverMessage(await response.text());
    throw new PageError(
      (token ? 'The server refused the token (HTTP 401 Unauthorized): it is not one of its API keys. ' : 'The server needs an API key (HTTP 401 Unauthorized). ') +
        'Open the page with ?token=<your API key> or type the key in the Token field.' +
        (detail ? ` Server: ${detail}` : '')
    );
  }
  if (!response.ok) {
    throw new PageError(`GET ${url.pathname} answered HTTP ${response.status}: ${serverMessage(await response.text())}`);
  }
  return response.json();
}

/// The message of the server's JSON error body (`{"error": {"message": …}}`), or the text itself.
function serverMessage(text) {
  try {
    return JSON.parse(text).error.message ?? text.trim();
  } catch {
    return text.trim().slice(0, 300);
  }
}

function streamURL() {
  return new URL('..' + (demo.info?.websocket_path ?? '/api/v1/streaming_audio2face/ws'), files.folder).href;
}

function applyInfo(info) {
  demo.info = info;
  elements.engine.innerHTML = '';
  const parts = [
    ['engine', info.engine.kind],
    ['', `${info.frames_per_second} fps`],
    ['', info.dtype],
    ['v', info.version],
  ];
  for (const [label, value] of parts) {
    const item = document.createElement('span');
    item.append(label ? `${label} ` : '');
    const strong = document.createElement('b');
    strong.textContent = value;
    item.append(strong, '  ');
    elements.engine.append(item);
  }
  elements.profile.innerHTML = '';
  for (const profile of info.profiles) {
    const option = new Option(profile.family === 'arkit' ? profile.name : `${profile.name} (MMD)`, profile.name);
    elements.profile.append(option);
  }
  const requested = params.get('profile');
  if (requested && !info.profiles.some((profile) => profile.name === requested)) {
    throw new PageError(
      `profile '${requested}' (from the address) is not offered by this server; choose one of ${info.profiles.map((p) => p.name).join(', ')}`
    );
  }
  elements.profile.value = requested ?? info.default_profile;
  updateProfile();
}

function updateProfile() {
  const profile = demo.info?.profiles.find((p) => p.name === elements.profile.value);
  demo.profileFamily = profile?.family ?? null;
  const mmd = profile?.family === 'mmd';
  elements.profileNote.hidden = !mmd;
  elements.profileNote.textContent = mmd
    ? `${profile.name} answers MMD morphs; the face draws ARKit profiles, so it stays still (the counters run). Choose an ARKit profile to see it move.`
    : '';
  // Emotion presets of this profile, grouped by name with the intensity as the numeric suffix.
  const chosen = elements.emotion.value;
  elements.emotion.length = 1;
  for (const family of emotionFamilies(profile?.emotion_presets ?? [])) elements.emotion.append(new Option(family, family));
  elements.emotion.value = [...elements.emotion.options].some((o) => o.value === chosen) ? chosen : '';
}

/// `happiness_3` → `happiness`: the preset families a profile offers.
function emotionFamilies(presets) {
  return [...new Set(presets.map((name) => name.replace(/_\d+$/, '')))].sort();
}

/// The preset for the chosen emotion and intensity (`happiness_3`), or '' for none.
function currentEmotion() {
  const family = elements.emotion.value;
  if (!family) return '';
  const presets = demo.info?.profiles.find((p) => p.name === elements.profile.value)?.emotion_presets ?? [];
  const wanted = `${family}_${elements.intensity.value}`;
  if (presets.includes(wanted)) return wanted;
  return presets.includes(family) ? family : presets.find((name) => name.startsWith(`${family}_`)) ?? '';
}

// ---------------------------------------------------------------------------------------------------
// Streams

/// Opens a stream and wires its frames to the face; `session` must be set first.
async function openStream(current) {
  const options = { profile: elements.profile.value, sampleRate: STREAM_RATE, sampleWidth: 2, channels: 1 };
  const token = currentToken();
  if (token) options.token = token;
  const emotion = currentEmotion();
  if (emotion) options.emotion = emotion;
  current.sentEmotion = emotion;
  let stream;
  try {
    stream = await connect(streamURL(), options);
  } catch (error) {
    throw new PageError(
      `Could not open the stream WebSocket (${error.code ?? 'no'} close code): ${error.message}. ` +
        'The server may refuse this page\'s origin (auth.cors_allowed_origins), be at its connection limit, or have stopped.'
    );
  }
  current.stream = stream;
  stream.onFrame((frame) => receiveFrame(current, frame));
  stream.done.then(
    () => finished(current),
    (error) => streamFailed(current, error)
  );
  return stream;
}

function receiveFrame(current, frame) {
  if (session !== current) return;
  const now = performance.now();
  if (demo.framesReceived === 0) {
    demo.firstFrameMs = Math.round(now - current.firstAudioAt);
    elements.firstFrame.textContent = `${demo.firstFrameMs} ms`;
  }
  if (current.mode === 'mic') current.noteArrival(frame.time);
  demo.framesReceived += 1;
  demo.lastFrame = frame.weights;
  demo.lastFrameTime = frame.time;
  demo.recentFrames.push({ time: frame.time, weights: frame.weights });
  if (demo.recentFrames.length > RECENT_FRAME_LIMIT) demo.recentFrames.splice(0, demo.recentFrames.length - RECENT_FRAME_LIMIT);
  timeline.push(frame.time, frame.weights);
  curves.push(frame.time, frame.weights);
  if (current.mode === 'file' && !current.playing && frame.time >= PLAYBACK_START_FRAMES_SECONDS) current.startPlayback();
}

/// Sends one chunk of audio, with the emotion when it changed.
function sendChunk(current, pcm) {
  if (!current.stream || current.ended) return;
  if (current.sentSamples === 0) current.firstAudioAt = performance.now();
  const emotion = currentEmotion();
  const options = {};
  if (emotion !== current.sentEmotion) {
    options.emotion = emotion || NO_EMOTION;
    current.sentEmotion = emotion;
  }
  try {
    current.stream.sendPcm(pcm, options);
  } catch {
    return; // the stream has failed; its `done` reports why
  }
  let peak = 0;
  for (let i = 0; i < pcm.length; i++) peak = Math.max(peak, Math.abs(pcm[i]));
  demo.inputLevels.push({ time: current.sentSamples / STREAM_RATE, peak: peak / 32768 });
  if (demo.inputLevels.length > RECENT_FRAME_LIMIT) demo.inputLevels.splice(0, demo.inputLevels.length - RECENT_FRAME_LIMIT);
  current.sentSamples += pcm.length;
}

function finished(current) {
  if (session !== current) return;
  current.streamDone = true;
  if (current.mode === 'file' && !current.playing) current.startPlayback();
  if (current.mode === 'mic' || current.playbackEnded) endSession('ended');
  else setState('finishing');
}

function streamFailed(current, error) {
  if (session !== current || current.stopping) return;
  showError(closeMessage(error));
  endSession('error');
}

/// A sentence for a stream that ended with an error, by close code.
function closeMessage(error) {
  const reason = error.reason ? `: ${error.reason}` : '';
  switch (error.code) {
    case 1006:
      return 'The connection to the server was lost mid-stream (code 1006: closed without a close frame). The server stopped or restarted, or the network dropped. Start again once it is back.';
    case 1001:
      return `The server is shutting down (code 1001)${reason}. Start again once it is back.`;
    case 1008:
      return `The server ended the stream (code 1008: a protocol rule or a stream limit)${reason}.`;
    case 1009:
      return `The server refused a message as too large (code 1009)${reason}.`;
    case 1011:
      return `The server failed while animating the stream (code 1011)${reason}.`;
    case 1013:
      return `The server is at its stream limit (code 1013)${reason}. Try again in a moment.`;
    default:
      return `The stream failed: ${error.message}`;
  }
}

function resetFrames() {
  timeline.clear();
  curves.clear();
  frozenTime = null;
  demo.framesReceived = 0;
  demo.firstFrameMs = null;
  demo.lagMs = null;
  demo.lastFrame = {};
  demo.lastFrameTime = null;
  demo.displayTime = null;
  demo.displayed = {};
  demo.audioTime = null;
  demo.recentFrames = [];
  demo.inputLevels = [];
  elements.firstFrame.textContent = '–';
  elements.lag.textContent = '–';
}

/// Stops the session's audio and closes its stream (if it still runs).
function stopSession() {
  const current = session;
  if (!current) return;
  current.stopping = true;
  frozenTime = demo.displayTime;
  current.teardown();
  if (current.stream && !current.streamDone) current.stream.close();
}

function endSession(state) {
  stopSession();
  setState(state);
  elements.level.style.width = '0';
}

/// A new AudioContext at `sampleRate` when the browser allows it, else at its own rate.
function makeAudioContext(sampleRate) {
  try {
    return sampleRate ? new AudioContext({ sampleRate }) : new AudioContext();
  } catch {
    return new AudioContext();
  }
}

/// Resumes `context`; browsers hold audio until a user gesture, so ask for a click when still suspended.
async function resumeAudio(context) {
  await context.resume().catch(() => {});
  if (context.state === 'running') return;
  showOverlay('Click anywhere to let the browser start the audio');
  await new Promise((resolve) => {
    const resume = () => context.resume().then(() => {
      if (context.state !== 'running') return;
      document.removeEventListener('pointerdown', resume);
      document.removeEventListener('keydown', resume);
      resolve();
    });
    document.addEventListener('pointerdown', resume);
    document.addEventListener('keydown', resume);
  });
  showOverlay(null);
}

// ---------------------------------------------------------------------------------------------------
// Microphone mode

async function startMicrophone() {
  clearMessages();
  if (!navigator.mediaDevices?.getUserMedia) {
    throw new PageError(
      'This page cannot use the microphone: browsers allow it only on https:// pages and on http://localhost or http://127.0.0.1. Open the demo through one of those, or use a WAV file.'
    );
  }
  if (demo.profileFamily === 'mmd') showNote(elements.profileNote.textContent);
  const current = newSession('mic');
  setState('connecting');
  await fetchInfo(); // the token is still accepted
  let media;
  try {
    media = await navigator.mediaDevices.getUserMedia({
      audio: { channelCount: 1, echoCancellation: true, noiseSuppression: true, autoGainControl: false },
    });
  } catch (error) {
    throw new PageError(microphoneMessage(error));
  }
  current.media = media;
  const context = makeAudioContext(STREAM_RATE);
  current.context = context;
  try {
    await context.audioWorklet.addModule(files.withToken('pcm-worklet.js'));
  } catch (error) {
    throw new PageError(`The microphone processor (pcm-worklet.js) could not be loaded: ${error.message}`);
  }
  const source = context.createMediaStreamSource(media);
  const node = new AudioWorkletNode(context, 'pcm-chunker', {
    processorOptions: { targetRate: STREAM_RATE, chunkSamples: CHUNK_SAMPLES },
  });
  const silent = context.createGain();
  silent.gain.value = 0;
  source.connect(node);
  node.connect(silent).connect(context.destination);
  if (session !== current) return;
  await openStream(current);
  if (session !== current) return;
  node.port.onmessage = ({ data }) => {
    if (session !== current) return;
    sendChunk(current, data.pcm);
    current.noteCaptured(current.sentSamples / STREAM_RATE);
    elements.level.style.width = `${Math.min(100, Math.round(data.peak * 140))}%`;
  };
  const track = media.getAudioTracks()[0];
  track?.addEventListener('ended', () => {
    if (session !== current) return;
    showError('The microphone stopped delivering audio (it was unplugged or taken by another application).');
    endSession('error');
  });
  await resumeAudio(context);
  setState('streaming');
}

function microphoneMessage(error) {
  switch (error?.name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return 'Microphone access was denied. Allow the microphone for this site (the icon at the left of the address bar) and start again, or use a WAV file.';
    case 'NotFoundError':
    case 'OverconstrainedError':
      return 'No microphone was found. Connect one and start again, or use a WAV file.';
    case 'NotReadableError':
    case 'AbortError':
      return 'The microphone could not be opened: another application may be using it.';
    default:
      return `The microphone could not be opened: ${error?.message ?? error}`;
  }
}

// ---------------------------------------------------------------------------------------------------
// File mode

async function startFile(file) {
  clearMessages();
  if (!file) return;
  stopSession();
  const current = newSession('file');
  setState('connecting');
  const wav = parseWav(await file.arrayBuffer(), `“${file.name}”`);
  const note = conversionNote(wav, STREAM_RATE);
  showNote(
    `${file.name}: ${describeWav(wav)}, ${wav.durationSeconds.toFixed(1)} s.` + (note ? ` ${note}` : '') +
      (demo.profileFamily === 'mmd' ? ` ${elements.profileNote.textContent}` : '')
  );
  const pcm = await toStreamPcm(wav, STREAM_RATE);
  await fetchInfo(); // the token is still accepted
  const context = makeAudioContext();
  current.context = context;
  await resumeAudio(context);
  current.playbackBuffer = toAudioBuffer(context, wav);
  current.pcm = pcm;
  if (session !== current) return;
  await openStream(current);
  if (session !== current) return;
  setState('streaming');
  pumpFile(current);
  current.pump = setInterval(() => pumpFile(current), 20);
}

/// Sends the file's audio up to FILE_LEAD_SECONDS ahead of what plays, then ends the stream.
function pumpFile(current) {
  if (session !== current || current.ended) return;
  const playedSeconds = current.playing ? current.playbackPosition() : 0;
  const limit = Math.min(current.pcm.length, Math.ceil((playedSeconds + FILE_LEAD_SECONDS) * STREAM_RATE));
  while (current.sentSamples < limit) {
    const end = Math.min(current.sentSamples + CHUNK_SAMPLES, current.pcm.length);
    const before = current.sentSamples;
    sendChunk(current, current.pcm.slice(current.sentSamples, end));
    if (current.sentSamples === before) return; // the stream failed
  }
  if (current.sentSamples >= current.pcm.length) {
    clearInterval(current.pump);
    current.ended = true;
    current.stream.end().catch(() => {});
  }
}

// ---------------------------------------------------------------------------------------------------
// Sessions

/// A running stream with its audio source; `teardown` releases everything it holds.
function newSession(mode) {
  resetFrames();
  const current = {
    mode,
    stream: null,
    context: null,
    media: null,
    sentSamples: 0,
    sentEmotion: '',
    firstAudioAt: performance.now(),
    ended: false,
    stopping: false,
    streamDone: false,
    playing: false,
    playbackEnded: false,
    startedAt: 0,
    // Microphone clock: audio seconds captured, extrapolated between chunks on the wall clock.
    clockAnchorWall: null,
    clockAnchorAudio: 0,
    delay: null,
    arrivalNeeds: [],
    noteCaptured(audioSeconds) {
      const now = performance.now();
      const clock = this.captureClock(now);
      if (this.clockAnchorWall === null || Math.abs(clock - audioSeconds) > 0.1) {
        this.clockAnchorWall = now;
        this.clockAnchorAudio = audioSeconds;
      }
    },
    captureClock(now = performance.now()) {
      if (this.clockAnchorWall === null) return 0;
      return this.clockAnchorAudio + (now - this.clockAnchorWall) / 1000;
    },
    // How far behind the capture the face must run so that frames are there when it needs them: the
    // largest gap seen in the last 5 s between the capture clock and the newest frame, when new frames came.
    noteArrival(frameTime) {
      const now = performance.now();
      const newest = Number.isFinite(timeline.latestTime) ? timeline.latestTime : frameTime;
      if (frameTime <= newest && timeline.length > 0) return;
      this.arrivalNeeds.push({ at: now, need: this.captureClock(now) - newest });
      while (this.arrivalNeeds.length && now - this.arrivalNeeds[0].at > 5000) this.arrivalNeeds.shift();
      const target = Math.max(...this.arrivalNeeds.map((entry) => entry.need)) + 0.04;
      this.delay = this.delay === null || target > this.delay ? target : this.delay;
    },
    relaxDelay(elapsedSeconds) {
      if (this.delay === null || !this.arrivalNeeds.length) return;
      const target = Math.max(...this.arrivalNeeds.map((entry) => entry.need)) + 0.04;
      if (target < this.delay) this.delay = Math.max(target, this.delay - 0.1 * elapsedSeconds);
    },
    playbackPosition() {
      if (!this.playing || !this.context) return 0;
      return Math.max(0, this.context.currentTime - this.startedAt);
    },
    startPlayback() {
      if (this.playing || !this.context || !this.playbackBuffer) return;
      const source = this.context.createBufferSource();
      source.buffer = this.playbackBuffer;
      source.connect(this.context.destination);
      this.startedAt = this.context.currentTime + 0.05;
      source.start(this.startedAt);
      source.onended = () => {
        if (session !== this) return;
        this.playbackEnded = true;
        if (this.streamDone) endSession('ended');
      };
      this.source = source;
      this.playing = true;
    },
    teardown() {
      clearInterval(this.pump);
      try {
        this.source?.stop();
      } catch {
        // not started
      }
      this.media?.getTracks().forEach((track) => track.stop());
      this.context?.close().catch(() => {});
    },
  };
  session = current;
  demo.mode = mode;
  return current;
}

// ---------------------------------------------------------------------------------------------------
// Drawing: 60 fps (the screen's rate), frames interpolated between the 30 fps frames

function faceTime(current, now) {
  if (!current || current.stopping) return frozenTime;
  if (current.mode === 'file') {
    if (!current.playing) return timeline.length ? 0 : null;
    return current.playbackPosition();
  }
  if (current.delay === null) return null;
  return Math.max(0, current.captureClock(now) - current.delay);
}

let lastDraw = performance.now();
let lastReadout = 0;

function draw(now) {
  requestAnimationFrame(draw);
  const current = session;
  const elapsed = (now - lastDraw) / 1000;
  lastDraw = now;
  if (current?.mode === 'mic') current.relaxDelay(elapsed);
  const wanted = faceTime(current, now);
  let shown = null;
  let weights = {};
  if (wanted !== null && timeline.length) {
    shown = Math.min(wanted, timeline.latestTime);
    weights = timeline.sample(shown) ?? {};
  }
  if (heldWeights) {
    face.render(heldWeights);
    return;
  }
  if (holdRequest && shown !== null && holdRequest.predicate(weights)) {
    heldWeights = { ...weights };
    holdRequest.resolve();
    holdRequest = null;
  }
  face.render(weights);
  demo.displayTime = shown;
  demo.displayedAt = now;
  demo.displayed = weights;
  demo.audioTime = current?.mode === 'file' && current.playing ? current.playbackPosition() : null;
  if (current && !current.stopping && demo.lastFrameTime !== null) {
    const reference = current.mode === 'mic' ? current.captureClock(now) : current.sentSamples / STREAM_RATE;
    demo.lagMs = Math.max(0, Math.round((reference - demo.lastFrameTime) * 1000));
  }
  const buffering = current?.mode === 'file' && current.playing && !current.stopping && wanted > timeline.latestTime + 0.04;
  if (buffering !== Boolean(current?.buffering)) {
    if (current) current.buffering = buffering;
    showOverlay(buffering ? 'Waiting for frames from the server…' : null);
  }
  curves.draw(shown ?? (timeline.length ? timeline.latestTime : 0));
  if (now - lastReadout > 100) {
    lastReadout = now;
    elements.frames.textContent = String(demo.framesReceived);
    elements.lag.textContent = demo.lagMs === null ? '–' : `${demo.lagMs} ms`;
    elements.faceTime.textContent = shown === null ? '–' : `${shown.toFixed(2)} s`;
  }
}

function fitCanvases() {
  const ratio = window.devicePixelRatio || 1;
  for (const canvas of [elements.face, elements.curves]) {
    const box = canvas.getBoundingClientRect();
    if (box.width === 0) continue;
    canvas.width = Math.round(box.width * ratio);
    canvas.height = Math.round(box.height * ratio);
  }
}

// ---------------------------------------------------------------------------------------------------
// Controls

function run(task) {
  task().catch(fail);
}

elements.mic.addEventListener('click', () => {
  if (session?.mode === 'mic' && ['connecting', 'streaming'].includes(demo.state)) {
    session.stream?.end().catch(() => {});
    endSession('ended');
    return;
  }
  stopSession();
  run(startMicrophone);
});
elements.stop.addEventListener('click', () => endSession('ended'));
elements.file.addEventListener('change', () => {
  const file = elements.file.files[0];
  elements.file.value = '';
  run(() => startFile(file));
});
for (const type of ['dragenter', 'dragover']) {
  elements.drop.addEventListener(type, (event) => {
    event.preventDefault();
    elements.drop.classList.add('over');
  });
}
for (const type of ['dragleave', 'drop']) elements.drop.addEventListener(type, () => elements.drop.classList.remove('over'));
elements.drop.addEventListener('drop', (event) => {
  event.preventDefault();
  const file = event.dataTransfer.files[0];
  if (file) run(() => startFile(file));
});
elements.profile.addEventListener('change', updateProfile);
elements.intensity.addEventListener('input', () => {
  elements.intensityValue.textContent = elements.intensity.value;
});
elements.token.addEventListener('change', () => {
  run(async () => {
    clearMessages();
    applyInfo(await fetchInfo());
    if (!session) setState('ready');
  });
});

// ---------------------------------------------------------------------------------------------------
// Start-up

elements.token.value = params.get('token') ?? '';
if (elements.token.value) elements.docsLink.href = new URL(`../docs?token=${encodeURIComponent(elements.token.value)}`, files.folder).href;
fitCanvases();
window.addEventListener('resize', fitCanvases);
requestAnimationFrame(draw);
run(async () => {
  applyInfo(await fetchInfo());
  setState('ready');
  if (params.get('mic') === '1') await startMicrophone();
});
