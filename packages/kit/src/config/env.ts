/** A configuration value that is missing or malformed; the message is a plain sentence for operators. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

/** Typed readers over an env object; each throws ConfigError naming the variable and what was expected. */
export function envReader(env: Env = process.env) {
  const raw = (name: string): string | undefined => {
    const v = env[name];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  };
  return {
    string(name: string, fallback?: string): string {
      const v = raw(name) ?? fallback;
      if (v === undefined) throw new ConfigError(`${name} is required but not set.`);
      return v;
    },
    optional(name: string): string | undefined {
      return raw(name);
    },
    int(name: string, fallback: number, range: { min?: number; max?: number } = {}): number {
      const v = raw(name);
      if (v === undefined) return fallback;
      if (!/^-?\d+$/.test(v)) throw new ConfigError(`${name} must be a whole number, got "${v}".`);
      const n = Number(v);
      if (range.min !== undefined && n < range.min) throw new ConfigError(`${name} must be at least ${range.min}, got ${n}.`);
      if (range.max !== undefined && n > range.max) throw new ConfigError(`${name} must be at most ${range.max}, got ${n}.`);
      return n;
    },
    bool(name: string, fallback: boolean): boolean {
      const v = raw(name);
      if (v === undefined) return fallback;
      if (/^(1|true|yes|on)$/i.test(v)) return true;
      if (/^(0|false|no|off)$/i.test(v)) return false;
      throw new ConfigError(`${name} must be true or false, got "${v}".`);
    },
    url(name: string, protocols: readonly string[]): string | undefined {
      const v = raw(name);
      if (v === undefined) return undefined;
      let parsed: URL;
      try {
        parsed = new URL(v);
      } catch {
        throw new ConfigError(`${name} must be a URL (${protocols.join(' or ')}), got "${redact(v)}".`);
      }
      if (!protocols.includes(parsed.protocol.replace(/:$/, ''))) {
        throw new ConfigError(`${name} must use ${protocols.join(' or ')}, got "${parsed.protocol}".`);
      }
      return v;
    },
    oneOf<T extends string>(name: string, values: readonly T[], fallback: T): T {
      const v = raw(name);
      if (v === undefined) return fallback;
      if (!(values as readonly string[]).includes(v)) {
        throw new ConfigError(`${name} must be one of ${values.join(', ')}, got "${v}".`);
      }
      return v as T;
    },
  };
}

/** Hides the password part of a connection URL for messages and logs. */
export function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):([^@]+)@/, '//$1:***@');
}
