/**
 * The pull suites' helpers, on top of the push suites' world (test/integration/sync/helpers.ts): pulling, and
 * changing the account's contacts the way a phone user does — through the sandbox's phone view, an HTML form
 * over HTTP that writes like a phone app (only the fields it shows, with the etag of the page it rendered).
 */
import type { people_v1 } from 'googleapis';
import type { PullOptions } from '../../../src/sync';
import type { RunResult } from '../../../src/sync/run-recorder';
import { googleContacts, googleOf, type SyncWorld } from '../sync/helpers';

export async function pull(world: SyncWorld, options: Partial<PullOptions> = {}): Promise<RunResult> {
  const results = await world.sync.pull({ trigger: 'test', waitForLease: true, accountEmail: world.account.email, ...options });
  const mine = results.find((r) => r.account.id === world.account.id && (r.kind === 'sync' || r.kind === 'reconcile'));
  if (!mine) throw new Error('the pull did not run for the account');
  return mine;
}

export interface PhoneFields {
  givenName?: string;
  familyName?: string;
  phone?: string;
  email?: string;
  company?: string;
  title?: string;
  note?: string;
  /** Group resource names; an edit keeps the person's groups unless given. */
  groups?: string[];
}

const phoneBase = (world: SyncWorld) => `${world.sandbox.url}/phone/${encodeURIComponent(world.account.email)}`;

async function post(url: string, fields: Record<string, string | string[]>): Promise<void> {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const one of ([] as string[]).concat(v)) body.append(k, one);
  const res = await fetch(url, { method: 'POST', body, redirect: 'manual' });
  if (res.status !== 303) throw new Error(`the phone view answered ${res.status}: ${await res.text()}`);
}

/** Edits a contact on the phone: the form shows the person's current values, the user changes some of them. */
export async function phoneEdit(world: SyncWorld, resourceName: string, changes: PhoneFields): Promise<void> {
  const id = resourceName.slice('people/'.length);
  const page = await (await fetch(`${phoneBase(world)}/c/${id}`)).text();
  const etag = /name="etag" value="([^"]+)"/.exec(page)?.[1];
  if (!etag) throw new Error('the phone page shows no etag');
  const { data: p } = await world.google.people.get({ resourceName, personFields: 'names,phoneNumbers,emailAddresses,organizations,biographies,memberships' });
  const shown: PhoneFields = {
    givenName: p.names?.[0]?.givenName ?? '',
    familyName: p.names?.[0]?.familyName ?? '',
    phone: p.phoneNumbers?.[0]?.value ?? '',
    email: p.emailAddresses?.[0]?.value ?? '',
    company: p.organizations?.[0]?.name ?? '',
    title: p.organizations?.[0]?.title ?? '',
    note: p.biographies?.[0]?.value ?? '',
    groups: (p.memberships ?? []).map((m) => m.contactGroupMembership?.contactGroupResourceName).filter((g): g is string => !!g),
  };
  await post(`${phoneBase(world)}/c/${id}`, { etag, ...(Object.fromEntries(Object.entries({ ...shown, ...changes }).filter(([, v]) => v !== undefined)) as Record<string, string | string[]>) });
}

/** Adds a contact on the phone. */
export async function phoneAdd(world: SyncWorld, fields: PhoneFields): Promise<people_v1.Schema$Person> {
  const before = new Set((await googleContacts(world)).map((p) => p.resourceName));
  await post(`${phoneBase(world)}/contacts`, { groups: ['contactGroups/myContacts'], ...(fields as Record<string, string | string[]>) });
  const added = (await googleContacts(world)).filter((p) => !before.has(p.resourceName));
  if (added.length !== 1) throw new Error('the phone add did not make one contact');
  return added[0]!;
}

export async function phoneDelete(world: SyncWorld, resourceName: string): Promise<void> {
  await post(`${phoneBase(world)}/c/${resourceName.slice('people/'.length)}/delete`, {});
}

export async function resourceOf(world: SyncWorld, contactId: number): Promise<string> {
  return (await googleOf(world, contactId)).resourceName!;
}

/** The account's container group (resource name), once a push made it. */
export async function containerOf(world: SyncWorld): Promise<string> {
  const group = (await world.sync.context.stores.groups.list(world.account.id)).find((g) => g.kind === 'container');
  if (!group) throw new Error('the account has no container group yet');
  return group.resourceName;
}

export function requestsOf(world: SyncWorld): number {
  return world.gateways.reduce((n, g) => n + g.requestCount, 0);
}
