/** What every command receives from `runCli`: where it runs and where it writes. */
export interface CommandContext {
  cwd: string;
  environment: Readonly<Record<string, string | undefined>>;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** The command's exit code (0 unless set). */
  setExitCode(code: number): void;
}
