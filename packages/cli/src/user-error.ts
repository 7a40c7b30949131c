/**
 * An error the user can fix (a bad flag, a missing file, an unknown run id, an unreachable
 * ClickHouse). The CLI prints its message alone, without a stack, and exits with code 2.
 */
export class CliUserError extends Error {
  override readonly name = 'CliUserError';
}
