// A horizontal bar chart as a standalone SVG: one bar per row, with its figure, and a mark where its limit is.

const xml = (text) =>
  String(text).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

/** `rows`: `{ label, value, limit? }`; bars over their limit are drawn in the warning colour. */
export function barChart({ title, rows, unit }) {
  const labelWidth = 430;
  const barWidth = 360;
  const rowHeight = 22;
  const top = 40;
  const width = labelWidth + barWidth + 90;
  const height = top + rows.length * rowHeight + 16;
  const max = Math.max(...rows.map((row) => Math.max(row.value, row.limit ?? 0))) * 1.05;
  const x = (value) => labelWidth + (value / max) * barWidth;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="12">`,
    `<title>${xml(title)}</title>`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="10" y="22" font-size="14" font-weight="600">${xml(title)}</text>`,
  ];
  rows.forEach((row, index) => {
    const y = top + index * rowHeight;
    const over = row.limit !== undefined && row.value > row.limit;
    parts.push(
      `<text x="${labelWidth - 8}" y="${y + 14}" text-anchor="end">${xml(row.label)}</text>`,
      `<rect x="${labelWidth}" y="${y + 3}" width="${Math.max(1, x(row.value) - labelWidth).toFixed(1)}" height="${rowHeight - 6}" fill="${over ? '#d9822b' : '#3c7dd9'}"/>`,
      `<text x="${(x(row.value) + 6).toFixed(1)}" y="${y + 14}">${row.value.toFixed(2)} ${xml(unit)}</text>`,
    );
    if (row.limit) {
      parts.push(
        `<line x1="${x(row.limit).toFixed(1)}" x2="${x(row.limit).toFixed(1)}" y1="${y + 1}" y2="${y + rowHeight - 1}" stroke="#222" stroke-width="2"/>`,
      );
    }
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
