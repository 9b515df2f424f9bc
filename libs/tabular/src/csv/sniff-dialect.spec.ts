import { sniffDialect } from './sniff-dialect';

describe('sniffDialect', () => {
  it.each([
    ['comma', 'a,b,c\n1,2,3\n4,5,6\n', ','],
    ['semicolon with decimal commas', 'nome;valor;peso\nAna;1,5;2,25\nBia;3,5;4,75\n', ';'],
    ['tab', 'a\tb\n1\t2\n', '\t'],
    ['pipe', 'a|b|c\n1|2|3\n', '|'],
    ['comma with quoted semicolons', 'a,b\n"x;y;z",1\n"p;q",2\n', ','],
    ['one column', 'email\nana@example.com\nbia@example.com\n', ','],
  ])('finds the %s delimiter', (_name, text, delimiter) => {
    expect(sniffDialect(text, true).delimiter).toBe(delimiter);
  });

  it('ignores a title line above the table', () => {
    expect(sniffDialect('Report, March\nid;name;city\n1;Ana;Porto\n2;Bia;Braga\n3;Caio;Faro\n', true).delimiter).toBe(';');
  });

  it('finds the newline outside quotes', () => {
    expect(sniffDialect('a,"multi\nline"\r\n1,2\r\n', true).newline).toBe('\r\n');
    expect(sniffDialect('a,b\r1,2\r', true).newline).toBe('\r');
    expect(sniffDialect('a,b\n1,2\n', true).newline).toBe('\n');
  });

  it("obeys Excel's sep= line and an explicit delimiter", () => {
    expect(sniffDialect('sep=|\r\na|b\r\n1|2\r\n', true)).toEqual({ delimiter: '|', newline: '\r\n', sepLine: true });
    expect(sniffDialect('a;b\n1;2\n', true, ',')).toMatchObject({ delimiter: ',', sepLine: false });
  });

  it('sniffs a first record longer than the sample', () => {
    expect(sniffDialect('x;'.repeat(10_000), false).delimiter).toBe(';');
  });
});
