/**
 * The contact list's "Google" column and filter (host contract ListColumn): each contact's state over every
 * account — synced, pending, conflict, not synced — so a user can find what is out of step. Two queries per list
 * page (links, outbox), whatever its length.
 */
import type { Host, ListColumn } from '../host-contract';
import { LIST_STATES, type ListState } from '../core/tab-compare';
import type { SyncContext } from '../sync/context';

export function googleListColumn(host: Host, sync: () => SyncContext): ListColumn {
  const word = (locale: string, state: ListState) => host.i18n.t(locale, `list.google.${state}`);
  return {
    id: 'google',
    list: 'contacts',
    right: 'gcontacts.read',
    label: (locale) => host.i18n.t(locale, 'list.google.label'),
    async cells(contactIds, locale) {
      const states = await sync().stores.listStates.of(contactIds);
      return new Map([...states].map(([id, state]) => [id, { text: word(locale, state), state }]));
    },
    filter: {
      label: (locale) => host.i18n.t(locale, 'list.google.filter'),
      choices: (locale) => LIST_STATES.map((state) => ({ value: state, label: word(locale, state) })),
      select: (value) => sync().stores.listStates.contactsIn(value as ListState),
    },
  };
}
