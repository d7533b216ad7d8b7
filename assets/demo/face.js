// A stylised 2D face drawn on a canvas from ARKit blendshape weights (our channel names: JawOpen,
// MouthClose, EyeBlinkLeft, ...). Pure drawing: no imports, no timers; call render() once per animation
// frame. "Left" and "Right" are the subject's sides, so a *Left shape moves the viewer's right side.
//
// The face is laid out in a 400 × 500 design space that render() fits into the canvas, centred.

const DESIGN_WIDTH = 400;
const DESIGN_HEIGHT = 500;

const SKIN = { light: '#f6d3b8', mid: '#eab995', shade: '#cf9672', line: '#9a5f45' };
const HAIR = { base: '#3b2a20', shine: '#5a4233' };
const LIP = { upper: '#b8545a', lower: '#c9636a', line: '#6e2a30' };
// The mouth's inside is the only dark area below the eyes, so that tests can measure the opening.
const MOUTH_INSIDE = '#3a1016';
const TEETH = '#f4efe6';
const TONGUE = '#b5505d';
const IRIS = '#4f7a8c';

const clamp01 = (v) => (v < 0 ? 0 : v > 1 ? 1 : v);
const lerp = (a, b, t) => a + (b - a) * t;

/// Draws the face on `canvas` for one set of weights.
export class FaceRenderer {
  constructor(canvas) {
    this.canvas = canvas;
    this.context = canvas.getContext('2d');
  }

  /// Draws the face for `weights` ({ARKitName: value in 0…1}; missing names count as 0).
  render(weights) {
    const w = (name) => clamp01(Number(weights?.[name]) || 0);
    const g = this.context;
    const { width, height } = this.canvas;
    g.setTransform(1, 0, 0, 1, 0, 0);
    g.clearRect(0, 0, width, height);
    const scale = Math.min(width / DESIGN_WIDTH, height / DESIGN_HEIGHT);
    g.setTransform(scale, 0, 0, scale, (width - DESIGN_WIDTH * scale) / 2, (height - DESIGN_HEIGHT * scale) / 2);
    g.lineCap = 'round';
    g.lineJoin = 'round';

    const pose = facePose(w);
    drawNeck(g, pose);
    drawEars(g, pose);
    drawHead(g, pose);
    drawHairBack(g);
    drawCheeks(g, pose);
    drawNose(g, pose);
    for (const side of [-1, 1]) {
      drawEye(g, pose.eyes[side < 0 ? 'right' : 'left'], side);
      drawBrow(g, pose.brows[side < 0 ? 'right' : 'left'], side);
    }
    drawMouth(g, pose.mouth);
    drawHairFront(g);
  }
}

