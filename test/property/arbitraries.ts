/**
 * fast-check arbitraries for cards. Values come from small pools on purpose: random strings would almost never
 * collide, and the interesting merges are those where two sides hold the same value (often written differently:
 * "06 12 34 56 78" vs "+33612345678", "Jean@X.fr" vs "jean@x.fr").
 */
import fc from 'fast-check';
import type { Card, CardAddress } from '../../src/core/card';

const pick = <T>(...values: T[]) => fc.constantFrom<T>(...values);
const orNull = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null, freq: 3 });

const names = pick('Jean', 'Jean-Éric', 'Hélène', "O'Connor", 'Zoë', 'Ångström', 'Dupont');
const emails = pick('jean@acme.fr', 'Jean@Acme.fr', 'jean.dupont@acme.fr', 'hélène@exemple.fr', 'info@shop.fr');
const phones = pick('06 12 34 56 78', '+33612345678', '+33 6 12 34 56 79', '01 23 45 67 89', '+1 212 555 1234', '+44 20 7946 0958');
const addresses = pick<CardAddress>(
  { street: '12 rue de la Paix', zip: '75002', town: 'Paris', state: null, country: 'France' },
  { street: '12 Rue de la  Paix', zip: '75002', town: 'PARIS', state: null, country: 'france' },
  { street: '1 place Bellecour', zip: '69002', town: 'Lyon', state: null, country: null },
  { street: null, zip: null, town: 'Genève', state: null, country: 'Suisse' },
);

export const cardArb: fc.Arbitrary<Card> = fc.record({
  civility: orNull(pick('MR', 'MME', 'DR', 'Prof.')),
  givenName: orNull(names),
  familyName: orNull(names),
  emailWork: orNull(emails),
  emailHome: orNull(emails),
  phoneWork: orNull(phones),
  phoneHome: orNull(phones),
  phoneMobile: orNull(phones),
  fax: orNull(phones),
  homeAddress: orNull(addresses),
  organisation: orNull(pick('Acme', 'Acme SAS', 'Société Générale')),
  jobTitle: orNull(pick('CTO', 'Directrice', 'Gérant')),
  birthday: orNull(pick('1980-05-12', '--05-12', '2000-02-29', '1975-12-31')),
  note: orNull(pick('Met at the fair', 'Line 1\nLine 2', 'Likes tea')),
});

/** A base card and two sides derived from it: each field kept or changed independently on each side. */
export const threeWayArb = fc
  .tuple(cardArb, cardArb, cardArb, fc.array(fc.boolean(), { minLength: 28, maxLength: 28 }))
  .map(([base, crmOther, googleOther, keep]) => {
    const crm = { ...base };
    const google = { ...base };
    (Object.keys(base) as (keyof Card)[]).forEach((field, i) => {
      if (!keep[2 * i]) Object.assign(crm, { [field]: crmOther[field] });
      if (!keep[2 * i + 1]) Object.assign(google, { [field]: googleOther[field] });
    });
    return { base, crm, google };
  });

export const isoTimeArb = fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString());
