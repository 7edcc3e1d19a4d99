import { ConfigError } from '../../config/env';

/** The problems a configuration step refuses with (a ConfigError's lines); none when it passes. */
export function configProblems(read: () => unknown): string[] {
  try {
    read();
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}