/// Turns the weights into positions and amounts in design space. Viewer's left is x < 200, which is the
/// subject's right side.
function facePose(w) {
  const jaw = w('JawOpen');
  const close = w('MouthClose');
  const jawShift = (w('JawLeft') - w('JawRight')) * 10;
  const jawDrop = jaw * 30;
  const eye = (suffix, side) => ({
    blink: w('EyeBlink' + suffix),
    squint: clamp01(w('EyeSquint' + suffix) + 0.5 * w('CheekSquint' + suffix)),
    wide: w('EyeWide' + suffix),
    // Looking "out" is towards the subject's ear on that side: to the viewer's right for the left eye.
    lookX: (w('EyeLookOut' + suffix) - w('EyeLookIn' + suffix)) * side,
    lookY: w('EyeLookDown' + suffix) - w('EyeLookUp' + suffix),
  });
  const brow = (suffix) => ({
    innerUp: w('BrowInnerUp'),
    down: w('BrowDown' + suffix),
    outerUp: w('BrowOuterUp' + suffix),
  });
  const corner = (suffix) => ({
    smile: w('MouthSmile' + suffix),
    frown: w('MouthFrown' + suffix),
    stretch: w('MouthStretch' + suffix),
    dimple: w('MouthDimple' + suffix),
    press: w('MouthPress' + suffix),
    upperUp: w('MouthUpperUp' + suffix),
    lowerDown: w('MouthLowerDown' + suffix),
    sneer: w('NoseSneer' + suffix),
  });
  return {
    jaw,
    jawDrop,
    jawShift,
    cheekPuff: w('CheekPuff'),
    cheekSquint: { left: w('CheekSquintLeft'), right: w('CheekSquintRight') },
    sneer: { left: w('NoseSneerLeft'), right: w('NoseSneerRight') },
    eyes: { left: eye('Left', 1), right: eye('Right', -1) },
    brows: { left: brow('Left'), right: brow('Right') },
    mouth: {
      jaw,
      jawDrop,
      close,
      funnel: w('MouthFunnel'),
      pucker: w('MouthPucker'),
      rollUpper: w('MouthRollUpper'),
      rollLower: w('MouthRollLower'),
      shrugUpper: w('MouthShrugUpper'),
      shrugLower: w('MouthShrugLower'),
      cheekPuff: w('CheekPuff'),
      shift: (w('MouthLeft') - w('MouthRight')) * 14 + jawShift * 0.5,
      jawForward: w('JawForward'),
      left: corner('Left'),
      right: corner('Right'),
    },
  };
}

function drawNeck(g, pose) {
  const gradient = g.createLinearGradient(0, 380, 0, 500);
  gradient.addColorStop(0, SKIN.shade);
  gradient.addColorStop(1, SKIN.mid);
  g.fillStyle = gradient;
  g.beginPath();
  g.moveTo(148, 400);
  g.bezierCurveTo(150, 450, 140, 480, 110, 500);
  g.lineTo(290, 500);
  g.bezierCurveTo(260, 480, 250, 450, 252, 400);
  g.closePath();
  g.fill();
}

function drawEars(g, pose) {
  for (const side of [-1, 1]) {
    const x = 200 + side * 128;
    g.fillStyle = SKIN.mid;
    g.beginPath();
    g.moveTo(x - side * 4, 232);
    g.bezierCurveTo(x + side * 22, 214, x + side * 30, 262, x + side * 16, 292);
    g.bezierCurveTo(x + side * 8, 306, x - side * 4, 300, x - side * 6, 290);
    g.closePath();
    g.fill();
    g.strokeStyle = 'rgba(154,95,69,0.55)';
    g.lineWidth = 2;
    g.beginPath();
    g.moveTo(x + side * 4, 238);
    g.bezierCurveTo(x + side * 18, 236, x + side * 20, 270, x + side * 8, 284);
    g.stroke();
  }
}

/// The head's outline: an egg whose chin follows the jaw and whose cheeks swell with CheekPuff.
function headPath(g, pose) {
  const puff = pose.cheekPuff * 16;
  const chinY = 442 + pose.jawDrop;
  const chinX = 200 + pose.jawShift;
  g.beginPath();
  g.moveTo(200, 74);
  // Right half on screen (subject's left), then the left half back up.
  g.bezierCurveTo(282, 74, 334, 130, 334, 218);
  g.bezierCurveTo(334 + puff * 0.3, 280, 328 + puff, 320, 306 + puff * 0.8, 372 + pose.jawDrop * 0.4);
  g.bezierCurveTo(284, 414 + pose.jawDrop * 0.7, chinX + 46, chinY, chinX, chinY);
  g.bezierCurveTo(chinX - 46, chinY, 116, 414 + pose.jawDrop * 0.7, 94 - puff * 0.8, 372 + pose.jawDrop * 0.4);
  g.bezierCurveTo(72 - puff, 320, 66 - puff * 0.3, 280, 66, 218);
  g.bezierCurveTo(66, 130, 118, 74, 200, 74);
  g.closePath();
}

