/**
 * Demo data for `npm start` on an empty database: an admin, two sales reps, one user without module rights,
 * ten third parties and sixty contacts with French and English names (accents, hyphens, apostrophes), some
 * private, some without email. Deterministic, so screenshots and tests see the same CRM.
 */
import type { Crm } from './crm';

export const DEMO_ADMIN = { login: 'admin', password: 'admin', apiKey: 'demo-admin-key' };

const REPS = [
  { login: 'marie.dupont', password: 'marie', firstname: 'Marie', lastname: 'Dupont', email: 'marie.dupont@example.com', lang: 'fr_FR' },
  { login: 'james.walker', password: 'james', firstname: 'James', lastname: 'Walker', email: 'james.walker@example.com', lang: 'en_US' },
];
const PLAIN_USER = { login: 'lucas.martin', password: 'lucas', firstname: 'Lucas', lastname: 'Martin', email: 'lucas.martin@example.com', lang: 'fr_FR' };
const REP_RIGHTS = ['gcontacts.read', 'gcontacts.sync', 'gcontacts.import'];

const THIRD_PARTIES = [
  { name: 'Boulangerie Lefèvre & Fils', town: 'Lyon', zip: '69002', country: 'France', phone: '+33 4 78 42 10 10', email: 'contact@lefevre-boulangerie.example', url: 'https://lefevre-boulangerie.example', client: true },
  { name: "L'Atelier d'Émilie", town: 'Nantes', zip: '44000', country: 'France', phone: '02 40 12 34 56', email: 'bonjour@atelier-emilie.example', prospect: true },
  { name: 'Château Saint-Éloi', town: 'Bordeaux', zip: '33000', country: 'France', phone: '05 56 00 11 22', url: 'https://chateau-saint-eloi.example', client: true },
  { name: 'Northwind Traders Ltd', town: 'London', zip: 'EC1A 1BB', country: 'United Kingdom', phone: '+44 20 7946 0958', email: 'sales@northwind.example', client: true, supplier: true },
  { name: "O'Brien & Partners", town: 'Dublin', zip: 'D02 X285', country: 'Ireland', phone: '+353 1 555 0142', email: 'office@obrien-partners.example', prospect: true },
  { name: 'Métallerie Gauthier-Roux', town: 'Grenoble', zip: '38000', country: 'France', phone: '04 76 55 44 33', fax: '04 76 55 44 34', supplier: true },
  { name: 'Acme Widgets Inc.', town: 'Boston', zip: '02108', country: 'United States', phone: '+1 617 555 0199', email: 'hello@acme-widgets.example', url: 'acme-widgets.example', client: true },
  { name: 'Pâtisserie Côte d’Azur', town: 'Nice', zip: '06000', country: 'France', phone: '04 93 87 65 43', prospect: true },
  { name: 'Hartley & Sons Engineering', town: 'Manchester', zip: 'M1 1AE', country: 'United Kingdom', phone: '+44 161 496 0000', email: 'info@hartley-eng.example', client: true },
  { name: 'Société Générale de Transports Bréton', town: 'Rennes', zip: '35000', country: 'France', phone: '02 99 88 77 66', email: 'contact@sgt-breton.example', supplier: true },
];

const FRENCH = [
  ['Élodie', 'Lefèvre'], ['François', 'Dubois-Martin'], ['Hélène', "d'Arcy"], ['Jérôme', 'Moreau'], ['Chloé', 'Girard'],
  ['Gaëlle', 'Le Goff'], ['Benoît', 'Fournier'], ['Anaïs', 'Rousseau'], ['Rémi', 'Lambert'], ['Cécile', 'Fontaine'],
  ['Jean-Baptiste', 'Chevalier'], ['Maëlys', 'Bonnet'], ['Loïc', 'Mercier'], ['Noémie', 'Faure'], ['Théo', 'André'],
  ['Clémence', 'Gauthier-Roux'], ['Stéphane', 'Perrin'], ['Inès', 'Morel'], ['Aurélien', 'Blanc'], ['Zoé', 'Guérin'],
  ['Joël', "L'Hermite"], ['Béatrice', 'Roussel'], ['Grégoire', 'Dupré'], ['Léa', 'Lemaître'], ['Hervé', 'Brun'],
  ['Agnès', 'Barbier'], ['Mathéo', 'Colin'], ['Solène', 'Da Silva'], ['Anne-Sophie', 'Vidal'], ['Yannick', 'Kerouac'],
];
const ENGLISH = [
  ['Oliver', 'Bennett'], ['Amelia', "O'Connor"], ['Harry', 'Smith-Jones'], ['Isla', 'Thompson'], ['George', 'McAllister'],
  ['Emily', 'Clarke'], ['Jack', 'Hughes'], ['Sophie', 'Wright'], ['Thomas', "O'Neill"], ['Grace', 'Patel'],
  ['William', 'Fitzgerald'], ['Charlotte', 'Davies'], ['Noah', 'Evans'], ['Mia', 'Robinson'], ['Liam', 'Walsh'],
  ['Ava', 'Campbell'], ['Ethan', 'Lewis'], ['Chloe', 'Morgan-Price'], ['Samuel', 'Baker'], ['Lily', 'Harrison'],
  ['Daniel', 'Turner'], ['Ella', 'Phillips'], ['Joseph', 'Mitchell'], ['Ruby', 'Carter'], ['Henry', 'Kowalski'],
  ['Freya', 'Anderson'], ['Oscar', 'Nguyen'], ['Poppy', 'Murphy'], ['Leo', 'Zhang'], ['Evie', 'Schmidt'],
];
const TITLES = ['Directeur commercial', 'Responsable achats', 'Office manager', 'Head of Sales', 'CEO', 'Comptable', 'Buyer', 'Gérante', 'CTO', 'Assistant'];

