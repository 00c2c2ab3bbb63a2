/**
 * The card: the one normalised shape both sides are mapped into. Diff and merge happen on cards, so the CRM and
 * Google never meet directly. Absent values are `null`, never `undefined` or '', so two cards compare field by
 * field with `===`.
 */
export interface CardAddress {
  street: string | null;
  zip: string | null;
  town: string | null;
  state: string | null;
  country: string | null;
}

export interface Card {
  civility: string | null;
  givenName: string | null;
  familyName: string | null;
  emailWork: string | null;
  emailHome: string | null;
  phoneWork: string | null;
  phoneHome: string | null;
  phoneMobile: string | null;
  fax: string | null;
  homeAddress: CardAddress | null;
  organisation: string | null;
  jobTitle: string | null;
  /** `YYYY-MM-DD`, or `--MM-DD` when the year is unknown (Google allows birthdays without a year). */
  birthday: string | null;
  note: string | null;
}

/** The fields a card has, in the order the GContacts tab shows them. */
export const CARD_FIELDS = [
  'civility',
  'givenName',
  'familyName',
  'emailWork',
  'emailHome',
  'phoneWork',
  'phoneHome',
  'phoneMobile',
  'fax',
  'homeAddress',
  'organisation',
  'jobTitle',
  'birthday',
  'note',
] as const satisfies readonly (keyof Card)[];

export type CardField = (typeof CARD_FIELDS)[number];

export function emptyCard(): Card {
  return {
    civility: null,
    givenName: null,
    familyName: null,
    emailWork: null,
    emailHome: null,
    phoneWork: null,
    phoneHome: null,
    phoneMobile: null,
    fax: null,
    homeAddress: null,
    organisation: null,
    jobTitle: null,
    birthday: null,
    note: null,
  };
}

/**
 * Fields Google never writes back to the CRM (architecture §2 "Google → CRM"): the organisation is the contact's third
 * party, which only the CRM decides, and the fax is not in the list of fields a phone edit may change.
 */
export const CRM_ONLY_FIELDS = ['organisation', 'fax'] as const satisfies readonly CardField[];
