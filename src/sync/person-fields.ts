/** The person fields the push reads and asks back after a write: what it writes, plus memberships and metadata. */
export const PERSON_FIELDS = [
  'names',
  'emailAddresses',
  'phoneNumbers',
  'addresses',
  'organizations',
  'biographies',
  'birthdays',
  'urls',
  'clientData',
  'memberships',
  'metadata',
] as const;
