// Launcher output: one short, colored `[label]` prefix per line, for our own messages and for
// every child process's stdout/stderr.
import { createInterface } from 'node:readline';

const colorOn = !process.env.NO_COLOR && (Boolean(process.stdout.isTTY) || Boolean(process.env.FORCE_COLOR));
const LABEL_WIDTH = 8;

export const color = {
  bold: (text) => paint('1', text),
  dim: (text) => paint('2', text),
  red: (text) => paint('31', text),
  green: (text) => paint('32', text),
  yellow: (text) => paint('33', text),
  blue: (text) => paint('34', text),
  magenta: (text) => paint('35', text),
  cyan: (text) => paint('36', text),
  gray: (text) => paint('90', text),
};

function paint(code, text) {
  return colorOn ? `\x1b[${code}m${text}\x1b[0m` : text;
}

/** Returns a function that prints each line of `text` with the label in front. */
export function labelled(label, tint = color.gray) {
  const prefix = tint(`[${label}]`.padEnd(LABEL_WIDTH + 2));
  return (text) => {
    for (const line of String(text).replace(/\n$/, '').split('\n')) process.stdout.write(`${prefix} ${line}\n`);
  };
}

/** Pipes a child's stdout and stderr, line by line, through `print`. */
export function pipeChildOutput(child, print) {
  for (const stream of [child.stdout, child.stderr]) {
    if (stream) createInterface({ input: stream, crlfDelay: Infinity }).on('line', print);
  }
}

/** The launcher's own voice. */
export const say = labelled('start', color.bold);
export const warn = (text) => say(color.yellow(text));
export const fail = (text) => say(color.red(text));
