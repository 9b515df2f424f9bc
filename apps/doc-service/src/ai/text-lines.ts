import { SNIPPET_MAX } from './model-answer';

/** The whole line around `index`, trimmed to a snippet: what a reviewer needs to see where a value came from. */
export function lineAt(text: string, index: number): string {
  const start = text.lastIndexOf('\n', index - 1) + 1;
  const end = text.indexOf('\n', index);
  return text.slice(start, end === -1 ? undefined : end).trim().slice(0, SNIPPET_MAX);
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
