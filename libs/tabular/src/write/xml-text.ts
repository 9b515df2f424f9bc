// C0 controls other than tab, LF and CR, and the non-characters U+FFFE/U+FFFF: XML 1.0 forbids
// them even as character references, and Excel refuses ("repairs") a file that contains one.
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;
// eslint-disable-next-line no-control-regex
const NOT_XML_ALL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;
// CR is written as a reference because XML parsers turn a literal CR (or CRLF) into LF.
const MARKUP = /[&<>"\r]/;
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\r': '&#13;' };

/** Drops the characters XML cannot carry (exceljs drops them too); everything else is kept. */
export function xmlChars(text: string): string {
  return NOT_XML.test(text) ? text.replace(NOT_XML_ALL, '') : text;
}

/** Escapes markup (and CR), for element text and double-quoted attributes alike; `text` must already pass xmlChars. */
export function escapeXml(text: string): string {
  return MARKUP.test(text) ? text.replace(/[&<>"\r]/g, (char) => ENTITIES[char]) : text;
}
