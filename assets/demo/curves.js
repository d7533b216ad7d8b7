// A scrolling plot of a few mouth and eye channels over the last seconds. No imports.

/// The plotted series: a label, a colour and how to read it from a frame's weights.
const SERIES = [
  { label: 'JawOpen', color: '#f2a541', value: (w) => w.JawOpen },
  { label: 'MouthClose', color: '#e8606b', value: (w) => w.MouthClose },
  { label: 'Funnel', color: '#5bc0eb', value: (w) => w.MouthFunnel },
  { label: 'Pucker', color: '#3a86ff', value: (w) => w.MouthPucker },
  { label: 'Smile', color: '#9bc53d', value: (w) => ((w.MouthSmileLeft ?? 0) + (w.MouthSmileRight ?? 0)) / 2 },
  { label: 'Blink', color: '#c77dff', value: (w) => ((w.EyeBlinkLeft ?? 0) + (w.EyeBlinkRight ?? 0)) / 2 },
];

/// Plots the series over the `seconds` before the time given to draw().
export class CurvePlot {
  constructor(canvas, { seconds = 6 } = {}) {
    this.canvas = canvas;
    this.context = canvas.getContext('2d');
    this.seconds = seconds;
    this.points = [];
  }

  /// Adds the frame at `time` seconds; a time before the newest one starts a new plot.
  push(time, weights) {
    const last = this.points[this.points.length - 1];
    if (last && time < last.time) this.points = [];
    this.points.push({ time, values: SERIES.map((series) => Number(series.value(weights)) || 0) });
    const oldest = time - this.seconds * 3;
    let drop = 0;
    while (drop < this.points.length && this.points[drop].time < oldest) drop++;
    if (drop > 0) this.points.splice(0, drop);
  }

  /// Forgets every point.
  clear() {
    this.points = [];
  }

  /// Draws the window ending at `nowTime` seconds (frames later than it are drawn too, up to the edge).
  draw(nowTime) {
    if (!Number.isFinite(nowTime)) nowTime = 0;
    const g = this.context;
    const { width, height } = this.canvas;
    const ratio = window.devicePixelRatio || 1;
    g.setTransform(1, 0, 0, 1, 0, 0);
    g.clearRect(0, 0, width, height);
    g.scale(ratio, ratio);
    const plotWidth = width / ratio;
    const plotHeight = height / ratio;
    const legendHeight = 18;
    const top = legendHeight + 4;
    const bottom = plotHeight - 14;
    const start = nowTime - this.seconds;
    const x = (time) => ((time - start) / this.seconds) * plotWidth;
    const y = (value) => bottom - Math.max(0, Math.min(1, value)) * (bottom - top);

    g.strokeStyle = 'rgba(255,255,255,0.08)';
    g.lineWidth = 1;
    g.font = '11px system-ui, sans-serif';
    g.fillStyle = 'rgba(255,255,255,0.45)';
    for (let level = 0; level <= 1; level += 0.5) {
      g.beginPath();
      g.moveTo(0, y(level));
      g.lineTo(plotWidth, y(level));
      g.stroke();
    }
    for (let second = Math.ceil(start); second <= nowTime; second++) {
      const position = x(second);
      g.beginPath();
      g.moveTo(position, top);
      g.lineTo(position, bottom);
      g.stroke();
      g.fillText(`${second} s`, position + 3, plotHeight - 3);
    }
    g.lineWidth = 2;
    SERIES.forEach((series, index) => {
      g.strokeStyle = series.color;
      g.beginPath();
      let started = false;
      for (const point of this.points) {
        if (point.time < start - 0.1) continue;
        const px = x(point.time);
        const py = y(point.values[index]);
        if (started) g.lineTo(px, py);
        else g.moveTo(px, py);
        started = true;
      }
      g.stroke();
    });
    let legendX = 4;
    for (const series of SERIES) {
      g.fillStyle = series.color;
      g.fillRect(legendX, 5, 10, 10);
      g.fillStyle = 'rgba(255,255,255,0.8)';
      g.fillText(series.label, legendX + 14, 14);
      legendX += g.measureText(series.label).width + 28;
    }
  }
}
