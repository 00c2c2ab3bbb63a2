/** Builders for core tests: every value a test does not name is empty, so each test shows only what matters. */
import type { CrmContact, ThirdParty } from '../../../src/host-contract';
import { emptyCard, type Card } from '../../../src/core/card';
import type { CompareOptions } from '../../../src/core/normalise';

export const FR: CompareOptions = { region: 'FR' };

export function card(values: Partial<Card> = {}): Card {
  return { ...emptyCard(), ...values };
}

export function crmContact(values: Partial<CrmContact> = {}): CrmContact {
  return {
    id: 1,
    thirdPartyId: null,
    civility: null,
    lastname: 'Dupont',
    firstname: null,
    jobTitle: null,
    email: null,
    personalEmail: null,
    phoneWork: null,
    phoneHome: null,
    phoneMobile: null,
    fax: null,
    address: null,
    zip: null,
    town: null,
    state: null,
    country: null,
    birthday: null,
    note: null,
    private: false,
    status: 1,
    createdBy: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    version: 1,
    ...values,
  };
}

export function thirdParty(values: Partial<ThirdParty> = {}): ThirdParty {
  return {
    id: 10,
    name: 'Acme',
    address: null,
    zip: null,
    town: null,
    state: null,
    country: null,
    phone: null,
    fax: null,
    email: null,
    url: null,
    client: true,
    prospect: false,
    supplier: false,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...values,
  };
}
