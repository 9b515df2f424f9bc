import type { CellValue } from '../table-types';
import type { CoerceResult, SelectOption } from './target-type';
import { quoteValue } from './quote-value';

const fold = (text: string): string => text.normalize('NFC').trim().toLowerCase();

function optionList(options: SelectOption[]): string {
  const shown = options.slice(0, 10).map((option) => option.label ?? option.value);
  return shown.join(', ') + (options.length > 10 ? `, … (${options.length} in all)` : '');
}

/** The option a text names: by exact value, then by value or label ignoring case. */
function findOption(text: string, options: SelectOption[]): SelectOption | undefined {
  const exact = options.find((option) => option.value === text);
  if (exact) return exact;
  const key = fold(text);
  return options.find((option) => fold(option.value) === key) ?? options.find((option) => option.label !== undefined && fold(option.label) === key);
}

export function coerceSelect(value: Exclude<CellValue, null>, options: SelectOption[]): CoerceResult {
  const text = value instanceof Date ? value.toISOString() : String(value).trim();
  const option = findOption(text, options);
  if (option) return { ok: true, value: option.value };
  return { ok: false, error: `${quoteValue(value)} is not one of the options: ${optionList(options)}` };
}

/** Items of a list cell: a JSON array as written, else split on `;` when present, else on `,`. */
function items(text: string): string[] | undefined {
  const trimmed = text.trim();
  if (trimmed.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (Array.isArray(parsed) && parsed.every((item) => ['string', 'number', 'boolean'].includes(typeof item))) return parsed.map(String);
    } catch {
      // Not JSON after all: "[draft]" is a one-item list.
    }
  }
  const separator = trimmed.includes(';') ? ';' : ',';
  return trimmed.split(separator).map((item) => item.trim()).filter(Boolean);
}

export function coerceJsonArray(value: Exclude<CellValue, null>, options: SelectOption[] | undefined): CoerceResult {
  const list = items(value instanceof Date ? value.toISOString() : String(value)) ?? [];
  if (!options) return { ok: true, value: list };
  const values: string[] = [];
  for (const item of list) {
    const option = findOption(item, options);
    if (!option) return { ok: false, error: `${quoteValue(item)} is not one of the options: ${optionList(options)}` };
    if (!values.includes(option.value)) values.push(option.value);
  }
  return { ok: true, value: values };
}
