/**
 * A file's name as a multipart body carries it. Browsers' FormData writes `"` as %22, and CR and LF
 * as %0D and %0A, escaping nothing else (the HTML standard's multipart/form-data encoding), so
 * `fatura "março".pdf` arrives as `fatura %22março%22.pdf`: the quote is read back, the line
 * breaks, which no name keeps, are dropped.
 */
export function formFileName(sent: string): string {
  return sent.replace(/%22/g, '"').replace(/%0[DA]/g, '');
}
