/**
 * Text widths of DejaVu Sans (the theme's font), so the headless renderer lays out, truncates and places labels
 * by the glyphs librsvg will actually draw. Without a canvas, Vega estimates every character at 0.8 em, which
 * truncates labels early ("Science Ficti…") and reserves room for titles that is not needed.
 *
 * The advance widths (in em, printable ASCII 32–126) were measured from the installed DejaVuSans.ttf and
 * DejaVuSans-Bold.ttf by rasterising runs of each character; other characters count as an average glyph.
 */
const FIRST = 32;

const NORMAL: readonly number[] = [
  0.318, 0.401, 0.46, 0.838, 0.636, 0.95, 0.78, 0.275, 0.39, 0.39, 0.5, 0.838, 0.318, 0.361, 0.317, 0.337, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636,
  0.636, 0.636, 0.636, 0.337, 0.337, 0.838, 0.838, 0.838, 0.531, 1, 0.711, 0.686, 0.698, 0.77, 0.632, 0.575, 0.775, 0.752, 0.295, 0.295, 0.656, 0.557, 0.863,
  0.748, 0.787, 0.603, 0.787, 0.695, 0.635, 0.594, 0.732, 0.684, 0.989, 0.685, 0.611, 0.685, 0.39, 0.337, 0.39, 0.838, 0.5, 0.5, 0.613, 0.635, 0.55, 0.635,
  0.615, 0.352, 0.635, 0.634, 0.278, 0.278, 0.579, 0.278, 0.974, 0.634, 0.612, 0.635, 0.635, 0.395, 0.521, 0.392, 0.634, 0.592, 0.818, 0.592, 0.592, 0.525,
  0.636, 0.337, 0.636, 0.838,
];

const BOLD: readonly number[] = [
  0.348, 0.456, 0.521, 0.838, 0.696, 1.002, 0.872, 0.306, 0.457, 0.457, 0.523, 0.838, 0.38, 0.415, 0.38, 0.365, 0.696, 0.696, 0.696, 0.696, 0.696, 0.696, 0.696,
  0.696, 0.696, 0.696, 0.4, 0.4, 0.838, 0.838, 0.838, 0.58, 1, 0.774, 0.762, 0.733, 0.83, 0.683, 0.683, 0.821, 0.837, 0.372, 0.372, 0.775, 0.637, 0.995, 0.837,
  0.85, 0.733, 0.85, 0.77, 0.678, 0.704, 0.812, 0.774, 1.103, 0.771, 0.724, 0.725, 0.457, 0.365, 0.457, 0.838, 0.5, 0.5, 0.675, 0.716, 0.593, 0.716, 0.678,
  0.435, 0.716, 0.712, 0.343, 0.343, 0.665, 0.343, 1.042, 0.712, 0.687, 0.716, 0.716, 0.493, 0.595, 0.478, 0.712, 0.652, 0.924, 0.645, 0.652, 0.582, 0.712,
  0.365, 0.712, 0.838,
];

/** Width of an average glyph (em) for characters outside the table (accents, CJK count as wide). */
const OTHER = { normal: 0.62, bold: 0.68 };
const WIDE = 1;

/** The width in pixels of `text` set in DejaVu Sans at `fontSize`. */
export function measureText(text: string, fontSize: number, bold = false): number {
  const table = bold ? BOLD : NORMAL;
  let em = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    const known = table[code - FIRST];
    em += known ?? (code >= 0x2e80 ? WIDE : bold ? OTHER.bold : OTHER.normal);
  }
  return em * fontSize;
}

export function isBold(weight: unknown): boolean {
  return weight === 'bold' || weight === 'bolder' || (typeof weight === 'number' && weight >= 600) || (typeof weight === 'string' && Number(weight) >= 600);
}
