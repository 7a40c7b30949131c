/**
 * The few git facts the CLI needs, through the `git` executable: the commit and branch a run
 * belongs to (GitHub Actions' variables first, since CI checks out a detached merge commit), and
 * the files changed since a ref for `--changed-since`.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { CliUserError } from '../user-error.js';

const run = promisify(execFile);

async function git(cwd: string, args: string[]): Promise<string> {
  const { stdout } = await run('git', args, { cwd, maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

export async function gitRevision(options: {
  cwd: string;
  environment: Readonly<Record<string, string | undefined>>;
}): Promise<{ sha: string; branch: string }> {
  const { cwd, environment } = options;
  const sha = environment['GITHUB_SHA'] ?? (await git(cwd, ['rev-parse', 'HEAD']).catch(() => ''));
  const branch =
    nonEmpty(environment['GITHUB_HEAD_REF']) ??
    nonEmpty(environment['GITHUB_REF_NAME']) ??
    (await git(cwd, ['rev-parse', '--abbrev-ref', 'HEAD']).catch(() => ''));
  return { sha: sha.trim(), branch: branch.trim() === 'HEAD' ? '' : branch.trim() };
}

/**
 * Absolute paths of the files that differ between the merge base of `ref` and HEAD
 * (`git diff --name-only ref...HEAD`), plus uncommitted changes to tracked files, so that the
 * same command works in CI and on a laptop before committing.
 */
export async function changedFiles(options: { cwd: string; ref: string }): Promise<Set<string>> {
  const { cwd, ref } = options;
  if (ref.startsWith('-'))
    throw new CliUserError(`--changed-since ${ref}: a git ref cannot start with "-"`);
  try {
    const root = (await git(cwd, ['rev-parse', '--show-toplevel'])).trim();
    const committed = await git(cwd, ['diff', '--name-only', '-z', `${ref}...HEAD`, '--']);
    const uncommitted = await git(cwd, ['diff', '--name-only', '-z', 'HEAD', '--']);
    const files = new Set<string>();
    for (const name of `${committed}\0${uncommitted}`.split('\0')) {
      if (name !== '') files.add(`${root}/${name}`);
    }
    return files;
  } catch (error) {
    const detail = String((error as { stderr?: string }).stderr ?? (error as Error).message)
      .trim()
      .split('\n')[0];
    throw new CliUserError(
      `--changed-since ${ref}: git could not list the changed files (${detail}). Run inside a git ` +
        'checkout that has the ref (in GitHub Actions, check out with fetch-depth: 0).',
    );
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
