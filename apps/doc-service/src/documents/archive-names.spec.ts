import { ArchiveNames, pdfFileName } from './archive-names';

describe('ArchiveNames', () => {
  it('keeps each name, numbering repeats whatever the case, as file managers do', () => {
    const names = new ArchiveNames();
    expect(['invoice.pdf', 'Invoice.PDF', 'invoice.pdf', 'invoice (2).pdf', 'notes'].map((n) => names.next(n))).toEqual([
      'invoice.pdf',
      'Invoice (2).PDF',
      'invoice (3).pdf',
      'invoice (2) (2).pdf',
      'notes',
    ]);
  });

  it('never makes folders, escapes the archive or hides a control character', () => {
    const names = new ArchiveNames();
    expect(names.next('../../etc/passwd.pdf')).toBe('_.._etc_passwd.pdf');
    expect(names.next('C:\\Users\\ana\\fatura.pdf')).toBe('C__Users_ana_fatura.pdf');
    expect(names.next('a\u0000b\nc.pdf')).toBe('a_b_c.pdf');
    expect(names.next('What? <2024> "final" | *.pdf')).toBe('What_ _2024_ _final_ _ _.pdf');
    expect(names.next('.hidden.pdf')).toBe('hidden.pdf');
    expect(names.next('report.pdf. . ')).toBe('report.pdf');
    expect(names.next('..')).toBe('document.pdf');
    expect(names.next('   ')).toBe('document (2).pdf');
    expect(names.next(`${'x'.repeat(300)}.pdf`)).toHaveLength(200);
    // Cut by characters, never inside one: 150 emoji and the extension.
    const emoji = names.next(`${'😀'.repeat(250)}.pdf`);
    expect(Array.from(emoji)).toHaveLength(200);
    expect(emoji.endsWith('😀.pdf')).toBe(true);
    expect(emoji).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
  });
});

describe('pdfFileName', () => {
  it('ends every name in .pdf, keeping one that already does', () => {
    expect(['report.pdf', 'SCAN.PDF', 'poly.html', 'invfdp.exe', 'notes'].map(pdfFileName)).toEqual(['report.pdf', 'SCAN.PDF', 'poly.html.pdf', 'invfdp.exe.pdf', 'notes.pdf']);
  });
});
