import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { SettingsSchema, type Settings } from '../../shared/api/settings.js';
import type { SettingsPort } from '../services/ports.js';

export const DEFAULT_SETTINGS: Settings = { language: 'ru', idleLockMinutes: 10 };

/**
 * Settings live in a small JSON file beside the database, not in it: the login and lock screens
 * need the language while the database is closed, and nothing here is sensitive. A damaged or
 * hand-edited file is read field by field: what parses is kept, the rest is the default.
 */
export class SettingsFile implements SettingsPort {
  private current: Settings;

  constructor(
    private readonly path: string,
    private readonly log: (message: string) => void = () => {},
  ) {
    this.current = this.read();
  }

  get(): Settings {
    return { ...this.current };
  }

  set(patch: Partial<Settings>): Settings {
    const next = SettingsSchema.parse({ ...this.current, ...patch });
    mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
    // Write then rename: a crash mid-write leaves the old file, never half of one.
    const temporary = `${this.path}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(next, null, 2) + '\n', { mode: 0o600 });
    renameSync(temporary, this.path);
    this.current = next;
    return this.get();
  }

  private read(): Settings {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(this.path, 'utf8'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') this.log(`Settings file ${this.path} is not valid JSON; using the defaults`);
      return { ...DEFAULT_SETTINGS };
    }
    const settings: Settings = { ...DEFAULT_SETTINGS };
    const fields = SettingsSchema.shape;
    for (const key of Object.keys(fields) as (keyof Settings)[]) {
      const parsed = fields[key].safeParse((raw as Record<string, unknown> | null)?.[key]);
      if (parsed.success) (settings as Record<keyof Settings, unknown>)[key] = parsed.data;
      else if ((raw as Record<string, unknown> | null)?.[key] !== undefined) this.log(`Settings file: ${key} is not valid; using the default`);
    }
    return settings;
  }
}
