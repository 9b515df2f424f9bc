import { SNIPPET_MAX } from './model-answer';

/**
 * Where the line holding `index` starts, looked for at most a snippet's length back (the stretch's
 * start in a longer line): a text of one 500,000-character line with thousands of dates cost a scan
 * of the whole line per date, seconds of CPU for one document.
 */
export function lineStart(text: string, index: number): number {
  const from = Math.max(0, index - SNIPPET_MAX);
  return from + text.slice(from, index).lastIndexOf('\n') + 1;
}

/**
 * The line around `index`, trimmed to a snippet: what a reviewer needs to see where a value came
 * from. Its end is looked for within two snippets' length of its start (see lineStart).
 */
export function lineAt(text: string, index: number): string {
  const start = lineStart(text, index);
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
