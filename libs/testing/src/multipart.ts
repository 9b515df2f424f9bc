/**
 * The head of one PDF part in the field `files` of a multipart/form-data body, as a browser writes
 * it; the file's bytes follow, then `\r\n` and the next part or `--boundary--`. For tests and
 * benches that send a body by hand: streamed, cut off, or cheaper than FormData's encoder.
 */
export function pdfPartHead(boundary: string, fileName: string): string {
  return `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${fileName}"\r\nContent-Type: application/pdf\r\n\r\n`;
}