function drawHead(g, pose) {
  const gradient = g.createRadialGradient(185, 220, 40, 200, 260, 230);
  gradient.addColorStop(0, SKIN.light);
  gradient.addColorStop(0.65, SKIN.mid);
  gradient.addColorStop(1, SKIN.shade);
  headPath(g, pose);
  g.fillStyle = gradient;
  g.fill();
  g.strokeStyle = 'rgba(154,95,69,0.6)';
  g.lineWidth = 2;
  g.stroke();
  // A soft shadow under the chin line, following the jaw.
  g.save();
  headPath(g, pose);
  g.clip();
  const chinY = 442 + pose.jawDrop;
  const shadow = g.createRadialGradient(200 + pose.jawShift, chinY + 30, 10, 200 + pose.jawShift, chinY + 20, 90);
  shadow.addColorStop(0, 'rgba(160,100,70,0.35)');
  shadow.addColorStop(1, 'rgba(160,100,70,0)');
  g.fillStyle = shadow;
  g.fillRect(80, chinY - 80, 240, 120);
  g.restore();
}

function hairGradient(g) {
  const gradient = g.createRadialGradient(170, 70, 10, 200, 140, 190);
  gradient.addColorStop(0, HAIR.shine);
  gradient.addColorStop(0.5, HAIR.base);
  gradient.addColorStop(1, '#2a1d16');
  return gradient;
}

/// The hair behind the face's top: a cap down to the temples.
function drawHairBack(g) {
  g.fillStyle = hairGradient(g);
  g.beginPath();
  g.moveTo(62, 236);
  g.bezierCurveTo(40, 120, 110, 42, 205, 44);
  g.bezierCurveTo(300, 44, 362, 120, 338, 236);
  g.bezierCurveTo(332, 196, 324, 166, 308, 146);
  g.bezierCurveTo(250, 150, 180, 136, 132, 114);
  g.bezierCurveTo(98, 144, 78, 184, 62, 236);
  g.closePath();
  g.fill();
}

/// A fringe swept from a side parting over the forehead, with a few strands.
function drawHairFront(g) {
  g.fillStyle = hairGradient(g);
  g.beginPath();
  g.moveTo(112, 104);
  g.bezierCurveTo(150, 64, 256, 56, 306, 112);
  g.bezierCurveTo(276, 122, 236, 118, 204, 104);
  g.bezierCurveTo(180, 124, 146, 134, 112, 136);
  g.closePath();
  g.fill();
  g.strokeStyle = 'rgba(120,90,70,0.35)';
  g.lineWidth = 1.5;
  for (const [x1, y1, cx, cy, x2, y2] of [
    [150, 78, 170, 92, 186, 110],
    [196, 68, 230, 84, 262, 110],
    [232, 66, 262, 80, 290, 106],
  ]) {
    g.beginPath();
    g.moveTo(x1, y1);
    g.quadraticCurveTo(cx, cy, x2, y2);
    g.stroke();
  }
}

function drawCheeks(g, pose) {
  for (const side of [-1, 1]) {
    const squint = side > 0 ? pose.cheekSquint.left : pose.cheekSquint.right;
    const x = 200 + side * (78 + pose.cheekPuff * 12);
    const y = 306 - squint * 10;
    const radius = 34 + pose.cheekPuff * 18;
    const blush = g.createRadialGradient(x, y, 2, x, y, radius);
    blush.addColorStop(0, `rgba(232,120,110,${0.22 + pose.cheekPuff * 0.18})`);
    blush.addColorStop(1, 'rgba(232,120,110,0)');
    g.fillStyle = blush;
    g.beginPath();
    g.arc(x, y, radius, 0, Math.PI * 2);
    g.fill();
    if (pose.cheekPuff > 0.05) {
      const shine = g.createRadialGradient(x - side * 6, y - 10, 1, x - side * 6, y - 10, radius * 0.6);
      shine.addColorStop(0, `rgba(255,240,225,${pose.cheekPuff * 0.5})`);
      shine.addColorStop(1, 'rgba(255,240,225,0)');
      g.fillStyle = shine;
      g.beginPath();
      g.arc(x - side * 6, y - 10, radius * 0.6, 0, Math.PI * 2);
      g.fill();
    }
  }
}

