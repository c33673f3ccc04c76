import type { Distributions, EsdhConfig } from '../generated/config.js';

type DeepRequired<T> = T extends readonly (infer U)[] ? U[]
  : T extends object ? { [K in keyof T]-?: DeepRequired<NonNullable<T[K]>> | Extract<T[K], null> }
  : T;

/** One profile of the config, as written. */
export type ProfileConfig = NonNullable<EsdhConfig['profiles']>[string];

/** The config after defaults are merged in: every field present. */
export type ResolvedConfig = Omit<DeepRequired<EsdhConfig>, 'profiles' | 'distributions'> & {
  profiles: Record<string, ProfileConfig>;
  /** The shape of the data every profile starts from (a profile's own `distributions` replace it field by field). */
  distributions: Distributions;
  /** Where the config came from (a file path, or 'built-in defaults'). */
  source: string;
  /** The folder relative paths in the config resolve against. */
  baseDir: string;
};

export type { Distributions, EsdhConfig };