/** Small deterministic PRNG (mulberry32): the same demo every time. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
}

/** Seeds when there is no user yet; returns whether it did. */
export async function seedDemo(crm: Crm): Promise<boolean> {
  if ((await crm.users.list()).length > 0) return false;
  const admin = await crm.users.create({ login: DEMO_ADMIN.login, password: DEMO_ADMIN.password, firstname: 'Admin', lastname: 'CRM', admin: true });
  await crm.users.setApiKey(admin.id, DEMO_ADMIN.apiKey);
  const reps = [];
  for (const rep of REPS) {
    const user = await crm.users.create(rep);
    await crm.users.setRights(user.id, REP_RIGHTS);
    reps.push(user);
  }
  await crm.users.create(PLAIN_USER);

  const rnd = random(42);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const thirdParties = [];
  for (const [i, tp] of THIRD_PARTIES.entries()) {
    const created = await crm.thirdParties.create(tp);
    await crm.thirdParties.setSalesReps(created.id, i % 3 === 2 ? reps.map((r) => r.id) : [reps[i % 2]!.id]);
    thirdParties.push(created);
  }

  const people = FRENCH.map((n, i) => ({ n, fr: true, i })).concat(ENGLISH.map((n, i) => ({ n, fr: false, i })));
  for (const [k, { n, fr }] of people.entries()) {
    const [firstname, lastname] = n as [string, string];
    const tp = thirdParties[k % thirdParties.length]!;
    const domain = (tp.email ?? 'mail.example').split('@').pop()!;
    const digits = () => String(Math.floor(rnd() * 1e8)).padStart(8, '0');
    const withEmail = k % 7 !== 3;
    const isPrivate = k % 11 === 5;
    await crm.contacts.create(
      { userId: reps[k % 2]!.id },
      {
        thirdPartyId: k % 13 === 12 ? null : tp.id,
        civility: k % 2 ? 'MR' : 'MME',
        firstname,
        lastname,
        jobTitle: pick(TITLES),
        email: withEmail ? `${slug(firstname)}.${slug(lastname)}@${domain}` : null,
        personalEmail: k % 5 === 0 ? `${slug(firstname)}${k}@gmail.example` : null,
        phoneWork: fr ? `+33 1 ${digits().replace(/(\d\d)(?=\d)/g, '$1 ')}` : `+44 20 ${digits().slice(0, 4)} ${digits().slice(0, 4)}`,
        phoneMobile: k % 3 === 0 ? null : fr ? `06 ${digits().replace(/(\d\d)(?=\d)/g, '$1 ')}` : `+44 7700 ${digits().slice(0, 6)}`,
        address: fr ? `${1 + Math.floor(rnd() * 120)} rue de la République` : `${1 + Math.floor(rnd() * 200)} High Street`,
        zip: tp.zip,
        town: tp.town,
        country: tp.country,
        birthday: k % 4 === 0 ? `19${60 + (k % 35)}-${String(1 + (k % 12)).padStart(2, '0')}-${String(1 + (k % 28)).padStart(2, '0')}` : null,
        note: k % 6 === 0 ? (fr ? 'Rencontré(e) au salon — préfère être appelé(e) le matin.' : 'Met at the trade fair; prefers calls in the morning.') : null,
        private: isPrivate,
      },
      { actorId: reps[k % 2]!.id },
    );
  }
  return true;
}
