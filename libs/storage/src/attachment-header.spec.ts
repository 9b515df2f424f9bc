import { parse } from 'content-disposition';
import { attachmentHeader } from './attachment-header';

describe('attachmentHeader', () => {
  it.each(['relatório março.pdf', 'Fatura nº 12 – ção.pdf', '請求書.pdf', 'emoji 🔑.pdf', 'plain-name.pdf', 'quote "and" back\\slash.pdf', '50% off.pdf', 'report%20final.pdf'])(
    'gives %s back whole to a client that reads filename*, and a readable ASCII name to one that does not',
    (name) => {
      const header = attachmentHeader(name);
       
      expect(header).toMatch(/^[\x20-\x7e]+$/);
      const { type, parameters } = parse(header);
      expect(type).toBe('attachment');
      expect(parameters.filename).toBe(name);
       
      expect(parse(header, { extended: false }).parameters.filename).toMatch(/^[\x20-\x7e]+$/);
    },
  );

  it('folds accents in the ASCII name rather than dropping the letters', () => {
    expect(parse(attachmentHeader('relatório março.pdf'), { extended: false }).parameters.filename).toBe('relatorio marco.pdf');
  });
});
