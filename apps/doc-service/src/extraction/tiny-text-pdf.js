'use strict';
/**
 * A one-page PDF with one Helvetica text run per string (three columns, 80 rows), written out by
 * hand for the reader thread's own use (warm-up, parked extraction), so that thread loads nothing but
 * pdf-parse. Plain CommonJS for the same reason as pdf-text-worker.js. Strings must not contain ( ) \.
 */
function tinyTextPdf(lines) {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
  ];
  const content = lines.map((line, i) => `BT /F1 9 Tf ${10 + (i % 3) * 190} ${790 - Math.floor(i / 3) * 10} Td (${line}) Tj ET`).join('\n');
  objects.push(`<< /Length ${content.length} >>\nstream\n${content}\nendstream`);
  let pdf = '%PDF-1.4\n';
  const offsets = objects.map((body, i) => {
    const offset = pdf.length;
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
    return offset;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  pdf += offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('');
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(pdf, 'latin1'));
}

module.exports = { tinyTextPdf };
