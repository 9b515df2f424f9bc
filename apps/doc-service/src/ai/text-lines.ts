import { SNIPPET_MAX } from './model-answer';

/**
 * The line around `index`, trimmed to a snippet: what a reviewer needs to see where a value came
 * from. The line's start is looked for within a snippet's length before `index`, its end within
 * two after the start: a text of one 500,000-character line with thousands of dates cost a scan of
 * the whole line per date, seconds of CPU for one document.
 */
export function lineAt(text: string, index: number): string {
  const from = Math.max(0, index - SNIPPET_MAX);
  const start = from + text.slice(from, index).lastIndexOf('\n') + 1;
  const rest = text.slice(start, Math.max(index, start + 2 * SNIPPET_MAX));
  const end = rest.indexOf('\n', index - start);
  return (end === -1 ? rest : rest.slice(0, end)).trim().slice(0, SNIPPET_MAX);
}

/** Non-empty trimmed lines with their offsets in the text. */
export function linesOf(text: string): Array<{ line: string; index: number }> {
  const lines: Array<{ line: string; index: number }> = [];
  let index = 0;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line) lines.push({ line, index: index + raw.indexOf(line) });
    index += raw.length + 1;
  }
  return lines;
}