function drawNose(g, pose) {
  g.strokeStyle = 'rgba(154,95,69,0.7)';
  g.lineWidth = 2.2;
  g.beginPath();
  g.moveTo(191, 246);
  g.bezierCurveTo(190, 270, 184, 288, 183, 298);
  g.stroke();
  for (const side of [-1, 1]) {
    const sneer = side > 0 ? pose.sneer.left : pose.sneer.right;
    const lift = sneer * 6;
    g.fillStyle = 'rgba(150,85,62,0.75)';
    g.beginPath();
    g.ellipse(200 + side * 11, 311 - lift, 6, 3.2, side * 0.35, 0, Math.PI * 2);
    g.fill();
    g.strokeStyle = 'rgba(154,95,69,0.75)';
    g.lineWidth = 2;
    g.beginPath();
    g.moveTo(200 + side * 6, 316 - lift);
    g.bezierCurveTo(200 + side * 26, 318 - lift, 200 + side * 26, 296 - lift, 200 + side * 16, 292 - lift);
    g.stroke();
  }
  g.strokeStyle = 'rgba(154,95,69,0.45)';
  g.lineWidth = 1.6;
  g.beginPath();
  g.moveTo(192, 318);
  g.quadraticCurveTo(200, 322, 208, 318);
  g.stroke();
}

