import { expect } from 'chai';
import { civilityKey, civilityToPrefix, prefixToCivility } from '../../../src/core/civility';

describe('core/civility', () => {
  it('writes the CRM civility codes as short prefixes', () => {
    expect(civilityToPrefix('MR')).to.equal('Mr');
    expect(civilityToPrefix('MME')).to.equal('Mrs');
    expect(civilityToPrefix('MLE')).to.equal('Miss');
    expect(civilityToPrefix('MTRE')).to.equal('Me');
    expect(civilityToPrefix('DR')).to.equal('Dr');
  });

  it('reads English and French spellings back as codes, without case or dots', () => {
    expect(prefixToCivility('Mr.')).to.equal('MR');
    expect(prefixToCivility('M.')).to.equal('MR');
    expect(prefixToCivility('Monsieur')).to.equal('MR');
    expect(prefixToCivility('Mme')).to.equal('MME');
    expect(prefixToCivility('mrs')).to.equal('MME');
    expect(prefixToCivility('Mlle')).to.equal('MLE');
    expect(prefixToCivility('Maître')).to.equal('MTRE');
    expect(prefixToCivility('DR.')).to.equal('DR');
  });

  it('round-trips every known code', () => {
    for (const code of ['MR', 'MME', 'MLE', 'MTRE', 'DR']) expect(prefixToCivility(civilityToPrefix(code))).to.equal(code);
  });

  it('passes unknown values through both ways, so a typed prefix is not lost', () => {
    expect(prefixToCivility('Prof.')).to.equal('Prof.');
    expect(civilityToPrefix('Prof.')).to.equal('Prof.');
    expect(civilityToPrefix('Herr')).to.equal('Herr');
  });

  it('is null for empty values', () => {
    expect(civilityToPrefix(null)).to.equal(null);
    expect(civilityToPrefix(' ')).to.equal(null);
    expect(prefixToCivility(undefined)).to.equal(null);
  });

  it('compares "mr", "Mr" and "MR" as one civility', () => {
    expect(civilityKey('mr')).to.equal('MR');
    expect(civilityKey('Mr')).to.equal('MR');
    expect(civilityKey('MR')).to.equal('MR');
    expect(civilityKey('MME')).not.to.equal(civilityKey('MR'));
  });
});
