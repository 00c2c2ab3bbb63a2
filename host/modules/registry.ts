/**
 * The modules page's engine: loads each module's manifest (validated) and entry, keeps its enabled state in
 * llx_module, and runs the lifecycle — enable = bootstrap (migrations, subscriptions, jobs), disable = destroy and
 * release everything, remove data = the module drops its tables.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Knex } from 'knex';
import type { CrmUser, ListColumn, ModuleDefinition } from '../../src/host-contract';
import { loadManifest, type ModuleManifest } from '../../src/module-manifest';
import { HostError } from '../errors';
import { loadCatalog, Translator } from '../i18n';
import { createModuleHost, type HostDeps, type ModuleHandle } from './module-host';

export interface ModuleEntry {
  moduleId: string;
  id: string;
  label: string;
  /** Path inside the module's mount point; a tab's `:id` stands for the contact id. */
  path: string;
}

export interface LoadedModule {
  manifest: ModuleManifest;
  dir: string;
  definition: ModuleDefinition;
  handle: ModuleHandle;
  translator: Translator;
  enabled: boolean;
}

export class ModuleRegistry {
  private readonly modules = new Map<string, LoadedModule>();

  constructor(private readonly deps: HostDeps) {}

  private get db(): Knex {
    return this.deps.db;
  }

  /** Loads a module directory and registers it (no I/O on the module's side); enabled state comes from the DB. */
  async load(dir: string): Promise<LoadedModule> {
    const manifest = loadManifest(join(dir, 'module.json'));
    const entry = (await import(pathToFileURL(join(dir, manifest.entry)).href)) as { default?: ModuleDefinition };
    if (!entry.default || typeof entry.default.bootstrap !== 'function') {
      throw new HostError('CONFIG', `${manifest.entry} of module ${manifest.id} has no default export from defineModule()`);
    }
    const translator = new Translator(loadCatalog(join(dir, manifest.lang)));
    const handle = createModuleHost(this.deps, manifest, translator);
    entry.default.register(handle.host);
    const row = await this.db('llx_module').where('id', manifest.id).first<{ enabled: unknown } | undefined>();
    if (!row) await this.db('llx_module').insert({ id: manifest.id, enabled: 0, version: manifest.version, tms: this.deps.now().toISOString() });
    const loaded: LoadedModule = { manifest, dir, definition: entry.default, handle, translator, enabled: false };
    this.modules.set(manifest.id, loaded);
    if (row && Number(row.enabled)) await this.start(loaded);
    return loaded;
  }

  list(): LoadedModule[] {
    return [...this.modules.values()];
  }

  get(id: string): LoadedModule {
    const found = this.modules.get(id);
    if (!found) throw new HostError('NOT_FOUND', 'error.module_not_found');
    return found;
  }

  enabled(id: string): LoadedModule | null {
    const found = this.modules.get(id);
    return found?.enabled ? found : null;
  }

  async enable(id: string): Promise<void> {
    const mod = this.get(id);
    if (mod.enabled) return;
    await this.start(mod);
    await this.db('llx_module').where('id', id).update({ enabled: 1, version: mod.manifest.version, tms: this.deps.now().toISOString() });
  }

  async disable(id: string): Promise<void> {
    const mod = this.get(id);
    if (!mod.enabled) return;
    try {
      await this.stop(mod);
    } finally {
      await this.db('llx_module').where('id', id).update({ enabled: 0, tms: this.deps.now().toISOString() });
    }
  }

  /** Drops the module's tables; only while disabled, so no job is writing to them. */
  async removeData(id: string): Promise<void> {
    const mod = this.get(id);
    if (mod.enabled) throw new HostError('CONFLICT', 'error.module_enabled');
    await mod.definition.removeData(mod.handle.host);
  }

  async stopAll(): Promise<void> {
    for (const mod of this.modules.values()) if (mod.enabled) await this.stop(mod);
  }

  /** Stops a running module; its subscriptions and jobs are released even if its own destroy() fails. */
  private async stop(mod: LoadedModule): Promise<void> {
    mod.enabled = false;
    try {
      await mod.definition.destroy(mod.handle.host);
    } finally {
      mod.handle.release();
    }
  }

  /** The contact-card tabs and menu entries a user may see, from enabled modules only, labelled in `locale`. */
  async tabsFor(user: CrmUser, locale: string): Promise<ModuleEntry[]> {
    return this.entries(user, locale, (m) => m.manifest.tabs);
  }

  /** The list columns of enabled modules that this user may see, with the query parameter of their filter. */
  async columnsFor(user: CrmUser, list: ListColumn['list']): Promise<{ param: string; column: ListColumn }[]> {
    const out: { param: string; column: ListColumn }[] = [];
    for (const mod of this.modules.values()) {
      if (!mod.enabled) continue;
      for (const column of mod.handle.columns) {
        if (column.list === list && (await this.deps.users.hasRight(user, column.right))) out.push({ param: `${mod.manifest.id}.${column.id}`, column });
      }
    }
    return out;
  }

  async menusFor(user: CrmUser, locale: string): Promise<ModuleEntry[]> {
    return this.entries(user, locale, (m) => m.manifest.menus);
  }

  private async entries(
    user: CrmUser,
    locale: string,
    pick: (m: LoadedModule) => { id: string; labelKey: string; path: string; right: string }[],
  ): Promise<ModuleEntry[]> {
    const out: ModuleEntry[] = [];
    for (const mod of this.modules.values()) {
      if (!mod.enabled) continue;
      for (const entry of pick(mod)) {
        if (!(await this.deps.users.hasRight(user, entry.right))) continue;
        out.push({ moduleId: mod.manifest.id, id: entry.id, path: entry.path, label: mod.translator.t(locale, entry.labelKey) });
      }
    }
    return out;
  }

  private async start(mod: LoadedModule): Promise<void> {
    try {
      await mod.definition.bootstrap(mod.handle.host);
      mod.enabled = true;
    } catch (e) {
      mod.handle.release();
      throw e;
    }
  }
}