/// One eye: white, iris following the look direction, then the lids over it (blink, squint, wide).
function drawEye(g, eye, side) {
  const cx = 200 + side * 62;
  const cy = 246;
  const halfWidth = 30;
  const top = 17 + eye.wide * 6;
  const bottom = 11;
  // How far down the upper lid comes (0 = open, 1 = shut) and how far up the lower lid pushes.
  const upperClose = clamp01(eye.blink + eye.squint * 0.3 - eye.wide * 0.2);
  const lowerRaise = clamp01(eye.squint * 0.55);
  const inner = { x: cx - side * halfWidth, y: cy + 2 };
  const outer = { x: cx + side * halfWidth, y: cy - 1 };

  const almond = () => {
    g.beginPath();
    g.moveTo(inner.x, inner.y);
    g.bezierCurveTo(inner.x + side * 12, cy - top * 1.3, outer.x - side * 14, cy - top * 1.25, outer.x, outer.y);
    g.bezierCurveTo(outer.x - side * 12, cy + bottom * 1.3, inner.x + side * 12, cy + bottom * 1.3, inner.x, inner.y);
    g.closePath();
  };
  // Lid lines as curves between the corners: -1 = the eye's top edge, +1 = its bottom edge.
  const lidControlY = (amount) => cy + lerp(-top * 1.28, bottom * 1.3, amount);
  const upperLidY = lidControlY(upperClose);
  const lowerLidY = lidControlY(1 - lowerRaise * 0.9);

  g.save();
  almond();
  g.fillStyle = '#fbf8f4';
  g.fill();
  g.clip();
  const irisX = cx + eye.lookX * 11;
  const irisY = cy + 1 + eye.lookY * 7;
  const irisGradient = g.createRadialGradient(irisX, irisY, 2, irisX, irisY, 12);
  irisGradient.addColorStop(0, '#7fb0c2');
  irisGradient.addColorStop(1, IRIS);
  g.fillStyle = irisGradient;
  g.beginPath();
  g.arc(irisX, irisY, 12, 0, Math.PI * 2);
  g.fill();
  g.fillStyle = '#121417';
  g.beginPath();
  g.arc(irisX, irisY, 5.2, 0, Math.PI * 2);
  g.fill();
  g.fillStyle = 'rgba(255,255,255,0.85)';
  g.beginPath();
  g.arc(irisX + 3.5, irisY - 4, 2.4, 0, Math.PI * 2);
  g.fill();
  // Upper lid: skin from above down to the lid line.
  g.fillStyle = SKIN.mid;
  g.beginPath();
  g.moveTo(inner.x - side * 4, cy - 40);
  g.lineTo(inner.x - side * 4, inner.y);
  g.bezierCurveTo(inner.x + side * 12, upperLidY, outer.x - side * 14, upperLidY, outer.x + side * 4, outer.y);
  g.lineTo(outer.x + side * 4, cy - 40);
  g.closePath();
  g.fill();
  // Lower lid: skin from below up to its line.
  g.beginPath();
  g.moveTo(inner.x - side * 4, cy + 40);
  g.lineTo(inner.x - side * 4, inner.y);
  g.bezierCurveTo(inner.x + side * 12, lowerLidY, outer.x - side * 12, lowerLidY, outer.x + side * 4, outer.y);
  g.lineTo(outer.x + side * 4, cy + 40);
  g.closePath();
  g.fill();
  g.restore();

  // Lash line along the upper lid, crease above it, a faint line under the lower lid.
  g.strokeStyle = '#2b1d18';
  g.lineWidth = 3.2;
  g.beginPath();
  g.moveTo(inner.x, inner.y);
  g.bezierCurveTo(inner.x + side * 12, upperLidY, outer.x - side * 14, upperLidY, outer.x + side * 3, outer.y - 2);
  g.stroke();
  g.strokeStyle = 'rgba(154,95,69,0.55)';
  g.lineWidth = 1.6;
  const creaseY = cy - top * 1.05 - 6 + upperClose * 4;
  g.beginPath();
  g.moveTo(inner.x + side * 4, inner.y - 10);
  g.bezierCurveTo(inner.x + side * 16, creaseY - 6, outer.x - side * 14, creaseY - 6, outer.x + side * 2, outer.y - 8);
  g.stroke();
  g.strokeStyle = 'rgba(154,95,69,0.35)';
  g.lineWidth = 1.4;
  g.beginPath();
  g.moveTo(inner.x + side * 6, inner.y + 4);
  g.bezierCurveTo(inner.x + side * 14, lowerLidY + 5, outer.x - side * 12, lowerLidY + 5, outer.x - side * 2, outer.y + 3);
  g.stroke();
}

/// One brow as a tapered shape, thick at the inner end: BrowInnerUp lifts (and tilts) the inner end,
/// BrowDown lowers and pulls it in, BrowOuterUp lifts the outer end.
function drawBrow(g, brow, side) {
  const innerX = 200 + side * (30 - brow.down * 5);
  const innerY = 203 - brow.innerUp * 16 + brow.down * 10;
  const outerX = 200 + side * 98;
  const outerY = 207 - brow.outerUp * 15 + brow.down * 4 - brow.innerUp * 3;
  const archX = 200 + side * 70;
  const archY = Math.min(innerY, outerY) - 12 + brow.down * 3 - brow.outerUp * 3;
  g.fillStyle = HAIR.base;
  g.beginPath();
  g.moveTo(innerX, innerY + 5);
  g.quadraticCurveTo(innerX + side * 2, innerY - 5, innerX + side * 10, innerY - 6);
  g.quadraticCurveTo(archX, archY - 4, outerX, outerY);
  g.quadraticCurveTo(archX, archY + 5, innerX + side * 10, innerY + 6);
  g.closePath();
  g.fill();
}

