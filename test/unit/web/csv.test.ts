import { expect } from 'chai';
import { csvCell } from '../../../src/web/check-router';

describe('Check report CSV cells', () => {
  it('quotes every cell, doubles quotes, and keeps a Google name that looks like a formula as text', () => {
    expect(csvCell('Anne "Nan" Dupont')).to.equal('"Anne ""Nan"" Dupont"');
    expect(csvCell('=HYPERLINK("http://x")')).to.equal(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell('+33 6 12')).to.equal(`"'+33 6 12"`);
    expect(csvCell('@home')).to.equal(`"'@home"`);
  });
});
