import { describe, expect, it } from 'vitest';
import { tableCsv } from './csv.ts';

describe('report CSV', () => {
  const table = {
    key: 'cityQuarter' as const,
    title: 'Nach Stadtquartier',
    columns: ['Stadtquartier', 'Anteil'],
    rows: [
      ['=HYPERLINK("x")', 12.5],
      ['Nord; Süd', 3],
      ['-1', 0],
    ],
  };

  it('writes a BOM, semicolons, CRLF and the decimal comma in German', () => {
    expect(tableCsv(table, 'de')).toBe('\uFEFFStadtquartier;Anteil\r\n"\'=HYPERLINK(""x"")";12,5\r\n"Nord; Süd";3\r\n\'-1;0\r\n');
    expect(tableCsv(table, 'en').split('\r\n')[1]).toBe('"\'=HYPERLINK(""x"")";12.5');
  });
});