/// The mouth: lips meeting at two corners, an opening between them (jaw minus MouthClose, plus the lip
/// raisers), rounded towards an "O" by funnel and pucker, widened by smile and stretch.
function drawMouth(g, m) {
  const cx = 200 + m.shift;
  const restY = 358;
  const round = clamp01(m.funnel * 1.1 + m.pucker * 0.7);
  const open = clamp01(m.jaw - m.close);
  const sides = { left: m.left, right: m.right };
  const corners = {};
  let upperUp = 0;
  let lowerDown = 0;
  let press = 0;
  for (const [name, s] of Object.entries(sides)) {
    const side = name === 'left' ? 1 : -1;
    const halfWidth =
      44 * (1 + 0.3 * s.stretch + 0.22 * s.smile + 0.08 * s.dimple - 0.12 * s.frown) * (1 - 0.4 * m.pucker - 0.3 * m.funnel) +
      m.cheekPuff * 4;
    corners[name] = {
      x: cx + side * halfWidth,
      y: restY - s.smile * 14 + s.frown * 10 + s.stretch * 2 + m.jawDrop * 0.35 - s.dimple * 3,
      halfWidth,
    };
    upperUp += s.upperUp / 2;
    lowerDown += s.lowerDown / 2;
    press += s.press / 2;
  }
  // The gap between the lips, split between the upper lip (lifted) and the lower lip (carried by the jaw).
  const gapUp = upperUp * 9 + m.funnel * 7 + open * 6 - m.shrugUpper * 2;
  const gapDown = open * 50 + lowerDown * 10 + m.funnel * 9 - m.pucker * 2 - m.shrugLower * 2;
  const closed = open < 0.02 && upperUp < 0.05 && lowerDown < 0.05 && m.funnel < 0.08;
  const lipScale = 1 + 0.55 * m.pucker + 0.3 * m.funnel - 0.65 * press;
  const upperThick = 11 * lipScale * (1 - 0.75 * m.rollUpper);
  const lowerThick = 14.5 * lipScale * (1 - 0.75 * m.rollLower) * (1 + 0.15 * m.jawForward);
  const midY = restY + m.jawDrop * 0.25 - m.shrugUpper * 3;
  const upperInner = { x: cx, y: closed ? midY : midY - gapUp };
  const lowerInner = { x: cx, y: closed ? midY : midY + Math.max(gapDown, 0) };
  const upperOuter = { x: cx, y: upperInner.y - upperThick };
  const lowerOuter = { x: cx, y: lowerInner.y + lowerThick };

  // A corner-to-centre cubic: `round` turns the corner tangent vertical for an "O".
  const halfCurve = (corner, centre, bow = 0) => {
    const dx = centre.x - corner.x;
    const dy = centre.y - corner.y;
    g.bezierCurveTo(
      corner.x + dx * lerp(0.32, 0.02, round),
      corner.y + dy * lerp(0.3, 0.6, round),
      centre.x - dx * lerp(0.42, 0.55, round),
      centre.y - bow,
      centre.x,
      centre.y
    );
  };
  const backToCorner = (centre, corner, bow = 0) => {
    const dx = centre.x - corner.x;
    const dy = centre.y - corner.y;
    g.bezierCurveTo(
      centre.x - dx * lerp(0.42, 0.55, round),
      centre.y - bow,
      corner.x + dx * lerp(0.32, 0.02, round),
      corner.y + dy * lerp(0.3, 0.6, round),
      corner.x,
      corner.y
    );
  };
  const L = corners.right; // viewer's left
  const R = corners.left; // viewer's right
  const innerPath = () => {
    g.beginPath();
    g.moveTo(L.x, L.y);
    halfCurve(L, upperInner);
    backToCorner(upperInner, R);
    halfCurve(R, lowerInner);
    backToCorner(lowerInner, L);
    g.closePath();
  };

  // Smile folds from the nose wings to the corners, and dimples.
  for (const [corner, s, side] of [
    [L, m.right, -1],
    [R, m.left, 1],
  ]) {
    const fold = clamp01(s.smile * 0.9 + s.stretch * 0.3);
    g.strokeStyle = `rgba(154,95,69,${0.05 + fold * 0.5})`;
    g.lineWidth = 2;
    g.beginPath();
    g.moveTo(200 + side * 24, 304);
    g.bezierCurveTo(200 + side * (40 + s.smile * 10), 322, corner.x + side * 12, corner.y - 14, corner.x + side * 8, corner.y + 4);
    g.stroke();
    if (s.dimple > 0.05) {
      g.fillStyle = `rgba(154,95,69,${s.dimple * 0.5})`;
      g.beginPath();
      g.ellipse(corner.x + side * 9, corner.y + 6, 2, 4, 0, 0, Math.PI * 2);
      g.fill();
    }
  }

  if (!closed) {
    // The inside: dark, with the upper teeth, a glimpse of the lower teeth and the tongue.
    g.save();
    innerPath();
    g.fillStyle = MOUTH_INSIDE;
    g.fill();
    g.clip();
    const teethWidth = Math.min(L.halfWidth, R.halfWidth) * 0.7;
    g.fillStyle = TEETH;
    g.beginPath();
    g.ellipse(cx, upperInner.y - 2, teethWidth, 9 + upperUp * 3, 0, 0, Math.PI);
    g.fill();
    g.fillStyle = 'rgba(244,239,230,0.85)';
    g.beginPath();
    g.ellipse(cx, lowerInner.y + 4, teethWidth * 0.8, 6, 0, Math.PI, Math.PI * 2);
    g.fill();
    g.fillStyle = TONGUE;
    g.beginPath();
    g.ellipse(cx, lowerInner.y + 6, teethWidth * 0.75, Math.max(4, (lowerInner.y - upperInner.y) * 0.25), 0, Math.PI, Math.PI * 2);
    g.fill();
    g.restore();
  }

  // Upper lip: outer edge with a cupid's bow down to the inner edge.
  const lipGradient = g.createLinearGradient(0, upperOuter.y, 0, lowerOuter.y);
  lipGradient.addColorStop(0, LIP.upper);
  lipGradient.addColorStop(1, LIP.lower);
  g.fillStyle = LIP.upper;
  g.beginPath();
  g.moveTo(L.x, L.y);
  halfCurve(L, { x: cx, y: upperOuter.y + 2 }, 4 * (1 - round));
  backToCorner({ x: cx, y: upperOuter.y + 2 }, R, 4 * (1 - round));
  halfCurve(R, upperInner);
  backToCorner(upperInner, L);
  g.closePath();
  g.fill();
  // Lower lip, fuller, with a highlight.
  g.fillStyle = LIP.lower;
  g.beginPath();
  g.moveTo(L.x, L.y);
  halfCurve(L, lowerInner);
  backToCorner(lowerInner, R);
  halfCurve(R, lowerOuter);
  backToCorner(lowerOuter, L);
  g.closePath();
  g.fill();
  g.fillStyle = 'rgba(255,220,220,0.35)';
  g.beginPath();
  g.ellipse(cx, lowerOuter.y - lowerThick * 0.45, Math.max(6, (R.x - L.x) * 0.16), Math.max(1.5, lowerThick * 0.18), 0, 0, Math.PI * 2);
  g.fill();
  // The line where the lips meet (or the edges of the opening).
  g.strokeStyle = LIP.line;
  g.lineWidth = closed ? 2.4 + press * 1.5 : 1.4;
  g.beginPath();
  g.moveTo(L.x, L.y);
  halfCurve(L, upperInner);
  backToCorner(upperInner, R);
  if (!closed) {
    halfCurve(R, lowerInner);
    backToCorner(lowerInner, L);
  }
  g.stroke();
  // Shadow under the lower lip.
  g.fillStyle = 'rgba(160,100,70,0.22)';
  g.beginPath();
  g.ellipse(cx, lowerOuter.y + 7, (R.x - L.x) * 0.22, 4, 0, 0, Math.PI * 2);
  g.fill();
}
