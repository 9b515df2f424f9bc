/**
 * The benchmark's data: row i of a deterministic 10-column people list, written as CSV and as XLSX.
 * Every file holds rows 0…n−1 of the same list, so a smaller file is a prefix of a larger one and the
 * COPY-loaded table can seed "the half that already exists" for any of them.
 */
import ExcelJS from 'exceljs';
import { once } from 'node:events';
import { createWriteStream, statSync } from 'node:fs';

/** Column headers = the bench collection's field titles (so the analysis proposes the mapping itself). */
export const HEADERS = ['Name', 'Email', 'Age', 'Active', 'Signup date', 'City', 'Score', 'Balance', 'Birthday', 'Tier'] as const;
/** The field each column maps to, in column order (A…J). */
export const FIELD_NAMES = ['name', 'email', 'age', 'active', 'signupDate', 'city', 'score', 'balance', 'birthday', 'tier'] as const;

const FIRST = ['Ana', 'Bruno', 'Carla', 'Duarte', 'Eva', 'Filipe', 'Gabriela', 'Hugo', 'Inês', 'João', 'Lúcia', 'Miguel', 'Nuno'];
const LAST = ['Silva', 'Santos', 'Ferreira', 'Pereira', 'Oliveira', 'Costa', 'Rodrigues', 'Martins', 'Sousa', 'Gonçalves', 'Lopes'];
const CITIES = ['Lisboa', 'Porto', 'São Paulo', 'Coimbra', 'Braga', 'Faro', 'Funchal', 'Évora', 'Aveiro', 'Setúbal', 'Viseu'];
const TIERS = ['bronze', 'silver', 'gold'];
const DAY = 86_400_000;
const SIGNUP_FROM = Date.UTC(2020, 0, 1);
const BIRTH_FROM = Date.UTC(1950, 0, 1);

export interface Person {
  name: string;
  email: string;
  age: number;
  active: boolean;
  signupDate: Date;
  city: string | null;
  score: number | null;
  balance: number;
  birthday: Date;
  tier: string;
}

export function person(i: number): Person {
  const first = FIRST[i % FIRST.length];
  const last = LAST[(i * 7) % LAST.length];
  return {
    // every 50th name has a comma, so the CSV has quoted fields
    name: i % 50 === 0 ? `${last}, ${first}` : `${first} ${last}`,
    email: `person${i}@bench.example`,
    age: 18 + (i % 70),
    active: i % 3 !== 0,
    signupDate: new Date(SIGNUP_FROM + ((i * 7919) % (4 * 365 * 86_400)) * 1000),
    city: i % 97 === 0 ? null : CITIES[i % CITIES.length],
    score: i % 89 === 0 ? null : ((i * 37) % 10_000) / 100,
    balance: ((i * 7919) % 10_000_000) / 100,
    birthday: new Date(BIRTH_FROM + ((i * 31) % 20_000) * DAY),
    tier: TIERS[i % TIERS.length],
  };
}

const isoDate = (d: Date) => d.toISOString().slice(0, 10);
const isoDateTime = (d: Date) => d.toISOString().slice(0, 19).replace('T', ' ');
const csvText = (s: string | null) => (s === null ? '' : /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/**
 * One CSV line. Values are written the way PostgreSQL's COPY (CSV) reads them too — yes/no,
 * ISO dates, `.` decimals, empty = NULL — so the ceiling loads the very same bytes.
 */
export function csvLine(p: Person): string {
  return [
    csvText(p.name),
    p.email,
    p.age,
    p.active ? 'yes' : 'no',
    isoDateTime(p.signupDate),
    csvText(p.city),
    p.score ?? '',
    p.balance.toFixed(2),
    isoDate(p.birthday),
    p.tier,
  ].join(',');
}

/** Writes rows 0…rows−1 as UTF-8 CSV with a header; returns the file's size in bytes. */
export async function writeCsv(path: string, rows: number): Promise<number> {
  const out = createWriteStream(path);
  let chunk = `${HEADERS.join(',')}\n`;
  for (let i = 0; i < rows; i++) {
    chunk += `${csvLine(person(i))}\n`;
    if (chunk.length >= 1 << 16) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
  return statSync(path).size;
}

/**
 * Writes the same rows as an XLSX the way Excel does: one sheet named after the collection, a
 * shared-strings table, real numbers, booleans and dates (date formats on the columns).
 */
export async function writeXlsx(path: string, sheetName: string, rows: number): Promise<number> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true, useStyles: true });
  const sheet = workbook.addWorksheet(sheetName);
  sheet.columns = HEADERS.map((header, i) => ({
    header,
    key: FIELD_NAMES[i],
    width: 16,
    style: header === 'Signup date' ? { numFmt: 'yyyy-mm-dd hh:mm:ss' } : header === 'Birthday' ? { numFmt: 'yyyy-mm-dd' } : {},
  }));
  for (let i = 0; i < rows; i++) {
    const p = person(i);
    sheet.addRow([p.name, p.email, p.age, p.active, p.signupDate, p.city, p.score, p.balance, p.birthday, p.tier]).commit();
    // let the file stream flush now and then: exceljs buffers committed rows until the event loop turns
    if (i % 10_000 === 9_999) await new Promise((resolve) => setImmediate(resolve));
  }
  sheet.commit();
  await workbook.commit();
  return statSync(path).size;
}
